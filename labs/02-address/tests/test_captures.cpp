// Lab 2 against real traffic recorded from Linux hosts (captures/record.sh), with the expected
// value of every field decoded by tshark (captures/*.tshark.tsv, checksum checks on).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "address/arp.hpp"
#include "address/ipv4_header.hpp"
#include "address/network_interface.hpp"
#include "camnet/host/capture.hpp"
#include "camnet/host/format.hpp"
#include "camnet/memory_link.hpp"
#include "camnet/testing/fields.hpp"
#include "camnet/testing/story.hpp"
#include "dissect.hpp"
#include "frame/ethernet.hpp"

using namespace camnet;
using camnet::testing::FieldList;
using camnet::testing::TsharkTable;
namespace fs = std::filesystem;

namespace {

const fs::path captures = fs::path(CAMNET_LAB_DIR) / "captures";
const char* all_captures[] = {"arp-request-reply", "ping-on-link",   "ping-via-gateway",
                              "gratuitous-arp",    "arp-unanswered", "ip-options-and-fragments",
                              "linux-answers-arp"};

struct Frame {
  std::uint64_t number;
  host::CaptureTime time;
  std::uint32_t wire_length;
  std::vector<std::uint8_t> bytes;
};

std::vector<Frame> read_frames(const fs::path& path) {
  host::CaptureReader reader(path.string());
  std::vector<Frame> frames;
  while (auto r = reader.next())
    frames.push_back({r->number, r->time, r->wire_length, {r->bytes.begin(), r->bytes.end()}});
  return frames;
}

std::string hex4(std::uint16_t v) {
  return fmt::format("0x{:04x}", v);
}

// What the student's parsers make of a frame, under tshark's field names and formats.
FieldList student_fields(const Frame& frame) {
  FieldList got;
  auto eth = EthernetView::check(frame.bytes);
  if (!eth)
    return {{"eth", fmt::format("failed: {}", to_string(eth.error()))}};
  if (eth->ethertype() == ethertype::arp) {
    auto arp = ArpView::check(eth->payload());
    if (!arp)
      return {{"arp", fmt::format("failed: {}", to_string(arp.error()))}};
    ArpMessage m = ArpMessage::parse(*arp);
    got = {{"arp.hw.type", "1"},
           {"arp.proto.type", "0x0800"},
           {"arp.hw.size", "6"},
           {"arp.proto.size", "4"},
           {"arp.opcode", std::to_string(m.opcode)},
           {"arp.src.hw_mac", std::string(m.sender_mac.text())},
           {"arp.src.proto_ipv4", std::string(m.sender_ip.text())},
           {"arp.dst.hw_mac", std::string(m.target_mac.text())},
           {"arp.dst.proto_ipv4", std::string(m.target_ip.text())}};
    if (m.is_gratuitous())
      got.push_back({"arp.isgratuitous", "1"});
  } else if (eth->ethertype() == ethertype::ipv4) {
    auto ip = Ipv4View::check(eth->payload());
    if (!ip)
      return {{"ip", fmt::format("failed: {}", to_string(ip.error()))}};
    got = {{"ip.version", std::to_string(ip->version())},
           {"ip.hdr_len", std::to_string(ip->header_length())},
           {"ip.dsfield", fmt::format("0x{:02x}", (ip->dscp() << 2) | ip->ecn())},
           {"ip.len", std::to_string(ip->total_length())},
           {"ip.id", hex4(ip->identification())},
           {"ip.flags.df", ip->dont_fragment() ? "1" : "0"},
           {"ip.flags.mf", ip->more_fragments() ? "1" : "0"},
           {"ip.frag_offset", std::to_string(ip->fragment_offset())},
           {"ip.ttl", std::to_string(ip->ttl())},
           {"ip.proto", std::to_string(ip->protocol())},
           {"ip.checksum", hex4(ip->checksum())},
           {"ip.checksum.status", "1"},  // tshark: 1 = good; a bad one would not have parsed
           {"ip.src", std::string(ip->source().text())},
           {"ip.dst", std::string(ip->destination().text())}};
  }
  return got;
}

FieldList tshark_fields(const TsharkTable& table, std::size_t row) {
  FieldList expected;
  for (const std::string& column : table.columns()) {
    bool ours = column.rfind("arp.", 0) == 0 || column.rfind("ip.", 0) == 0;
    if (ours && column != "ip.opt.type" && !table.at(row, column).empty()) {
      expected.push_back({column, table.at(row, column)});
    }
  }
  return expected;
}

// The part of a `camnet dissect` line that lab 2 adds, built from tshark's values alone.
std::string expected_address_summary(const TsharkTable& t, std::size_t row) {
  if (!t.at(row, "arp.opcode").empty()) {
    bool request = t.at(row, "arp.opcode") == "1";
    if (t.at(row, "arp.isgratuitous") == "1") {
      return fmt::format("gratuitous ARP for {} ({})", t.at(row, "arp.src.proto_ipv4"),
                         request ? "request" : "reply");
    }
    if (request)
      return fmt::format("who has {}? tell {}", t.at(row, "arp.dst.proto_ipv4"),
                         t.at(row, "arp.src.proto_ipv4"));
    return fmt::format("{} is at {}", t.at(row, "arp.src.proto_ipv4"), t.at(row, "arp.src.hw_mac"));
  }
  std::string s = fmt::format("{} > {}  {}  ttl {}  id {}", t.at(row, "ip.src"),
                              t.at(row, "ip.dst"), t.at(row, "ip.proto") == "1" ? "ICMP" : "?",
                              t.at(row, "ip.ttl"), t.at(row, "ip.id"));
  if (t.at(row, "ip.flags.df") == "1")
    s += "  DF";
  int offset = std::stoi(t.at(row, "ip.frag_offset"));
  bool more = t.at(row, "ip.flags.mf") == "1";
  if (more || offset != 0)
    s += fmt::format("  fragment offset {}{}", offset * 8, more ? " MF" : "");
  int header = std::stoi(t.at(row, "ip.hdr_len"));
  if (header > 20)
    s += fmt::format("  options {} bytes", header - 20);
  return s;
}

std::vector<std::uint8_t> without_padding(const std::vector<std::uint8_t>& frame,
                                          std::size_t length) {
  return {frame.begin(), frame.begin() + static_cast<long>(std::min(frame.size(), length))};
}

}  // namespace

