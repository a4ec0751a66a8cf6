#include "camnet/testing/story.hpp"

namespace camnet::testing {
namespace {
Story* current = nullptr;
}

Story::Story() : previous_(current) {
  current = this;
}
Story::~Story() {
  current = previous_;
}

void Story::step(std::string what) {
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
  return current != nullptr ? current->text() : "";
}

}  // namespace camnet::testing
