// The main() of every camnet test program: Catch2, plus what makes failures readable.
//  - A TODO reached in the student edition fails that one test with the TODO's own message, in one
//    line: `test name: TODO(lab 1): ... (handout §3)`. CAMNET_DETAILS=1 (or an explicit
//    `-r console`) shows Catch2's whole report instead: where the test stopped, and its steps.
//  - A test that tells a Story (numbered steps) gets the steps printed before its first failure.
//  - A test that runs out of time prints its steps so far and why it was stopped, just before CTest
//    would stop it without a word (CAMNET_TEST_TIMEOUT, set by CTest for the lab tests).
//  - With CAMNET_FIND_UNPRINTABLE set in the environment (and -s, so that passing checks are
//    reported too), every check whose values Catch cannot print ({?}) is listed on standard error.
//    cmake/check_printers.cmake runs each lab's tests so: a value a student could not read fails
//    the build's conventions test, not a student. (The printers: camnet/testing/printers.hpp.)
//  - With CAMNET_VERDICT_FD set (by `camnet grade`), each test's outcome and the run's totals are
//    written to that descriptor, which only the grader reads: its verdict, not the console text a
//    student's code could print too (tools/grade/grader.cpp, verdict_of).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include <unistd.h>

#include <fmt/format.h>

#include "camnet/host/runtime.hpp"
#include "camnet/testing/story.hpp"

CATCH_TRANSLATE_EXCEPTION(const camnet::host::TodoReached& todo) {
  return std::string(todo.what()) +
         "\n(this part of the lab is still a TODO: write it, then run the test again)";
}

CATCH_TRANSLATE_EXCEPTION(const camnet::host::Panic& panic) {
  return std::string("the stack stopped on purpose: ") + panic.what();
}

namespace {

bool details_wanted() {
  const char* details = std::getenv("CAMNET_DETAILS");
  return details != nullptr && *details != '\0' && std::strcmp(details, "0") != 0;
}

// The TODO message of a failure that is a TODO reached (its first line), or "" for any other.
std::string todo_reached(const Catch::AssertionResult& result) {
  if (result.isOk() || result.getResultType() != Catch::ResultWas::ThrewException)
    return "";
  std::string message = result.getMessage();
  if (message.rfind("TODO(lab", 0) != 0)
    return "";
  return message.substr(0, message.find('\n'));
}

struct StoryListener : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;

  void testCaseStarting(const Catch::TestCaseInfo& info) override {
    told_ = false;
    camnet::testing::Story::forget_unwound();
    TestEventListenerBase::testCaseStarting(info);
  }

  bool assertionEnded(const Catch::AssertionStats& stats) override {
    if (find_unprintable_)
      report_unprintable(stats);
    // A TODO needs no story (unless asked): the one line says what to write.
    bool quiet_todo = !todo_reached(stats.assertionResult).empty() && !details_wanted();
    if (!stats.assertionResult.isOk() && !told_ && !quiet_todo) {
      std::string story = camnet::testing::Story::current_text();
      if (!story.empty()) {
        std::fputs(story.c_str(), stdout);
        std::fflush(stdout);
        told_ = true;
      }
    }
    return TestEventListenerBase::assertionEnded(stats);
  }

 private:
  void report_unprintable(const Catch::AssertionStats& stats) {
    const Catch::AssertionResult& result = stats.assertionResult;
    std::string shown = result.hasExpression() ? result.getExpandedExpression() : "";
    for (const Catch::MessageInfo& message : stats.infoMessages)
      shown += "\n" + message.message;
    if (shown.find("{?}") == std::string::npos)
      return;
    std::fprintf(stderr, "camnet: unprintable value: %s:%zu: %s\n  %s\n",
                 result.getSourceInfo().file, result.getSourceInfo().line,
                 result.getExpressionInMacro().c_str(), shown.c_str());
  }

  bool told_ = false;
  bool find_unprintable_ = std::getenv("CAMNET_FIND_UNPRINTABLE") != nullptr;
};