TEST_CASE("every ARP message and IPv4 header in the lab 2 captures parses to what tshark decoded",
          "[lab2][points:3]") {
  for (const char* name : all_captures) {
    auto frames = read_frames(captures / (std::string(name) + ".pcap"));
    TsharkTable table =
        TsharkTable::load((captures / (std::string(name) + ".tshark.tsv")).string());
    REQUIRE(frames.size() == table.rows());
    for (std::size_t i = 0; i < frames.size(); ++i) {
      std::string diff =
          testing::field_diff(fmt::format("{}.pcap, packet {}", name, frames[i].number),
                              tshark_fields(table, i), student_fields(frames[i]));
      if (!diff.empty())
        FAIL_CHECK(diff);
    }
  }
}

TEST_CASE("camnet dissect describes each ARP message and IPv4 header as tshark decoded it",
          "[lab2][points:2]") {
  for (const char* name : all_captures) {
    auto frames = read_frames(captures / (std::string(name) + ".pcap"));
    TsharkTable table =
        TsharkTable::load((captures / (std::string(name) + ".tshark.tsv")).string());
    for (std::size_t i = 0; i < frames.size(); ++i) {
      fmt::memory_buffer line;
      dissect::append_frame_summary(line, frames[i].wire_length, frames[i].bytes);
      std::string text = fmt::to_string(line);
      std::string expected = expected_address_summary(table, i);
      INFO(name << ".pcap, packet " << frames[i].number << ": " << text);
      REQUIRE(text.size() >= expected.size());
      CHECK(text.substr(text.size() - expected.size()) == expected);
    }
  }
}

