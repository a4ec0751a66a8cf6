// Reading a test program's tests and points, selecting one test by its name, and saying in one line
// why a test failed.
#include <numeric>
#include <string>

#include "camnet/testing/catch.hpp"

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

TEST_CASE("a test's verdict comes from its own channel: one whole run of the one test asked for",
          "[grade]") {
  std::string name = "the CRC-32 of \"123456789\" is the standard check value 0xCBF43926";
  Command command{{CAMNET_LAB1_TESTS, catch_test_spec(name), "--use-colour", "no"},
                  {},
                  {{"CAMNET_VERDICT_FD", "3"}},
                  3};
  RunResult r = run(command, {});
  INFO(r.output);
  INFO(r.verdict);
  REQUIRE(r.ending == Ending::exited);
  VerdictReading reading = read_verdict(r.verdict, name);
  CHECK(reading.problem.empty());
  // Passed on the reference track; failed on its TODO on the student track.
  CHECK(reading.passed == (r.exit_code == 0));
  CHECK(r.output.find("test passed") == std::string::npos);  // the channel is not the output

  std::string whole = "test passed 2 0 " + name + "\nrun 1 0\n";
  CHECK(read_verdict(whole, name).passed);
  CHECK(read_verdict(whole, name).problem.empty());
  CHECK_FALSE(read_verdict("test failed 1 1 " + name + "\nrun 0 1\n", name).passed);
  CHECK(read_verdict("test failed 1 1 " + name + "\nrun 0 1\n", name).problem.empty());
  // What a forged or cut-short run leaves: nothing, no end of the run, another test, junk.
  CHECK_THAT(read_verdict("", name).problem, Catch::Contains("ended before its test did"));
  CHECK_THAT(read_verdict("test passed 2 0 " + name + "\n", name).problem,
             Catch::Contains("ended before its run did"));
  CHECK_THAT(read_verdict("test passed 2 0 another test\nrun 1 0\n", name).problem,
             Catch::Contains("did not run the one test it was asked to run"));
  CHECK_THAT(read_verdict(whole + whole, name).problem, Catch::Contains("something else"));
  CHECK_THAT(read_verdict("All tests passed (1 assertion in 1 test case)\n", name).problem,
             Catch::Contains("something else"));
  for (const std::string& forged :
       std::vector<std::string>{"", "test passed 2 0 " + name + "\n",
                                "test passed 2 0 another test\nrun 1 0\n", whole + whole}) {
    CHECK_FALSE(read_verdict(forged, name).passed);
  }
}