// Writes the grader's verdict lines (the format verdict_of in tools/grade/grader.cpp reads):
//   test passed|failed <assertions passed> <assertions failed> <test name>
//   run <tests passed> <tests failed>
// The last line is written only when Catch2 finished the run: a program that ends early (exit()
// from a test, a crash) leaves it out, and the grader fails the test.
struct VerdictListener : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;

  void testCaseEnded(const Catch::TestCaseStats& stats) override {
    const Catch::Counts& a = stats.totals.assertions;
    say(fmt::format("test {} {} {} {}\n", a.allOk() ? "passed" : "failed", a.passed,
                    a.failed + a.failedButOk, stats.testInfo.name));
    TestEventListenerBase::testCaseEnded(stats);
  }

  void testRunEnded(const Catch::TestRunStats& stats) override {
    const Catch::Counts& t = stats.totals.testCases;
    say(fmt::format("run {} {}\n", t.passed, t.failed + t.failedButOk));
    TestEventListenerBase::testRunEnded(stats);
  }

 private:
  void say(const std::string& line) const {
    if (fd_ < 0)
      return;
    std::fflush(stdout);  // what the test printed comes first in the grader's output
    [[maybe_unused]] auto written = ::write(fd_, line.data(), line.size());
  }

  static int verdict_fd() {
    const char* fd = std::getenv("CAMNET_VERDICT_FD");
    return fd != nullptr && *fd != '\0' ? std::atoi(fd) : -1;
  }

  int fd_ = verdict_fd();
};

// Catch2's console report, except that a test that fails only because it reached a TODO is one
// line. On the student track that is every lab test at first: a page per test would bury the list
// of TODOs (and CTest's summary) under thousands of lines.
struct CamnetReporter : Catch::ConsoleReporter {
  using ConsoleReporter::ConsoleReporter;

  static std::string getDescription() {
    return "Catch2's console report, with a TODO reached said in one line";
  }

  // No "Filters: ..." line: CTest names the test already.
  void testRunStarting(const Catch::TestRunInfo& info) override {
    StreamingReporterBase::testRunStarting(info);
  }

  void testCaseStarting(const Catch::TestCaseInfo& info) override {
    todo_said_ = false;
    ConsoleReporter::testCaseStarting(info);
  }

  bool assertionEnded(const Catch::AssertionStats& stats) override {
    std::string todo = todo_reached(stats.assertionResult);
    if (todo.empty()) {
      any_other_failure_ = any_other_failure_ || !stats.assertionResult.isOk();
      return ConsoleReporter::assertionEnded(stats);
    }
    // A CHECK in a loop reaches the same TODO once per round: the first says it.
    if (todo_said_)
      return true;
    todo_said_ = true;
    stream << currentTestCaseInfo->name << ": " << todo << '\n';
    stream.flush();
    ++todos_;
    return true;
  }

  void testRunEnded(const Catch::TestRunStats& stats) override {
    // One test that only reached a TODO: its line said everything.
    if (todos_ == 1 && !any_other_failure_ && stats.totals.testCases.total() == 1) {
      StreamingReporterBase::testRunEnded(stats);
      return;
    }
    ConsoleReporter::testRunEnded(stats);
  }

 private:
  bool todo_said_ = false;
  bool any_other_failure_ = false;
  int todos_ = 0;
};

// Stops a test a second before CTest would, printing the steps it took first: a student whose
// code loops forever sees where, not only CTest's "***Timeout 20.02 sec".
void start_watchdog() {
  const char* limit = std::getenv("CAMNET_TEST_TIMEOUT");
  if (limit == nullptr)
    return;
  int seconds = std::atoi(limit) - 1;
  if (seconds < 1)
    return;
  std::thread([seconds] {
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    std::string story = camnet::testing::Story::current_text_for_watchdog();
    std::string text = fmt::format(
        "{}This test was still running after {} s and was stopped: an endless loop, or a wait "
        "for something that never comes? The steps above are the last things it did.\n",
        story.empty() ? std::string() : story.substr(0, story.rfind("(the failed check")), seconds);
    std::fflush(stdout);
    [[maybe_unused]] auto written = ::write(STDOUT_FILENO, text.data(), text.size());
    std::_Exit(1);
  }).detach();
}

}  // namespace

CATCH_REGISTER_LISTENER(StoryListener)
CATCH_REGISTER_LISTENER(VerdictListener)
CATCH_REGISTER_REPORTER("camnet", CamnetReporter)

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (int status = session.applyCommandLine(argc, argv); status != 0)
    return status;
  bool reporter_chosen = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    reporter_chosen = reporter_chosen || arg == "-r" || arg.rfind("--reporter", 0) == 0 ||
                      (arg.rfind("-r", 0) == 0 && arg.size() > 2 && arg[2] != '-');
  }
  if (!reporter_chosen && !details_wanted())
    session.configData().reporterName = "camnet";
  start_watchdog();
  // 0 or 1, never Catch2's count of failed checks: the grader runs each test in a sandbox that
  // reports a program killed by signal N as exit status 128 + N (tools/grade/sandbox.hpp), so a
  // status above 128 must never be a count.
  return session.run() == 0 ? 0 : 1;
}
