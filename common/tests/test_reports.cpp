// What a student sees when a test fails (camnet/testing/test_main.cpp): a TODO reached is one line,
// CAMNET_DETAILS=1 gives the whole report, and a test that runs out of time prints its steps.
// Each case runs this same program again on one of the hidden demo tests below,
// the way CTest runs a test, and reads what it printed.
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "camnet/testing/catch.hpp"

#include "camnet/panic.hpp"
#include "camnet/testing/process.hpp"
#include "camnet/testing/story.hpp"

using camnet::testing::CommandResult;

namespace {

// Runs one demo test of this program, with `environment` in front (e.g. "CAMNET_DETAILS=1").
CommandResult run_demo(const std::string& name,
                       const std::string& environment = "CAMNET_DETAILS=0") {
  static const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  return camnet::testing::run_command(environment + " '" + self + "' '" + name + "'");
}

}  // namespace

// The demo tests: hidden ([.]), run only by name from the tests below.
TEST_CASE("demo: a test that reaches a TODO", "[.][demo]") {
  camnet::testing::Story story;
  story.step("a switch with 3 ports starts with an empty table");
  CHECK(1 + 1 == 2);
  camnet::todo("TODO(lab 9): write the demo function (handout §0)");
}

TEST_CASE("demo: a test that never ends", "[.][demo]") {
  camnet::testing::Story story;
  story.step("port 0 receives a frame 02:00:00:00:00:0a -> ff:ff:ff:ff:ff:ff");
  story.step("1.000 s pass");
  for (;;)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

TEST_CASE("a test that reaches a TODO says so in one line: its name and the TODO", "[common]") {
  CommandResult run = run_demo("demo: a test that reaches a TODO");
  INFO(run.out << run.err);
  CHECK(run.status != 0);
  CHECK(run.out ==
        "demo: a test that reaches a TODO: TODO(lab 9): write the demo function (handout §0)\n");
}

TEST_CASE("CAMNET_DETAILS=1 shows the whole report of a TODO: where it stopped, and the steps",
          "[common]") {
  CommandResult run = run_demo("demo: a test that reaches a TODO", "CAMNET_DETAILS=1");
  INFO(run.out << run.err);
  CHECK(run.status != 0);
  CHECK_THAT(run.out, Catch::Contains("1. a switch with 3 ports starts with an empty table"));
  CHECK_THAT(run.out, Catch::Contains("test_reports.cpp"));
  CHECK_THAT(run.out, Catch::Contains("TODO(lab 9): write the demo function (handout §0)"));
  CHECK_THAT(run.out, Catch::Contains("test cases: 1 | 1 failed"));
}

TEST_CASE("a test still running at its time limit prints its steps so far, and why it stopped",
          "[common]") {
  // CTest's limit 3 s: the test's own watchdog stops it a second earlier.
  CommandResult run = run_demo("demo: a test that never ends", "CAMNET_TEST_TIMEOUT=3");
  INFO(run.out << run.err);
  CHECK(run.status == 1);
  CHECK_THAT(run.out, Catch::Contains("What happened, step by step:\n"
                                      "  1. port 0 receives a frame 02:00:00:00:00:0a -> "
                                      "ff:ff:ff:ff:ff:ff\n"
                                      "  2. 1.000 s pass\n"));
  CHECK_THAT(run.out, Catch::Contains("This test was still running after 2 s and was stopped"));
}
