// How panic() and todo() behave on the host: they throw, so a test runner reports one failed test
// (with the message) and carries on, and the camnet tool prints the message and exits non-zero.
#pragma once

#include <stdexcept>

namespace camnet::host {

// A lab function that the student has not written yet was called.
struct TodoReached : std::logic_error {
  using std::logic_error::logic_error;
};

// The program broke one of its own rules (see camnet/panic.hpp).
struct Panic : std::logic_error {
  using std::logic_error::logic_error;
};

}  // namespace camnet::host
