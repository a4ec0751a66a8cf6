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
//  - `--use-colour no|yes|auto` works with either Catch2 (v3 spells it `--colour-mode none|ansi|
//    default`): the grader and the guides say it so.
// It builds with Catch2 v2 (Debian 12) and v3 (Ubuntu 24.04): camnet/testing/catch.hpp.
#define CATCH_CONFIG_RUNNER
#include "camnet/testing/catch.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

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

#if CAMNET_CATCH2_MAJOR >= 3
using ListenerBase = Catch::EventListenerBase;
#else
using ListenerBase = Catch::TestEventListenerBase;
#endif

// The test a TestCaseStats is about (v2 holds it, v3 points to it).
const Catch::TestCaseInfo& test_of(const Catch::TestCaseStats& stats) {
#if CAMNET_CATCH2_MAJOR >= 3
  return *stats.testInfo;
#else
  return stats.testInfo;
#endif
}

bool details_wanted() {
  const char* details = std::getenv("CAMNET_DETAILS");
  return details != nullptr && *details != '\0' && std::strcmp(details, "0") != 0;
}

// The TODO message of a failure that is a TODO reached (its first line), or "" for any other.
std::string todo_reached(const Catch::AssertionResult& result) {
  if (result.isOk() || result.getResultType() != Catch::ResultWas::ThrewException)
    return "";
  std::string message(result.getMessage());
  if (message.rfind("TODO(lab", 0) != 0)
    return "";
  return message.substr(0, message.find('\n'));
}

struct StoryListener : ListenerBase {
  using ListenerBase::ListenerBase;

  void testCaseStarting(const Catch::TestCaseInfo& info) override {
    told_ = false;
    camnet::testing::Story::forget_unwound();
    ListenerBase::testCaseStarting(info);
  }

#if CAMNET_CATCH2_MAJOR >= 3
  void assertionEnded(const Catch::AssertionStats& stats) override {
    tell(stats);
  }
#else
  bool assertionEnded(const Catch::AssertionStats& stats) override {
    tell(stats);
    return ListenerBase::assertionEnded(stats);
  }
#endif

 private:
  void tell(const Catch::AssertionStats& stats) {
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
  }

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
struct VerdictListener : ListenerBase {
  using ListenerBase::ListenerBase;

  void testCaseEnded(const Catch::TestCaseStats& stats) override {
    const Catch::Counts& a = stats.totals.assertions;
    say(fmt::format("test {} {} {} {}\n", a.allOk() ? "passed" : "failed", a.passed,
                    a.failed + a.failedButOk, test_of(stats).name));
    ListenerBase::testCaseEnded(stats);
  }

