// Skipping a test that cannot run on this machine, with a clear reason.
//
// Tests against a live interface need root; CI runs as root, a student's laptop usually does not.
// skip_test() prints why and ends the test program with exit code 77, which CTest (told so by the
// SKIP_RETURN_CODE property every camnet test has) reports as "Skipped", never as passed.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace camnet::testing {

inline constexpr int skip_exit_code = 77;

[[noreturn]] inline void skip_test(const std::string& reason) {
  std::printf("SKIPPED: %s\n", reason.c_str());
  std::fflush(stdout);
  std::exit(skip_exit_code);
}

}  // namespace camnet::testing
