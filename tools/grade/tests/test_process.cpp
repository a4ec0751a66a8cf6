// The grader's way of running one test: whatever the program does, the grader learns how it ended
// and goes on, quickly.
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "camnet/testing/catch.hpp"

#include "process.hpp"

using namespace camnet::grade;
using namespace std::chrono_literals;

namespace {

RunResult shell(const std::string& script, RunLimits limits = {}) {
  return run({{"sh", "-c", script}, {}, {}}, limits);
}

// Whether process `pid` is gone (or a zombie nobody has reaped yet: it runs no more either).
bool is_gone(const std::string& pid) {
  std::ifstream stat("/proc/" + pid + "/stat");
  std::string line;
  if (!std::getline(stat, line))
    return true;
  std::size_t paren = line.rfind(')');
  return paren != std::string::npos && line.size() > paren + 2 && line[paren + 2] == 'Z';
}

}  // namespace

TEST_CASE("a program's exit status and what it prints on both outputs are kept", "[grade]") {
  RunResult r = shell("echo out; echo err >&2; exit 3");
  CHECK(r.ending == Ending::exited);
  CHECK(r.exit_code == 3);
  CHECK(r.output == "out\nerr\n");
}

TEST_CASE("a program ended by a signal is reported with the signal, as a crash", "[grade]") {
  RunResult r = shell("kill -SEGV $$");
  CHECK(r.ending == Ending::signalled);
  CHECK(r.signal == SIGSEGV);
  CHECK_THAT(describe_signal(r.signal), Catch::StartsWith("SIGSEGV (segmentation fault"));
}

TEST_CASE("a program that runs past its time limit is stopped, with what it started", "[grade]") {
  auto pid_file = std::filesystem::temp_directory_path() /
                  ("camnet-grade-test-" + std::to_string(getpid()) + ".pid");
  RunLimits limits;
  limits.timeout = 1500ms;  // time enough for a loaded machine to start the shell and the sleep
  RunResult r = shell("sleep 30 & echo $! >" + pid_file.string() + "; while :; do :; done", limits);
  CHECK(r.ending == Ending::timed_out);
  CHECK(r.seconds < 10);
  std::string pid;
  std::ifstream(pid_file) >> pid;
  std::filesystem::remove(pid_file);
  REQUIRE_FALSE(pid.empty());
  // SIGKILL takes effect asynchronously: give the kernel a moment to end the sleep.
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!is_gone(pid) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  CHECK(is_gone(pid));
}

TEST_CASE("a program that prints without end is stopped at the output cap", "[grade]") {
  RunLimits limits;
  limits.output_cap = 4096;
  RunResult r = run({{"yes", "camnet"}, {}, {}}, limits);
  CHECK(r.ending == Ending::output_capped);
  CHECK(r.output.size() == 4096);
  CHECK(r.seconds < 5);
}

TEST_CASE("a program that ends while something it started holds its output does not wait for it",
          "[grade]") {
  RunResult r = shell("sleep 30 & echo done");
  CHECK(r.ending == Ending::exited);
  CHECK(r.exit_code == 0);
  CHECK(r.output == "done\n");
  CHECK(r.seconds < 5);
}

TEST_CASE("a program that cannot be found is not started, and the result says why", "[grade]") {
  RunResult r = run({{"camnet-no-such-program"}, {}, {}}, {});
  CHECK(r.ending == Ending::not_started);
  CHECK(r.output == "camnet-no-such-program: not found on PATH");
  RunResult direct = run({{"/nonexistent/program"}, {}, {}}, {});
  CHECK(direct.ending == Ending::not_started);
  CHECK_THAT(direct.output, Catch::StartsWith("/nonexistent/program: "));
}

TEST_CASE("a program runs in the folder and with the environment it is given, and reads nothing",
          "[grade]") {
  RunResult r =
      run({{"sh", "-c", "pwd; echo $CAMNET_GRADE_X; cat"}, "/", {{"CAMNET_GRADE_X", "x"}}}, {});
  CHECK(r.ending == Ending::exited);
  CHECK(r.output == "/\nx\n");
}

TEST_CASE("a memory cap limits the program's address space", "[grade]") {
  RunLimits limits;
  limits.memory_cap = std::size_t{512} << 20;
  RunResult r = shell("ulimit -v", limits);
  CHECK(r.output == "524288\n");  // in KiB
}
