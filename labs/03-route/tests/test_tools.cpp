// camnet route running lab 3's router over the Linux router's captures (captures/<scenario>/):
// a replay that matches, and one that does not (an expected capture altered by hand). Bad input
// is tools/route/tests/test_route_command.cpp's: refusing it runs no lab code.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "camnet/testing/catch.hpp"

#include "camnet/host/capture.hpp"
#include "camnet/testing/process.hpp"
#include "route_command.hpp"

using camnet::test::camnet_tool;
using camnet::test::route_args;
using camnet::test::scratch;
using camnet::testing::CommandResult;
namespace fs = std::filesystem;

namespace {

const fs::path captures = fs::path(CAMNET_LAB_DIR) / "captures";

int count_frames(const fs::path& pcap) {
  camnet::host::CaptureReader reader(pcap.string());
  int n = 0;
  while (reader.next())
    ++n;
  return n;
}

}  // namespace

TEST_CASE("camnet route replays the traceroute captures and matches what Linux sent",
          "[lab3][points:2]") {
  fs::path out = scratch("route-traceroute");
  CommandResult run = camnet_tool(
      route_args(captures / "traceroute", out, "--expect " + (captures / "traceroute").string()));
  INFO(run.out << run.err);
  REQUIRE(run.status == 0);
  CHECK(run.err.empty());
  // The log, frame by frame: the first TTL-1 probe and what the router did with it.
  CHECK_THAT(run.out, Catch::Contains("TTL would reach 0: dropped"));
  CHECK_THAT(run.out, Catch::Contains("if0.out.pcap: 10 frames, all match"));
  CHECK_THAT(run.out, Catch::Contains("if1.out.pcap: 7 frames, all match"));
  // The masks are named with their reasons.
  CHECK_THAT(run.out, Catch::Contains("ip.id of an ICMP message the router made itself"));
  // What it sent is in DIR/NAME.out.pcap: as many frames as Linux sent (10 and 7, README).
  CHECK(count_frames(out / "if0.out.pcap") == 10);
  CHECK(count_frames(out / "if1.out.pcap") == 7);
}

TEST_CASE("camnet route shows a field-by-field diff and exits 1 when a frame differs",
          "[lab3][points:2]") {
  // A copy of Linux's ping-through captures whose if1.out frame 2 (the first echo request, TTL 63
  // after R1) has its TTL changed to 99 by hand: the router's TTL 63 must show as the difference.
  fs::path expect = scratch("route-altered-expect");
  fs::path linux_dir = captures / "ping-through";
  fs::copy_file(linux_dir / "if0.out.pcap", expect / "if0.out.pcap",
                fs::copy_options::overwrite_existing);
  {
    camnet::host::CaptureReader reader((linux_dir / "if1.out.pcap").string());
    camnet::host::CaptureWriter writer((expect / "if1.out.pcap").string());
    while (auto r = reader.next()) {
      std::vector<std::uint8_t> bytes(r->bytes.begin(), r->bytes.end());
      if (r->number == 2) {
        REQUIRE(bytes.at(22) == 63);  // 14 (Ethernet) + 8: the TTL
        bytes[22] = 99;
      }
      writer.write(r->time, bytes);
    }
  }
  fs::path out = scratch("route-altered-out");
  CommandResult run =
      camnet_tool(route_args(captures / "ping-through", out, "--expect " + expect.string()));
  INFO(run.out << run.err);
  CHECK(run.status == 1);
  CHECK_THAT(run.out, Catch::Contains("if0.out.pcap: 4 frames, all match"));
  CHECK_THAT(run.out, Catch::Contains("if1.out.pcap: DIFFERS"));
  CHECK_THAT(run.out, Catch::Contains("if1.out frame 2:"));
  CHECK_THAT(run.out, Catch::Matches("[\\s\\S]*ip\\.ttl +99 +63[\\s\\S]*"));
  CHECK(run.err == "camnet: route: what the router sent differs from " + expect.string() +
                       " on 1 of 2 interfaces (see above)\n");
}
