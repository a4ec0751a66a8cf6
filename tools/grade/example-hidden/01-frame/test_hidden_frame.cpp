// An example of an instructor's hidden tests for lab 1 (see ../README.md). They are compiled
// against the student's lab 1 at grading time, and tagged like the lab's own tests; the visibility
// tag says when the student sees the result.
#include <fstream>
#include <string>

#include "camnet/testing/catch.hpp"

#include "camnet/host/capture.hpp"
#include "frame/crc32.hpp"
#include "frame/ethernet.hpp"
#include "frame/mac_address.hpp"

using namespace camnet;

TEST_CASE("the CRC-32 of each text in the instructor's list is the value zlib gives",
          "[lab1][points:2][visibility:hidden]") {
  // The list sits beside this file (CAMNET_HIDDEN_DIR): hidden data never reaches students.
  std::string path = std::string(CAMNET_HIDDEN_DIR) + "/data/crc32-check-values.tsv";
  std::ifstream list(path);
  INFO("the list " << path);
  REQUIRE(list.is_open());
  std::string line;
  int checked = 0;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    std::string text = line.substr(0, line.find('\t'));
    std::uint32_t want =
        static_cast<std::uint32_t>(std::stoul(line.substr(line.find('\t') + 1), nullptr, 16));
    INFO("the text \"" << text << "\"");
    CHECK(crc32(Bytes{reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}) == want);
    ++checked;
  }
  CHECK(checked == 5);
}

TEST_CASE("a MAC address with a one-digit pair or an underscore is not a MAC address",
          "[lab1][points:1][visibility:after_due_date]") {
  CHECK_FALSE(MacAddress::parse("0:1b:21:3a:4f:10").has_value());
  CHECK_FALSE(MacAddress::parse("00_1b_21_3a_4f_10").has_value());
  CHECK_FALSE(MacAddress::parse("00:1b:21:3a:4f:1g").has_value());
}

TEST_CASE("no frame of the course's two-hosts.pcap comes from a group address",
          "[lab1][points:1][visibility:after_published]") {
  // The course's own captures are there too (CAMNET_LAB_DIR): a hidden test may read them.
  host::CaptureReader reader(std::string(CAMNET_LAB_DIR) + "/captures/two-hosts.pcap");
  int frames = 0;
  while (auto record = reader.next()) {
    auto view = EthernetView::check(record->bytes);
    REQUIRE(view.ok());
    CHECK_FALSE(view->source().is_multicast());
    ++frames;
  }
  CHECK(frames > 0);
}
