// The main() of every camnet test program: Catch2, plus two things that make failures readable.
//  - A TODO reached in the student edition fails that one test with the TODO's own message.
//  - A test that tells a Story (numbered steps) gets the steps printed before its first failure.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>

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
  bool told_ = false;
};

}  // namespace

CATCH_REGISTER_LISTENER(StoryListener)

int main(int argc, char* argv[]) {
  return Catch::Session().run(argc, argv);
}
