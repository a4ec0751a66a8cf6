// The camnet tool running lab 1's code: dissect, explain and switch over real captures.
// Expected values come from tshark's decode (captures/*.tshark.tsv) and the Linux bridge's own
// output.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "camnet/host/capture.hpp"
#include "camnet/testing/fields.hpp"
#include "camnet/testing/process.hpp"

using namespace camnet;
using camnet::testing::CommandResult;
namespace fs = std::filesystem;

namespace {

const fs::path captures = fs::path(CAMNET_LAB_DIR) / "captures";

CommandResult camnet_tool(const std::string& args) {
  return camnet::testing::run_command(std::string(CAMNET_EXE) + " " + args);
}

std::vector<std::vector<std::uint8_t>> frames_of(const fs::path& path) {
  host::CaptureReader reader(path.string());
  std::vector<std::vector<std::uint8_t>> frames;
  while (auto r = reader.next())
    frames.emplace_back(r->bytes.begin(), r->bytes.end());
  return frames;
}

}  // namespace

TEST_CASE("camnet dissect prints every frame before a broken record, then one line naming it",
          "[lab1][points:1]") {
  // two-hosts.pcap's first record, then a record header promising 98 bytes with only 40 behind it.
  std::ifstream in(captures / "two-hosts.pcap", std::ios::binary);
  std::vector<char> bytes(24 + 16);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::uint32_t caplen = static_cast<std::uint8_t>(bytes[32]) | static_cast<std::uint8_t>(bytes[33])
                                                                    << 8;
  std::vector<char> first(caplen);
  in.read(first.data(), caplen);
  bytes.insert(bytes.end(), first.begin(), first.end());
  const char cut[16] = {0, 0, 0, 0, 0, 0, 0, 0, 98, 0, 0, 0, 98, 0, 0, 0};
  bytes.insert(bytes.end(), cut, cut + 16);
  bytes.insert(bytes.end(), 40, '\x55');
  fs::path path = fs::path(camnet::testing::scratch_dir()) / "cut-after-one.pcap";
  std::ofstream(path, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));

  CommandResult run = camnet_tool("dissect " + path.string());
  INFO("camnet said: " << run.err);
  CHECK(run.status == 1);
  CHECK(run.err ==
        "camnet: " + path.string() +
            ": record 2: truncated record: the header promises 98 bytes, the file holds 40\n");
  CHECK_THAT(run.out, Catch::StartsWith("     1  ") &&
                          Catch::Contains("00:1b:21:3a:4f:10 > ff:ff:ff:ff:ff:ff"));
  CHECK(std::count(run.out.begin(), run.out.end(), '\n') == 1);
}

TEST_CASE("camnet explain shows a Q-in-Q frame's two tags nested inside its Ethernet header",
          "[lab1][points:1]") {
  // tshark on qinq.pcap frame 1: 802.1ad tag VLAN 100, then 802.1Q tag VLAN 20, then ARP (0x0806).
  CommandResult run = camnet_tool("explain " + (captures / "qinq.pcap").string() + " -n 1");
  INFO("camnet said:\n" << run.out << run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.out, Catch::StartsWith("Frame 1: 50 bytes on the wire, 50 captured\n"));
  // One line per field: offset, bytes, then the field indented by how deeply it is nested.
  CHECK_THAT(run.out, Catch::Contains("\n  0       ff ff ff ff ff ff          Destination: "
                                      "ff:ff:ff:ff:ff:ff (broadcast) [eth.dst]\n"));
  CHECK_THAT(run.out,
             Catch::Contains("\n                                     802.1ad service tag 1\n"));
  CHECK_THAT(run.out, Catch::Contains("\n  12      88 a8                        Tag protocol id: "
                                      "0x88a8 (802.1ad) [eth.type]\n"));
  CHECK_THAT(run.out, Catch::Contains(
                          "\n  14      00 64                        Priority | DEI | VLAN id: "
                          "priority 0, drop eligible 0, VLAN 100 [ieee8021ad.priority/dei/id]\n"));
  CHECK_THAT(run.out, Catch::Contains("\n                                     802.1Q tag 2\n"));
  CHECK_THAT(run.out,
             Catch::Contains("\n  18      00 14                        Priority | DEI | VLAN id: "
                             "priority 0, drop eligible 0, VLAN 20 [vlan.priority/dei/id]\n"));
  CHECK_THAT(run.out,
             Catch::Contains(
                 "\n  20      08 06                      EtherType: 0x0806 (ARP) [vlan.etype]\n"));
}

TEST_CASE(
    "camnet switch over the bridge's input writes what the Linux bridge sent out of each port",
    "[lab1][points:2]") {
  fs::path out = fs::path(camnet::testing::scratch_dir()) / "switch-out";
  std::string args = "switch --ports 3 --out " + out.string();
  for (int p = 1; p <= 3; ++p)
    args += " --in " + (captures / fmt::format("bridge-port{}-in.pcap", p)).string();
  CommandResult run = camnet_tool(args);
  INFO("camnet said:\n" << run.out << run.err);
  REQUIRE(run.status == 0);
  for (int p = 1; p <= 3; ++p) {
    auto expected = frames_of(captures / fmt::format("bridge-port{}-out.pcap", p));
    // The bridge's interfaces were swp1 to swp3; the switch's ports count from 0.
    auto got = frames_of(out / fmt::format("port{}.pcap", p - 1));
    INFO("port " << p - 1 << " (the bridge's swp" << p << ")");
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      std::string diff =
          testing::frame_diff(fmt::format("port {}, frame {}", p - 1, i + 1), expected[i], got[i]);
      if (!diff.empty())
        FAIL_CHECK(diff);
    }
  }
  // The bridge learned host a on swp1 (bridge-fdb.txt): the switch's port 0.
  CHECK_THAT(run.out, Catch::Contains("52:54:00:00:00:0a  port 0"));
}

TEST_CASE("camnet dissect -w writes each frame back through lab 1, short ones padded to 60 bytes",
          "[lab1][points:1]") {
  // IEEE 802.3: a frame shorter than 60 bytes (without FCS) is padded with zeros to 60.
  fs::path out = fs::path(camnet::testing::scratch_dir()) / "round-trip.pcap";
  CommandResult run =
      camnet_tool("dissect -w " + out.string() + " " + (captures / "two-hosts.pcap").string());
  INFO("camnet said: " << run.err);
  REQUIRE(run.status == 0);
  auto in = frames_of(captures / "two-hosts.pcap");
  auto written = frames_of(out);
  REQUIRE(written.size() == in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    std::vector<std::uint8_t> expected = in[i];
    if (expected.size() < 60)
      expected.resize(60, 0);
    std::string diff = testing::frame_diff(fmt::format("frame {}", i + 1), expected, written[i]);
    if (!diff.empty())
      FAIL_CHECK(diff);
  }
}
