// camnet ip and camnet arp running lab 2's code. Expected values are worked out by hand from the
// RFCs, or taken from what the Linux kernel did in the recorded captures.
#include <filesystem>
#include <string>

#include "camnet/testing/catch.hpp"

#include "camnet/host/capture.hpp"
#include "camnet/testing/process.hpp"

using camnet::testing::CommandResult;
namespace fs = std::filesystem;

namespace {
const fs::path captures = fs::path(CAMNET_LAB_DIR) / "captures";
CommandResult camnet_tool(const std::string& args) {
  return camnet::testing::run_command(std::string(CAMNET_EXE) + " " + args);
}
}  // namespace

TEST_CASE("camnet ip gives the book's answers for its /24 example", "[lab2][points:1]") {
  CommandResult run = camnet_tool("ip 192.168.10.42/24 198.51.100.20 --gateway 192.168.10.1");
  INFO(run.out << run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.out, Catch::Contains("netmask     255.255.255.0\n"));
  CHECK_THAT(run.out, Catch::Contains("network     192.168.10.0/24\n"));
  CHECK_THAT(run.out, Catch::Contains("broadcast   192.168.10.255\n"));
  CHECK_THAT(run.out,
             Catch::Contains("hosts       192.168.10.1 to 192.168.10.254  (254 usable)\n"));
  CHECK_THAT(run.out, Catch::Contains("198.51.100.20  next hop 192.168.10.1 (via the gateway)"));
}

TEST_CASE("camnet ip on a /30 shows its two hosts, and an on-link pair", "[lab2][points:1]") {
  CommandResult run = camnet_tool("ip 10.0.0.5/30 10.0.0.6");
  INFO(run.out << run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.out, Catch::Contains("netmask     255.255.255.252\n"));
  CHECK_THAT(run.out, Catch::Contains("hosts       10.0.0.5 to 10.0.0.6  (2 usable)\n"));
  CHECK_THAT(run.out, Catch::Contains("10.0.0.6  is on-link"));
}

TEST_CASE("camnet ip refuses a malformed prefix with one line", "[lab2][points:1]") {
  CommandResult run = camnet_tool("ip 192.168.10.300/24");
  INFO(run.err);
  CHECK(run.status == 1);
  CHECK(run.err == "camnet: '192.168.10.300/24' is not an address with a prefix (a.b.c.d/n)\n");
}

TEST_CASE("camnet arp replays Linux's ARP exchange and writes the interface's replies",
          "[lab2][points:2]") {
  fs::path out = fs::path(camnet::testing::scratch_dir()) / "arp-out.pcap";
  CommandResult run =
      camnet_tool("arp " + (captures / "linux-answers-arp.pcap").string() +
                  " --ip 192.168.10.42 --mac 02:00:00:c4:3e:01 --out " + out.string());
  INFO(run.out << run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.out, Catch::Contains("cache  + 192.168.10.20 is at 00:1b:21:3a:4f:10"));
  CHECK_THAT(run.out, Catch::Contains("sent 3 ARP replies and 0 ARP requests"));
  camnet::host::CaptureReader reader(out.string());
  int replies = 0;
  while (reader.next())
    ++replies;
  CHECK(replies == 3);  // Linux answered three requests for .42, none for .77
}
