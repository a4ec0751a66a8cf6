// The main() every chapter example shares: run the example; on the student track, where the labs'
// code may still be TODO stubs, say which TODO it reached instead of crashing.
#pragma once

#include <fmt/format.h>

#include "camnet/host/runtime.hpp"

namespace camnet::examples {

// Returns run()'s status: 0 when everything the example shows held, 1 when something did not
// (the example printed a FAILED line), 2 when it reached a TODO.
template <class Run>
int run_example(Run run) {
  try {
    return run();
  } catch (const host::TodoReached& reached) {
    fmt::print("This example needs a part of the labs that is still a TODO:\n  {}\n",
               reached.what());
    return 2;
  } catch (const host::Panic& broken) {  // a broken rule, such as reading a failed Result
    fmt::print("FAILED: the program stopped: {}\n", broken.what());
    return 1;
  }
}

}  // namespace camnet::examples
