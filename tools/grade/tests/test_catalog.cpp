// Reading a test program's tests and points, selecting one test by its name, and saying in one line
// why a test failed.
#include <numeric>
#include <string>

#include <catch2/catch.hpp>

#include "grader.hpp"
#include "process.hpp"

using namespace camnet::grade;

TEST_CASE("lab 1's tests are read with their points and visibility", "[grade]") {
  std::vector<TestInfo> tests = read_test_catalog(CAMNET_LAB1_TESTS, 1, false);
  REQUIRE(tests.size() > 20);
  for (const TestInfo& t : tests) {
    INFO(t.name);
    CHECK(t.lab == 1);
    CHECK(t.points > 0);
    CHECK_FALSE(t.from_hidden);
  }
  auto crc = std::find_if(tests.begin(), tests.end(), [](const TestInfo& t) {
    return t.name == "the CRC-32 of \"123456789\" is the standard check value 0xCBF43926";
  });
  REQUIRE(crc != tests.end());
  CHECK(crc->points == 2);
  CHECK(crc->visibility == Visibility::visible);
}

TEST_CASE("a test a program does not declare the lab of is refused, naming the test", "[grade]") {
  CHECK_THROWS_WITH(read_test_catalog(CAMNET_LAB1_TESTS, 2, false),
                    Catch::Contains("is tagged [lab1] but belongs to lab 2"));
}

TEST_CASE("a test whose name holds quotes is selected by its name alone", "[grade]") {
  std::string name = "the CRC-32 of \"123456789\" is the standard check value 0xCBF43926";
  CHECK(catch_test_spec(name) ==
        "the CRC-32 of \\\"123456789\\\" is the standard check value 0xCBF43926");
  CHECK(catch_test_spec("a, b [c] *d* ~e \\") == "a\\, b \\[c\\] \\*d\\* \\~e \\\\");
  RunResult r = run({{CAMNET_LAB1_TESTS, catch_test_spec(name), "--use-colour", "no"}, {}, {}}, {});
  INFO(r.output);
  REQUIRE(r.ending == Ending::exited);
  // Passed (reference track) or failed on its TODO (student track): either way, that test alone.
  bool one = r.output.find("in 1 test case)") != std::string::npos ||
             r.output.find("test cases: 1 | 1 failed") != std::string::npos;
  CHECK(one);
}

TEST_CASE("a failure is said in one line: the TODO reached, or where and what failed", "[grade]") {
  CHECK(failure_reason("...\ndue to unexpected exception with message:\n"
                       "  TODO(lab 1): read the EtherType (handout §3)\n") ==
        "TODO(lab 1): read the EtherType (handout §3)");
  CHECK(failure_reason("the EtherType is read: TODO(lab 1): read the EtherType (handout §3)\n") ==
        "TODO(lab 1): read the EtherType (handout §3)");
  CHECK(failure_reason("----\nlabs/01-frame/tests/test_crc32.cpp:18: FAILED:\n"
                       "  CHECK( crc32(ascii(\"a\")) == 0xE8B7BE43u )\nwith expansion:\n"
                       "  0 == 3904355907\n\n=====\n") ==
        "labs/01-frame/tests/test_crc32.cpp:18: CHECK( crc32(ascii(\"a\")) == 0xE8B7BE43u ) "
        "with expansion: 0 == 3904355907");
  CHECK(failure_reason("SKIPPED: needs root\n") == "SKIPPED: needs root");
  CHECK(failure_reason("something odd\nthe last word\n\n") == "the last word");
  CHECK(failure_reason("") == "it failed, printing nothing");
}
