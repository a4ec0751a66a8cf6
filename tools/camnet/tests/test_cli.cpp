// The camnet tool on bad input: every mistake ends as one line on standard error naming what is
// wrong, with a non-zero exit status, and nothing crashes. (These cases never reach lab code, so
// they pass on both tracks; the tool's lab behaviour is tested with each lab.)
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "camnet/testing/catch.hpp"

#include "camnet/testing/process.hpp"
#include "camnet/testing/skip.hpp"

namespace fs = std::filesystem;
using camnet::testing::CommandResult;

namespace {

CommandResult camnet_tool(const std::string& args) {
  return camnet::testing::run_command(std::string(CAMNET_EXE) + " " + args);
}

fs::path scratch(const std::string& name) {
  return fs::path(camnet::testing::scratch_dir()) / name;
}

void write_bytes(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

// A pcap file header (24 bytes, little-endian, from the pcap format), Ethernet link type.
std::vector<std::uint8_t> pcap_header() {
  return {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0};
}

}  // namespace

TEST_CASE("a capture with a bad magic number gives one line naming the file, and exit status 1",
          "[tool]") {
  fs::path file = scratch("bad-magic.pcap");
  write_bytes(file, std::vector<std::uint8_t>(40, 0xde));
  CommandResult run = camnet_tool("dissect " + file.string());
  CHECK(run.status == 1);
  CHECK(run.err == "camnet: " + file.string() +
                       ": file header: bad magic number dededede (a pcap file "
                       "starts with a1b2c3d4 or d4c3b2a1, a pcapng file with 0a0d0d0a)\n");
}

TEST_CASE("a capture whose first record is cut short gives one line naming the record", "[tool]") {
  std::vector<std::uint8_t> file = pcap_header();
  // The record header promises 98 bytes (0x62); 40 follow.
  std::vector<std::uint8_t> record{0, 0xf1, 0x53, 0x65, 0, 0, 0, 0, 98, 0, 0, 0, 98, 0, 0, 0};
  file.insert(file.end(), record.begin(), record.end());
  file.insert(file.end(), 40, 0xab);
  fs::path path = scratch("cut-first-record.pcap");
  write_bytes(path, file);
  for (const char* command : {"dissect ", "explain -n 1 "}) {
    CommandResult run = camnet_tool(command + path.string());
    INFO(command);
    CHECK(run.status == 1);
    CHECK(run.err ==
          "camnet: " + path.string() +
              ": record 1: truncated record: the header promises 98 bytes, the file holds 40\n");
  }
}

TEST_CASE("dissect and explain refuse a capture of a link type they do not read, in one line",
          "[tool]") {
  // 105 is LINKTYPE_IEEE802_11 (Wi-Fi frames without radio information): not Ethernet, not cooked.
  std::vector<std::uint8_t> file = pcap_header();
  file[20] = 105;
  fs::path path = scratch("wifi.pcap");
  write_bytes(path, file);
  for (const char* command : {"dissect ", "explain -n 1 "}) {
    CommandResult run = camnet_tool(command + path.string());
    INFO(command);
    CHECK(run.status == 1);
    CHECK(run.err == "camnet: " + path.string() +
                         ": file header: unsupported link type 105 (IEEE802_11); camnet reads "
                         "Ethernet captures (link type 1) and Linux cooked captures (113, 276)\n");
  }
}

TEST_CASE(
    "a command that replays Ethernet frames refuses a Linux cooked capture, naming the "
    "commands that read it",
    "[tool]") {
  std::vector<std::uint8_t> file = pcap_header();
  file[20] = 113;  // LINKTYPE_LINUX_SLL, what `tcpdump -i any` wrote before tcpdump 4.99
  fs::path path = scratch("sll.pcap");
  write_bytes(path, file);
  CommandResult run = camnet_tool("switch --ports 1 --in " + path.string() + " --out " +
                                  scratch("switch-sll").string());
  CHECK(run.status == 1);
  CHECK(run.err == "camnet: " + path.string() +
                       ": file header: unsupported link type 113 (LINUX_SLL); this command "
                       "replays Ethernet captures (link type 1) only; camnet dissect and explain "
                       "read Linux cooked ones too\n");
}

TEST_CASE("dissect -w and --fcs on a Linux cooked capture are refused in one line", "[tool]") {
  std::vector<std::uint8_t> file = pcap_header();
  file[20] = 20;  // 276 = 0x114, LINKTYPE_LINUX_SLL2, little-endian
  file[21] = 1;
  fs::path path = scratch("sll2.pcap");
  write_bytes(path, file);
  CommandResult write =
      camnet_tool("dissect -w " + scratch("out.pcap").string() + " " + path.string());
  CHECK(write.status == 1);
  CHECK(write.err == "camnet: " + path.string() +
                         ": -w writes each frame back through lab 1's Ethernet code, so it needs "
                         "an Ethernet capture, not a Linux cooked one\n");
  CommandResult fcs = camnet_tool("dissect --fcs " + path.string());
  CHECK(fcs.status == 1);
  CHECK(fcs.err == "camnet: " + path.string() +
                       ": --fcs is for Ethernet captures; a Linux cooked capture's packets have "
                       "no FCS\n");
}

TEST_CASE("explain of a frame past the end says how many frames there are", "[tool]") {
  std::vector<std::uint8_t> file = pcap_header();
  std::vector<std::uint8_t> record{0, 0xf1, 0x53, 0x65, 0, 0, 0, 0, 60, 0, 0, 0, 60, 0, 0, 0};
  for (int i = 0; i < 2; ++i) {
    file.insert(file.end(), record.begin(), record.end());
    file.insert(file.end(), 60, 0x02);
  }
  fs::path path = scratch("two-frames.pcap");
  write_bytes(path, file);
  CommandResult run = camnet_tool("explain " + path.string() + " -n 3");
  CHECK(run.status == 1);
  CHECK(run.err == "camnet: " + path.string() + ": has 2 frames, so there is no frame 3\n");
}

TEST_CASE("a capture that does not exist gives one line naming it", "[tool]") {
  CommandResult run = camnet_tool("explain /nonexistent/x.pcap -n 1");
  CHECK(run.status == 1);
  CHECK(run.err == "camnet: /nonexistent/x.pcap: cannot open: No such file or directory\n");
}

TEST_CASE("an unknown option is refused with a one-line error and exit status 2", "[tool]") {
  CommandResult run = camnet_tool("dissect --no-such-option x.pcap");
  CHECK(run.status == 2);
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  CHECK_THAT(run.err, Catch::Contains("--no-such-option"));
}

TEST_CASE("a bad BPF filter is refused with one line naming it", "[tool]") {
  fs::path path = scratch("empty.pcap");
  write_bytes(path, pcap_header());
  CommandResult run = camnet_tool("dissect -f 'ip and and' " + path.string());
  CHECK(run.status == 1);
  CHECK_THAT(run.err,
             Catch::StartsWith("camnet: " + path.string() + ": bad filter 'ip and and': "));
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
}

TEST_CASE("switch with fewer captures than ports says so in one line", "[tool]") {
  CommandResult run =
      camnet_tool("switch --ports 3 --in a.pcap --in b.pcap --out " + scratch("sw").string());
  CHECK(run.status == 1);
  CHECK(run.err == "camnet: --ports 3 needs 3 --in captures, one per port; got 2\n");
}

TEST_CASE("every subcommand explains itself with --help", "[tool]") {
  for (const char* sub : {"dissect", "explain", "switch"}) {
    CommandResult run = camnet_tool(std::string(sub) + " --help");
    INFO(sub);
    CHECK(run.status == 0);
    CHECK_THAT(run.out, Catch::Contains("Usage"));
  }
}

TEST_CASE("camnet trace refuses a bad destination or hop count with one line", "[tool]") {
  // trace reads its addresses with lab 2's Ipv4Address::parse: on the student track, until the
  // student writes it, there is no tool behaviour to check yet.
  if (CommandResult probe = camnet_tool("trace -m 0");
      probe.err.find("TODO(lab") != std::string::npos)
    camnet::testing::skip_test("camnet trace needs lab 2's Ipv4Address::parse: " + probe.err);
  CommandResult bad_address = camnet_tool("trace --to 198.51.100.300");
  CHECK(bad_address.status == 1);
  CHECK(bad_address.err == "camnet: --to '198.51.100.300' is not an IPv4 address (a.b.c.d)\n");
  CommandResult bad_hops = camnet_tool("trace -m 0");
  CHECK(bad_hops.status == 1);
  CHECK(bad_hops.err == "camnet: -m 0 is not a number of hops from 1 to 255 (a TTL)\n");
  CommandResult unknown = camnet_tool("trace --via R3");
  CHECK(unknown.status == 2);
  CHECK_THAT(unknown.err, Catch::StartsWith("camnet: ") && Catch::Contains("--via"));
}
