// `camnet route` refuses bad input (an unknown interface, a missing or broken capture, a mistake
// in the configuration, an incomplete --expect folder) with one line naming the file and exit
// status 2, before any lab code runs: so this is a tool test, not a graded lab 3 test.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "camnet/testing/catch.hpp"

#include "camnet/testing/process.hpp"
#include "route_command.hpp"

using camnet::test::camnet_tool;
using camnet::test::route_args;
using camnet::test::scratch;
using camnet::testing::CommandResult;
namespace fs = std::filesystem;

const fs::path captures = CAMNET_LAB3_CAPTURES;

TEST_CASE("camnet route refuses bad input with one line naming the file and exit status 2",
          "[tool]") {
  fs::path dir = captures / "ping-through";
  fs::path out = scratch("route-bad");
  std::string config = (dir / "router.conf").string();

  SECTION("an interface the configuration does not have") {
    CommandResult run =
        camnet_tool("route --config " + config + " --in if9=" + (dir / "if0.in.pcap").string() +
                    " --out " + out.string());
    CHECK(run.status == 2);
    CHECK(run.err == "camnet: --in if9=" + (dir / "if0.in.pcap").string() +
                         ": unknown interface 'if9' (" + config + " has if0, if1)\n");
  }
  SECTION("a capture that does not exist") {
    fs::path missing = out / "nothing.pcap";
    CommandResult run = camnet_tool("route --config " + config + " --in if0=" + missing.string() +
                                    " --out " + out.string());
    CHECK(run.status == 2);
    CHECK_THAT(run.err, Catch::StartsWith("camnet: " + missing.string() + ": "));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  }
  SECTION("a capture whose second record is cut short") {
    // The first 100 bytes of if0.in.pcap: the 24-byte file header, the first record (16 + 42
    // bytes, cam's ARP request) and 18 bytes of the second record's 16-byte header and data.
    fs::path broken = out / "broken.pcap";
    {
      std::ifstream in(dir / "if0.in.pcap", std::ios::binary);
      std::vector<char> head(100);
      in.read(head.data(), 100);
      std::ofstream(broken, std::ios::binary).write(head.data(), 100);
    }
    CommandResult run = camnet_tool("route --config " + config + " --in if0=" + broken.string() +
                                    " --out " + out.string());
    CHECK(run.status == 2);
    CHECK_THAT(run.err, Catch::StartsWith("camnet: " + broken.string() + ": record 2: "));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  }
  SECTION("a mistake in the configuration") {
    fs::path conf = out / "r1.conf";
    std::ofstream(conf) << "interface if0 mac 02:00:00:00:01:00 address 10.0.0.1/24\n"
                           "route 198.51.100.0/24 via 192.0.2.2 dev if1\n";
    CommandResult run = camnet_tool("route --config " + conf.string() + " --out " + out.string());
    CHECK(run.status == 2);
    CHECK(run.err ==
          "camnet: " + conf.string() + ":2: unknown interface 'if1' (interfaces so far: if0)\n");
  }
  SECTION("--expect without a capture for every interface") {
    fs::path empty = scratch("route-empty-expect");
    CommandResult run =
        camnet_tool(route_args(captures / "ping-through", out, "--expect " + empty.string()));
    CHECK(run.status == 2);
    CHECK(run.err == "camnet: " + (empty / "if0.out.pcap").string() +
                         ": no such file (--expect needs one capture per interface, "
                         "NAME.out.pcap)\n");
  }
}
