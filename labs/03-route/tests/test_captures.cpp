// Lab 3 against a real Linux router: captures/<scenario>/ holds what Linux's R1 received on each
// interface (if0.in.pcap, if1.in.pcap), what it sent (if0.out.pcap, if1.out.pcap) and its
// configuration (router.conf). Your Router, built from router.conf, gets the `in` frames merged by
// timestamp (its clock ticked between them) and must send what Linux sent, on each interface, frame
// by frame, field by field. The expected values are Linux's own bytes, decoded field by field under
// tshark's names by tools/route/frame_fields.hpp, which reads them at the RFCs' fixed offsets, uses
// none of the lab code, and is checked against tshark's decode of every one of these captures
// (tools/route/tests/test_frame_fields.cpp).
//
// Fields NOT compared, and why (nothing else is masked):
//   - ip.id and ip.checksum of an ICMP message your router makes itself (time exceeded,
//     unreachable, fragmentation needed): Linux picks the identification from a per-destination
//     hash (captures/README.md, "What changes between recordings"), yours is a counter; the header
//     checksum covers it. ip.checksum.status is still compared: your checksum must be right.
//   - eth.padding: Linux's veth does not pad short frames (an ARP reply is 42 bytes there); your
//     interface pads to 60 bytes as Ethernet requires. The padding bytes are not compared.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "camnet/host/capture.hpp"
#include "camnet/testing/fields.hpp"
#include "camnet/testing/story.hpp"
#include "frame_fields.hpp"
#include "route_replay.hpp"
#include "router_config.hpp"

using namespace camnet;
namespace fs = std::filesystem;

namespace {

const fs::path captures = fs::path(CAMNET_LAB_DIR) / "captures";

std::vector<std::vector<std::uint8_t>> read_frames(const fs::path& path) {
  host::CaptureReader reader(path.string());
  std::vector<std::vector<std::uint8_t>> frames;
  while (auto r = reader.next())
    frames.emplace_back(r->bytes.begin(), r->bytes.end());
  return frames;
}

// Replays `scenario` through your router and compares what it sent with what Linux sent. Every
// mask used must be in `allowed` (the fields named at the top of this file).
void replay_matches_linux(const std::string& scenario, const std::set<std::string>& allowed) {
  testing::Story story;
  const fs::path dir = captures / scenario;
  replay::RouterConfig config = replay::load_router_config((dir / "router.conf").string());
  replay::ConfiguredRouter setup(config);
  story.step("{}: a router configured from router.conf ({} interfaces, {} routes{})", scenario,
             config.interfaces.size(), config.routes.size(),
             config.nat ? ", NAT on " + setup.name(config.nat->interface) : std::string());
  std::vector<std::pair<std::size_t, std::string>> inputs;
  for (std::size_t i = 0; i < setup.interface_count(); ++i)
    inputs.emplace_back(i, (dir / (setup.name(i) + ".in.pcap")).string());
  std::vector<replay::InputFrame> frames = replay::read_inputs(inputs);
  REQUIRE(!frames.empty());

  replay::ReplayResult result = replay::replay(setup, frames, [&](const replay::ReplayStep& step) {
    const replay::InputFrame& in = *step.input;
    story.step("at {:.6f} s frame {} of {}.in.pcap arrives on {}: {}",
               std::chrono::duration<double>(step.since_start).count(), in.number,
               setup.name(in.interface), setup.name(in.interface), replay::brief(in.bytes));
    for (const auto& [interface, frame] : step.sent)
      story.step("    your router sends on {}: {}", setup.name(interface),
                 replay::brief(frame.bytes));
    if (step.sent.empty())
      story.step("    your router sends nothing");
  });

  for (std::size_t i = 0; i < setup.interface_count(); ++i) {
    const std::string name = setup.name(i) + ".out";
    std::vector<std::vector<std::uint8_t>> linux_sent = read_frames(dir / (name + ".pcap"));
    // Linux's capture is the one tshark decoded (the committed TSV has one row per frame).
    REQUIRE(testing::TsharkTable::load((dir / (name + ".tshark.tsv")).string()).rows() ==
            linux_sent.size());
    std::vector<std::vector<std::uint8_t>> ours;
    for (const replay::SentFrame& f : result.sent[i])
      ours.push_back(f.bytes);
    replay::InterfaceComparison c = replay::compare_frames(fmt::format("{}: {}", scenario, name),
                                                           linux_sent, ours, setup.addresses());
    for (const replay::MaskedField& m : c.masked) {
      INFO(m.reason);
      CHECK(allowed.count(m.field) == 1);
    }
    if (!c.matches())
      FAIL_CHECK(c.report);
  }
}

}  // namespace

