// Running one program the way a grader must: in its own process group, with a time limit, a cap
// on what it may print, and a memory limit, so that a student's crash, endless loop or endless
// printing ends that one program and never the grader.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace camnet::grade {

struct Command {
  std::vector<std::string> argv;  // argv[0] is found on PATH when it holds no '/'
  std::filesystem::path cwd;      // empty: the grader's own
  std::vector<std::pair<std::string, std::string>> env;  // set (or replaced) for the program
  // A pipe on the program's descriptor `verdict_fd` (0: none), read into RunResult::verdict: a
  // channel apart from the program's output (what a test program reports to the grader).
  int verdict_fd = 0;
};

struct RunLimits {
  std::chrono::milliseconds timeout{10'000};
  std::size_t output_cap = 64 * 1024;  // bytes of standard output and error together
  std::size_t memory_cap = 0;          // address space in bytes (RLIMIT_AS); 0: no limit
  std::size_t file_size_cap = 0;       // largest file it may write (RLIMIT_FSIZE); 0: no limit
};

enum class Ending {
  exited,         // it ended by itself: see exit_code
  signalled,      // a signal it did not ask for ended it: see signal
  timed_out,      // it ran past the timeout and was stopped
  output_capped,  // it printed more than output_cap and was stopped
  not_started,    // it could not be started: see output
};

struct RunResult {
  Ending ending = Ending::not_started;
  int exit_code = -1;
  int signal = 0;
  std::string output;   // standard output and error, interleaved as written, at most output_cap
  std::string verdict;  // what it wrote to Command::verdict_fd, at most 64 KiB
  double seconds = 0;
};

// Runs `command` to its end or its limits. Standard input is /dev/null. When the program ends, or
// is stopped, everything left in its process group is killed too. Never throws for anything the
// program does; safe to call from several threads at once.
RunResult run(const Command& command, const RunLimits& limits);

// "SIGSEGV (segmentation fault)"
std::string describe_signal(int signal);

// A program on PATH, or an empty path.
std::filesystem::path find_program(const std::string& name);

}  // namespace camnet::grade
