// Story: the numbered steps a stateful test took, printed when it fails.
//
// A failing test should say what happened in the student's terms, not just "expected 1, got 0":
//
//   What happened, step by step:
//     1. station A (port 1) sends 02:00:00:00:00:0a -> ff:ff:ff:ff:ff:ff
//     2. 300.000 s pass
//     3. station B (port 2) sends 02:00:00:00:00:0b -> 02:00:00:00:00:0a
//   (the failed check follows)
//
// Create one Story at the top of a test, call step() for each action; the test runner prints the
// steps before the first failed check. Test harnesses (switch, interface, router) do this for you.
#pragma once

#include <string>
#include <vector>

#include <fmt/format.h>

namespace camnet::testing {

class Story {
 public:
  Story();
  ~Story();
  Story(const Story&) = delete;
  Story& operator=(const Story&) = delete;

  void step(std::string what);
  template <class... Args>
  void step(fmt::format_string<Args...> format, Args&&... args) {
    step(fmt::format(format, std::forward<Args>(args)...));
  }

  const std::vector<std::string>& steps() const { return steps_; }
  std::string text() const;

  // The text of the Story alive in the running test, or "" if it has none. A Story unwound by an
  // exception (a TODO reached, say) is still told: the exception is reported after it is gone.
  static std::string current_text();
  // A new test starts: forget a Story left from the last one's exception.
  static void forget_unwound();
  // The same, read from another thread (the watchdog that stops a test running out of time): ""
  // if the test's thread holds the Story for more than a moment.
  static std::string current_text_for_watchdog();

 private:
  std::vector<std::string> steps_;
  Story* previous_ = nullptr;
  int exceptions_at_start_ = 0;
};

}  // namespace camnet::testing