  void testRunEnded(const Catch::TestRunStats& stats) override {
    const Catch::Counts& t = stats.totals.testCases;
    say(fmt::format("run {} {}\n", t.passed, t.failed + t.failedButOk));
    ListenerBase::testRunEnded(stats);
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

// What the camnet report says differently from Catch2's console report: a test that fails only
// because it reached a TODO is one line. On the student track that is every lab test at first: a
// page per test would bury the list of TODOs (and CTest's summary) under thousands of lines.
class TodoLines {
 public:
  void test_starting() { said_ = false; }

  // Whether the assertion was a TODO reached, now said in one line on `out` (the console report
  // then leaves it out).
  bool said(const Catch::AssertionStats& stats, const std::string& test, std::ostream& out) {
    std::string todo = todo_reached(stats.assertionResult);
    if (todo.empty()) {
      any_other_failure_ = any_other_failure_ || !stats.assertionResult.isOk();
      return false;
    }
    // A CHECK in a loop reaches the same TODO once per round: the first says it.
    if (said_)
      return true;
    said_ = true;
    out << test << ": " << todo << '\n';
    out.flush();
    ++todos_;
    return true;
  }

  // Whether the run was one test that only reached a TODO: its line said everything (no totals).
  bool all_said(const Catch::TestRunStats& stats) const {
    return todos_ == 1 && !any_other_failure_ && stats.totals.testCases.total() == 1;
  }

 private:
  bool said_ = false;
  bool any_other_failure_ = false;
  int todos_ = 0;
};

const char* const camnet_report_description =
    "Catch2's console report, with a TODO reached said in one line";

#if CAMNET_CATCH2_MAJOR >= 3

// Catch2 v3's ConsoleReporter is final: this report holds one and hands it every event, but for
// what the camnet report says differently (as the v2 one below, which derives from it).
class CamnetReporter final : public Catch::IEventListener {
 public:
  explicit CamnetReporter(Catch::ReporterConfig&& config) : IEventListener(config.fullConfig()) {
    const Catch::IConfig* full = config.fullConfig();
    Catch::ColourMode colour = config.colourMode();
    std::map<std::string, std::string> options = config.customOptions();
    Catch::Detail::unique_ptr<Catch::IStream> stream = std::move(config).takeStream();
    out_ = &stream->stream();
    console_ = std::make_unique<Catch::ConsoleReporter>(
        Catch::ReporterConfig(full, std::move(stream), colour, std::move(options)));
    m_preferences = console_->getPreferences();
  }

  static std::string getDescription() { return camnet_report_description; }

  // No "Filters: ..." line (CTest names the test already), nor the random seed (v2 has none).
  void testRunStarting(const Catch::TestRunInfo& info) override {
    console_->Catch::StreamingReporterBase::testRunStarting(info);
  }

  void testCaseStarting(const Catch::TestCaseInfo& info) override {
    todos_.test_starting();
    test_ = info.name;
    console_->testCaseStarting(info);
  }

  void assertionEnded(const Catch::AssertionStats& stats) override {
    if (!todos_.said(stats, test_, *out_))
      console_->assertionEnded(stats);
  }

  void testRunEnded(const Catch::TestRunStats& stats) override {
    if (!todos_.all_said(stats)) {
      console_->testRunEnded(stats);
      return;
    }
    console_->Catch::StreamingReporterBase::testRunEnded(stats);
    out_->flush();
  }

  // Every other event, as the console report says it.
  void noMatchingTestCases(Catch::StringRef spec) override { console_->noMatchingTestCases(spec); }
  void reportInvalidTestSpec(Catch::StringRef spec) override {
    console_->reportInvalidTestSpec(spec);
  }
  void testCasePartialStarting(const Catch::TestCaseInfo& info, std::uint64_t part) override {
    console_->testCasePartialStarting(info, part);
  }
  void sectionStarting(const Catch::SectionInfo& info) override { console_->sectionStarting(info); }
  void benchmarkPreparing(Catch::StringRef name) override { console_->benchmarkPreparing(name); }
  void benchmarkStarting(const Catch::BenchmarkInfo& info) override {
    console_->benchmarkStarting(info);
  }
  void benchmarkEnded(const Catch::BenchmarkStats<>& stats) override {
    console_->benchmarkEnded(stats);
  }
  void benchmarkFailed(Catch::StringRef name) override { console_->benchmarkFailed(name); }
  void assertionStarting(const Catch::AssertionInfo& info) override {
    console_->assertionStarting(info);
  }
  void sectionEnded(const Catch::SectionStats& stats) override { console_->sectionEnded(stats); }
  void testCasePartialEnded(const Catch::TestCaseStats& stats, std::uint64_t part) override {
    console_->testCasePartialEnded(stats, part);
  }
  void testCaseEnded(const Catch::TestCaseStats& stats) override { console_->testCaseEnded(stats); }
  void skipTest(const Catch::TestCaseInfo& info) override { console_->skipTest(info); }
  void fatalErrorEncountered(Catch::StringRef error) override {
    console_->fatalErrorEncountered(error);
  }
  void listReporters(const std::vector<Catch::ReporterDescription>& reporters) override {
    console_->listReporters(reporters);
  }
  void listListeners(const std::vector<Catch::ListenerDescription>& listeners) override {
    console_->listListeners(listeners);
  }
  void listTests(const std::vector<Catch::TestCaseHandle>& tests) override {
    console_->listTests(tests);
  }
  void listTags(const std::vector<Catch::TagInfo>& tags) override { console_->listTags(tags); }

 private:
  std::unique_ptr<Catch::ConsoleReporter> console_;
  std::ostream* out_ = nullptr;  // the console report's stream (standard output, or --out's file)
  std::string test_;
  TodoLines todos_;
};

#else

struct CamnetReporter : Catch::ConsoleReporter {
  using ConsoleReporter::ConsoleReporter;

  static std::string getDescription() { return camnet_report_description; }

  // No "Filters: ..." line: CTest names the test already.
  void testRunStarting(const Catch::TestRunInfo& info) override {
    StreamingReporterBase::testRunStarting(info);
  }

  void testCaseStarting(const Catch::TestCaseInfo& info) override {
    todos_.test_starting();
    ConsoleReporter::testCaseStarting(info);
  }

  bool assertionEnded(const Catch::AssertionStats& stats) override {
    return todos_.said(stats, currentTestCaseInfo->name, stream) ||
           ConsoleReporter::assertionEnded(stats);
  }

  void testRunEnded(const Catch::TestRunStats& stats) override {
    if (todos_.all_said(stats)) {
      StreamingReporterBase::testRunEnded(stats);
      return;
    }
    ConsoleReporter::testRunEnded(stats);
  }

 private:
  TodoLines todos_;
};

#endif

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

// Whether the command line names a reporter (-r xml, --reporter=junit, ...).
bool reporter_chosen(const std::vector<std::string>& args) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-r" || arg.rfind("--reporter", 0) == 0 ||
        (arg.rfind("-r", 0) == 0 && arg.size() > 2 && arg[2] != '-'))
      return true;
  }
  return false;
}

