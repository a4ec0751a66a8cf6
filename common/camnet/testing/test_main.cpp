// The main() of every camnet test program: Catch2, plus what makes failures readable.
//  - A TODO reached in the student edition fails that one test with the TODO's own message.
//  - A test that tells a Story (numbered steps) gets the steps printed before its first failure.
//  - With CAMNET_FIND_UNPRINTABLE set in the environment (and -s, so that passing checks are
//    reported too), every check whose values Catch cannot print ({?}) is listed on standard error.
//    cmake/check_printers.cmake runs each lab's tests so: a value a student could not read fails
//    the build's conventions test, not a student. (The printers: camnet/testing/printers.hpp.)
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

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

struct StoryListener : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;

  void testCaseStarting(const Catch::TestCaseInfo& info) override {
    told_ = false;
    TestEventListenerBase::testCaseStarting(info);
  }

  bool assertionEnded(const Catch::AssertionStats& stats) override {
    if (find_unprintable_)
      report_unprintable(stats);
    if (!stats.assertionResult.isOk() && !told_) {
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

}  // namespace

CATCH_REGISTER_LISTENER(StoryListener)

int main(int argc, char* argv[]) {
  return Catch::Session().run(argc, argv);
}