TEST_CASE("the interface answers a Linux host's ARP requests exactly as the Linux kernel did",
          "[lab2][points:3]") {
  // linux-answers-arp.pcap: the laptop (192.168.10.20) asks three times for 192.168.10.42, and the
  // camera's Linux kernel answers; then it asks twice for 192.168.10.77, which Linux ignores. The
  // student's interface, configured as the camera, gets the laptop's frames and must send what
  // Linux sent: every byte of the 42-byte reply (Linux does not pad; the interface pads to 60 with
  // zeros, which the comparison allows), and nothing for .77.
  testing::Story story;
  auto frames = read_frames(captures / "linux-answers-arp.pcap");
  const MacAddress camera({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01});
  auto wire = std::make_unique<MemoryMedium<2, 64>>();
  Port port(wire->station(0));
  NetworkInterface interface(port, camera, *Ipv4Prefix::parse("192.168.10.42/24"));
  std::vector<std::vector<std::uint8_t>> linux_sent, we_sent;
  for (const Frame& f : frames) {
    auto eth = EthernetView::check(f.bytes);
    REQUIRE(eth.ok());
    if (eth->source() == camera) {
      linux_sent.push_back(f.bytes);
      continue;
    }
    story.step("frame {} from the laptop reaches the interface", f.number);
    interface.receive(f.bytes);
    while (auto out = wire->station(1).receive())
      we_sent.emplace_back(out->bytes().begin(), out->bytes().end());
  }
  REQUIRE(linux_sent.size() == 3);
  CHECK(we_sent.size() == linux_sent.size());
  for (std::size_t i = 0; i < std::min(we_sent.size(), linux_sent.size()); ++i) {
    std::string diff = testing::frame_diff(fmt::format("reply {}", i + 1), linux_sent[i],
                                           without_padding(we_sent[i], linux_sent[i].size()));
    if (!diff.empty())
      FAIL_CHECK(diff);
    for (std::size_t b = linux_sent[i].size(); b < we_sent[i].size(); ++b)
      CHECK(we_sent[i][b] == 0);
  }
}

TEST_CASE("sending to a far host, the interface asks for the gateway's MAC as Linux did",
          "[lab2][points:2]") {
  // ping-via-gateway.pcap: the camera (192.168.10.42/24, gateway .1) pings 198.51.100.20. Linux's
  // first frame is an ARP request for the gateway, never for the far host. The student's
  // next_hop() and interface must send the same request (padding aside).
  auto frames = read_frames(captures / "ping-via-gateway.pcap");
  TsharkTable table = TsharkTable::load((captures / "ping-via-gateway.tshark.tsv").string());
  REQUIRE(table.at(0, "arp.opcode") == "1");
  std::size_t ping = 0;
  while (ping < frames.size() && table.at(ping, "ip.dst") != "198.51.100.20")
    ++ping;
  REQUIRE(ping < frames.size());

  auto wire = std::make_unique<MemoryMedium<2, 64>>();
  Port port(wire->station(0));
  Ipv4Prefix camera = *Ipv4Prefix::parse("192.168.10.42/24");
  NetworkInterface interface(port, MacAddress({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01}), camera);
  auto eth = EthernetView::check(frames[ping].bytes);
  REQUIRE(eth.ok());
  auto ip = Ipv4View::check(eth->payload());
  REQUIRE(ip.ok());
  std::optional<Ipv4Address> hop =
      next_hop(camera, *Ipv4Address::parse("192.168.10.1"), ip->destination());
  REQUIRE(hop.has_value());
  CHECK(hop->text() == "192.168.10.1");
  interface.send_datagram(ip->datagram(), *hop);
  auto sent = wire->station(1).receive();
  REQUIRE(sent.has_value());
  std::vector<std::uint8_t> ours(sent->bytes().begin(), sent->bytes().end());
  std::string diff = testing::frame_diff("the first frame sent", frames[0].bytes,
                                         without_padding(ours, frames[0].bytes.size()));
  if (!diff.empty())
    FAIL_CHECK(diff);
}

#ifdef CAMNET_HAVE_CORPUS
TEST_CASE("every capture in the third-party corpus goes through lab 2's dissection without a crash",
          "[lab2][points:1]") {
  int frames = 0;
  std::string first_todo;  // the dissector shows a TODO inline; this test needs lab 2 written
  for (const auto& entry : fs::recursive_directory_iterator(CAMNET_CORPUS_DIR)) {
    std::string ext = entry.path().extension().string();
    if (ext != ".pcap" && ext != ".pcapng")
      continue;
    try {
      host::CaptureReader reader(entry.path().string());
      while (auto r = reader.next()) {
        ++frames;
        fmt::memory_buffer out;
        dissect::append_summary_line(out, r->number, std::chrono::nanoseconds(0), r->wire_length,
                                     r->bytes, dissect::Options{Fcs::absent, 2});
        std::string line = fmt::to_string(out);
        if (std::size_t at = line.find("TODO(lab"); at != std::string::npos && first_todo.empty())
          first_todo = line.substr(at, line.find(']', at) - at);
        CHECK_FALSE(dissect::explain_frame(r->number, r->wire_length, r->bytes,
                                           dissect::Options{Fcs::absent, 2})
                        .empty());
      }
    } catch (const host::CaptureError&) {
      // A broken file: the capture reader's own tests check its one-line message.
    }
  }
  if (!first_todo.empty())
    FAIL("the dissection reached " << first_todo);
  CHECK(frames > 100);
}

