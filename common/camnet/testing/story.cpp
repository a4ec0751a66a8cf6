#include "camnet/testing/story.hpp"

#include <chrono>
#include <exception>
#include <mutex>

namespace camnet::testing {
namespace {
Story* current = nullptr;
std::string unwound;  // the text of the last Story an exception unwound
// Guards `current` and the steps against the watchdog thread (test_main.cpp), which reads them
// while the test's own thread may still be running.
std::timed_mutex guard;
}  // namespace

Story::Story() : exceptions_at_start_(std::uncaught_exceptions()) {
  std::lock_guard lock(guard);
  previous_ = current;
  current = this;
}
Story::~Story() {
  std::lock_guard lock(guard);
  if (std::uncaught_exceptions() > exceptions_at_start_)
    unwound = text();
  current = previous_;
}

void Story::step(std::string what) {
  std::lock_guard lock(guard);
  steps_.push_back(std::move(what));
}

std::string Story::text() const {
  if (steps_.empty())
    return "";
  std::string out = "What happened, step by step:\n";
  for (std::size_t i = 0; i < steps_.size(); ++i)
    out += fmt::format("  {}. {}\n", i + 1, steps_[i]);
  out += "(the failed check follows)\n";
  return out;
}

std::string Story::current_text() {
  return current != nullptr ? current->text() : unwound;
}

void Story::forget_unwound() {
  std::lock_guard lock(guard);
  unwound.clear();
}

std::string Story::current_text_for_watchdog() {
  std::unique_lock lock(guard, std::chrono::milliseconds(200));
  if (!lock.owns_lock())
    return "";
  return current_text();
}

}  // namespace camnet::testing