#if CAMNET_CATCH2_MAJOR >= 3
// v2's `--use-colour yes|no|auto` (what the grader passes, and the guides say), in v3's spelling.
std::vector<std::string> in_v3_spelling(const std::vector<std::string>& args) {
  static const std::map<std::string, std::string> modes{
      {"yes", "ansi"}, {"no", "none"}, {"auto", "default"}};
  const std::string option = "--use-colour";
  std::vector<std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == option && i + 1 < args.size() && modes.count(args[i + 1]) != 0) {
      out.push_back("--colour-mode");
      out.push_back(modes.at(args[++i]));
    } else if (arg.rfind(option + "=", 0) == 0 && modes.count(arg.substr(option.size() + 1)) != 0) {
      out.push_back("--colour-mode=" + modes.at(arg.substr(option.size() + 1)));
    } else {
      out.push_back(arg);
    }
  }
  return out;
}
#endif

}  // namespace

CATCH_REGISTER_LISTENER(StoryListener)
CATCH_REGISTER_LISTENER(VerdictListener)
CATCH_REGISTER_REPORTER("camnet", CamnetReporter)

int main(int argc, char* argv[]) {
  std::vector<std::string> args(argv, argv + argc);
  bool camnet_report = !reporter_chosen(args) && !details_wanted();
#if CAMNET_CATCH2_MAJOR >= 3
  args = in_v3_spelling(args);
  if (camnet_report) {
    args.push_back("--reporter");
    args.push_back("camnet");
  }
#endif
  std::vector<char*> arg_pointers;
  for (std::string& arg : args)
    arg_pointers.push_back(arg.data());
  Catch::Session session;
  if (int status =
          session.applyCommandLine(static_cast<int>(arg_pointers.size()), arg_pointers.data());
      status != 0)
    return status;
#if CAMNET_CATCH2_MAJOR < 3
  if (camnet_report)
    session.configData().reporterName = "camnet";
#endif
  start_watchdog();
  // 0 or 1, never Catch2's count of failed checks: the grader runs each test in a sandbox that
  // reports a program killed by signal N as exit status 128 + N (tools/grade/sandbox.hpp), so a
  // status above 128 must never be a count.
  return session.run() == 0 ? 0 : 1;
}