TEST_CASE(
    "every ARP message and IPv4 header in the third-party corpus parses to what tshark decoded",
    "[lab2][points:2]") {
  // tests/corpus/*.tshark.tsv: tshark's decode of 20 captures from tcpdump's, Zeek's and
  // PcapPlusPlus's test suites (tests/corpus/decode_corpus.sh). A header tshark finds with a bad
  // checksum must be refused as bad_checksum; frames the capture cut short are left out.
  int compared = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(CAMNET_LAB_DIR) / "tests" / "corpus")) {
    std::string name = entry.path().filename().string();
    if (!name.ends_with(".tshark.tsv"))
      continue;
    std::string stem = name.substr(0, name.size() - std::string(".tshark.tsv").size());
    std::size_t dash = stem.find('-');
    fs::path capture =
        fs::path(CAMNET_CORPUS_DIR) / stem.substr(0, dash) / (stem.substr(dash + 1) + ".pcap");
    auto frames = read_frames(capture);
    TsharkTable table = TsharkTable::load(entry.path().string());
    REQUIRE(frames.size() == table.rows());
    for (std::size_t i = 0; i < frames.size(); ++i) {
      bool ip = !table.at(i, "ip.version").empty();
      if (table.at(i, "arp.opcode").empty() && !ip)
        continue;
      if (table.at(i, "frame.cap_len") != table.at(i, "frame.len"))
        continue;
      std::string packet =
          fmt::format("{}, packet {}", capture.filename().string(), frames[i].number);
      if (ip && table.at(i, "ip.checksum.status") == "0") {
        auto eth = EthernetView::check(frames[i].bytes);
        REQUIRE(eth.ok());
        auto view = Ipv4View::check(eth->payload());
        INFO(packet << ": tshark says the IPv4 checksum is wrong");
        REQUIRE_FALSE(view.ok());
        CHECK(view.error() == Ipv4Error::bad_checksum);
        ++compared;
        continue;
      }
      std::string diff =
          testing::field_diff(packet, tshark_fields(table, i), student_fields(frames[i]));
      if (!diff.empty())
        FAIL_CHECK(diff);
      ++compared;
    }
  }
  CHECK(compared > 100);
}

TEST_CASE("the corpus's broken IPv4 headers are told apart as tcpdump and Zeek describe them",
          "[lab2][points:2]") {
  // labs/corpus/SOURCES.md: IHL 4; Total Length 85 with 84 bytes; 19 bytes of header; Total
  // Length 0; checksum 0x0001 where 0x7cca is right.
  struct Case {
    const char* file;
    Ipv4Error error;
  };
  for (Case c :
       {Case{"tcpdump/ipv4_invalid_hdr_length.pcap", Ipv4Error::bad_header_length},
        Case{"tcpdump/ipv4_invalid_total_length.pcap", Ipv4Error::total_length_beyond_frame},
        Case{"tcpdump/ipv4_invalid_length.pcap", Ipv4Error::truncated},
        Case{"zeek/ip-bogus-header-len.pcap", Ipv4Error::total_length_too_short},
        Case{"zeek/ip4-bad-chksum.pcap", Ipv4Error::bad_checksum}}) {
    auto frames = read_frames(fs::path(CAMNET_CORPUS_DIR) / c.file);
    REQUIRE(frames.size() == 1);
    auto eth = EthernetView::check(frames[0].bytes);
    REQUIRE(eth.ok());
    auto ip = Ipv4View::check(eth->payload());
    INFO(c.file);
    REQUIRE_FALSE(ip.ok());
    CHECK(ip.error() == c.error);
  }
  fmt::memory_buffer line;
  auto bad = read_frames(fs::path(CAMNET_CORPUS_DIR) / "zeek/ip4-bad-chksum.pcap");
  dissect::append_frame_summary(line, bad[0].wire_length, bad[0].bytes);
  CHECK_THAT(fmt::to_string(line), Catch::EndsWith("[bad checksum 0x0001, should be 0x7cca]"));
}
#endif