TEST_CASE("pings through the router are forwarded both ways exactly as Linux forwarded them",
          "[lab3][points:3]") {
  // cam's ARP request (answered), three echo requests 10.0.0.42 -> 198.51.100.20 (TTL 64 -> 63,
  // after an ARP request for the next hop 192.0.2.2, never for the far host), three replies back
  // (TTL 63 -> 62). Only the TTL, the header checksum and the MAC addresses change.
  replay_matches_linux("ping-through", {"eth.padding"});
}

TEST_CASE("traceroute probes get time exceeded from the router or are forwarded as by Linux",
          "[lab3][points:3]") {
  // Probes with TTL 1 are answered with the router's own time exceeded (from 10.0.0.1, TTL 64, TOS
  // 0xc0, quoting the whole 60-byte probe); TTL 2 and 3 leave with TTL 1 and 2; R2's errors and the
  // server's port unreachable are forwarded back.
  replay_matches_linux("traceroute", {"eth.padding", "ip.id", "ip.checksum"});
}

TEST_CASE("a ping whose TTL runs out at the router is answered with time exceeded as by Linux",
          "[lab3][points:2]") {
  // Two echo requests with TTL 1: two time exceeded (IP length 112 = 20 + 8 + the whole 84-byte
  // request), nothing on if1.
  replay_matches_linux("ttl-expired", {"eth.padding", "ip.id", "ip.checksum"});
}

TEST_CASE("a ping with no route is answered with network unreachable as by Linux",
          "[lab3][points:2]") {
  // 203.0.113.5 matches no route (no default route): destination unreachable, code 0, quoting the
  // request with its TTL still 64 (refused before the TTL is decremented).
  replay_matches_linux("unreachable", {"eth.padding", "ip.id", "ip.checksum"});
}

TEST_CASE("a datagram too big for the next link is fragmented, or refused with DF, as by Linux",
          "[lab3][points:4]") {
  // if1 has MTU 1000. A 1428-byte request without DF leaves as 996 + 452 bytes (976 data bytes, a
  // multiple of 8, then 432); the reply's fragments from R2 are forwarded as they are; the same
  // request with DF gets fragmentation needed with MTU 1000, 576 bytes long.
  replay_matches_linux("fragmentation", {"eth.padding", "ip.id", "ip.checksum"});
}

TEST_CASE("UDP through the NAT leaves from the router's address and comes back as Linux did it",
          "[lab3][points:3]") {
  // Linux's MASQUERADE: 10.0.0.42:40000 -> 198.51.100.20:5000 leaves as 192.0.2.1:40000 (the port
  // kept), TTL 63, IP and UDP checksums updated; the echoes to 192.0.2.1:40000 come back to
  // 10.0.0.42:40000 with TTL 62.
  replay_matches_linux("nat-udp", {"eth.padding"});
}

TEST_CASE("a TCP connection through the NAT is translated segment by segment as Linux did it",
          "[lab3][points:3]") {
  // SYN, SYN-ACK, data both ways, FINs: only addresses, TTL and the IP and TCP checksums change;
  // ports, sequence numbers and options are untouched.
  replay_matches_linux("nat-tcp", {"eth.padding"});
}
