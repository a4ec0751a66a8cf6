#include <filesystem>
#include <fstream>

#include "camnet/testing/catch.hpp"

#include "camnet/testing/fields.hpp"
#include "camnet/testing/story.hpp"

using namespace camnet::testing;

TEST_CASE("a field diff lists only the fields that differ, expected beside got", "[common]") {
  FieldList expected{
      {"eth.dst", "ff:ff:ff:ff:ff:ff"}, {"eth.src", "02:00:00:c4:3e:01"}, {"eth.type", "0x0806"}};
  FieldList got{{"eth.dst", "ff:ff:ff:ff:ff:ff"}, {"eth.src", "01:3e:c4:00:00:02"}};
  std::string diff = field_diff("packet 7", expected, got);
  CHECK_THAT(diff, Catch::StartsWith("packet 7: 2 of 3 fields differ"));
  CHECK_THAT(diff, Catch::Contains("eth.src") && Catch::Contains("01:3e:c4:00:00:02"));
  CHECK_THAT(diff, Catch::Contains("(missing)"));
  CHECK_FALSE(Catch::Contains("eth.dst").match(diff));
  CHECK(field_diff("packet 1", expected, expected).empty());
}

TEST_CASE("a frame diff names the Ethernet field where two frames differ", "[common]") {
  std::vector<std::uint8_t> a(60, 0), b(60, 0);
  a[12] = 0x08;
  b[12] = 0x08;
  b[7] = 0x01;  // inside the source address
  std::string diff = frame_diff("frame 3", a, b);
  CHECK_THAT(diff, Catch::StartsWith("frame 3: 1 of"));
  CHECK_THAT(diff, Catch::Contains("eth.src"));
  CHECK(frame_diff("frame 3", a, a).empty());
}

TEST_CASE("a story numbers its steps", "[common]") {
  Story story;
  story.step("port {} receives a frame", 1);
  story.step("5.000 s pass");
  CHECK(Story::current_text() ==
        "What happened, step by step:\n  1. port 1 receives a frame\n  2. 5.000 s pass\n"
        "(the failed check follows)\n");
}

TEST_CASE("a tshark table gives cells by row and column name", "[common]") {
  auto path = std::filesystem::temp_directory_path() / "camnet-table.tsv";
  std::ofstream(path)
      << "frame.number\teth.src\tvlan.id\n1\t02:00:00:00:00:01\t\n2\t52:54:00:00:00:0b\t10,20\n";
  TsharkTable table = TsharkTable::load(path.string());
  REQUIRE(table.rows() == 2);
  CHECK(table.at(0, "eth.src") == "02:00:00:00:00:01");
  CHECK(table.at(0, "vlan.id").empty());
  CHECK(table.at(1, "vlan.id") == "10,20");
  CHECK_THROWS(table.at(0, "ip.src"));
}
