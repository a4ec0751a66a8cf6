// Running a program from a test and keeping what it printed (host only).
#pragma once

#include <string>

namespace camnet::testing {

struct CommandResult {
  int status = -1;  // the exit status, or 128 + the signal that ended it
  std::string out;  // what it printed on standard output
  std::string err;  // ... and on standard error
};

// Runs `command` through the shell, with standard output and error captured separately.
// Each call uses its own scratch files, so tests may run in parallel.
CommandResult run_command(const std::string& command);

// A folder for this test process's files (created if needed, unique per process).
std::string scratch_dir();

}  // namespace camnet::testing
