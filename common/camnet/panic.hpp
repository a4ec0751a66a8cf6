// panic() and todo(): the two ways stack code stops on purpose.
//
// Both are declared here and defined by the platform: on the host (tests, the camnet tool) they
// throw an exception that the test runner reports as one failed test; on the board they print on
// the console and halt. Stack code never throws or catches anything itself.
#pragma once

namespace camnet {

// A broken promise inside the program (reading a failed Result, a queue used past its bound).
[[noreturn]] void panic(const char* what);

// A part of a lab that has not been written yet. The student edition has one call per hole, e.g.
//   todo("TODO(lab 1): parse the EtherType - see handout section 3");
[[noreturn]] void todo(const char* what);

}  // namespace camnet
