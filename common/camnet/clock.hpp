// Time in the stack: durations in milliseconds, moved forward only by whoever drives the stack.
//
// Nothing in a lab reads a wall clock. A switch, an interface or a TCP connection is told how much
// time passed (`tick(elapsed)`), so a test can say "5 seconds pass" and check the exact edge.
#pragma once

#include <chrono>
#include <cstdint>

namespace camnet {

using Duration = std::chrono::milliseconds;
using namespace std::chrono_literals;  // lets code and tests write 300s, 5000ms

// A point in time, counted from when the stack started.
using Timestamp = std::chrono::duration<std::int64_t, std::milli>;

// A clock that moves only when told to: the only clock tests and replays use.
class ManualClock {
 public:
  Timestamp now() const { return now_; }
  void advance(Duration elapsed) { now_ += elapsed; }

 private:
  Timestamp now_{0};
};

}  // namespace camnet
