// The sandbox every build and test of a submission runs in: bubblewrap (Debian's `bubblewrap`),
// which puts the program in new namespaces with a file system made of what the grader lists.
//
// What the program sees: the system (/usr and the rest of the root's programs and libraries,
// /etc), a fresh /dev, /proc and /tmp, and the paths of the plan, read-only unless listed as
// writable. Nothing else: not the instructor's course or its solutions, not the other submissions,
// not the grader's reports. It has no network (only its own loopback), cannot signal or see
// processes outside, and, run by root, holds no capabilities (so it cannot remount what it sees).
// It works the same run by root and by an ordinary user (then in a user namespace).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "process.hpp"

namespace camnet::grade {

struct SandboxPlan {
  std::vector<std::filesystem::path> read_only;  // each visible at its own path, read-only
  std::vector<std::filesystem::path> writable;   // each visible at its own path, writable
  // Files inside the above that read as empty (bubblewrap binds /dev/null over each): sources the
  // program must not read, in folders whose other files it needs.
  std::vector<std::filesystem::path> emptied;
  std::filesystem::path cwd;                             // where the program starts
  std::vector<std::pair<std::string, std::string>> env;  // its whole environment, with PATH
};

// The command line that runs `argv` in the sandbox the plan describes.
std::vector<std::string> sandboxed(const SandboxPlan& plan, const std::vector<std::string>& argv);

// bubblewrap ends with status 128 + N when the program in it was killed by signal N: `result`
// (of a sandboxed run of a camnet test program, which exits with 0, 1 or 77 only) says so again
// as a signal.
void restore_signal(RunResult& result);

// Why no sandbox can be made on this machine ("" when one can): bubblewrap is missing, or the
// kernel refuses it the namespaces it needs (as in some containers).
std::string sandbox_unavailable();

}  // namespace camnet::grade
