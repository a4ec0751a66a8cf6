#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

extern char** environ;

namespace camnet::grade {
namespace {

using Clock = std::chrono::steady_clock;

// Everything the child needs, made before fork(): between fork() and exec() a child of a
// threaded program may only call async-signal-safe functions, so no allocation happens there.
struct Prepared {
  std::string program;
  std::vector<std::string> argv_strings;
  std::vector<std::string> env_strings;
  std::vector<char*> argv;
  std::vector<char*> envp;
};

Prepared prepare(const Command& command, const std::filesystem::path& program) {
  Prepared p;
  p.program = program.string();
  p.argv_strings = command.argv;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry = *e;
    std::string name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& [key, value] : command.env)
      replaced = replaced || key == name;
    if (!replaced)
      p.env_strings.push_back(entry);
  }
  for (const auto& [key, value] : command.env)
    p.env_strings.push_back(key + "=" + value);
  for (std::string& s : p.argv_strings)
    p.argv.push_back(s.data());
  p.argv.push_back(nullptr);
  for (std::string& s : p.env_strings)
    p.envp.push_back(s.data());
  p.envp.push_back(nullptr);
  return p;
}

// In the child: report `error` (an errno) to the parent and leave.
[[noreturn]] void child_fail(int report_fd, int error) {
  ssize_t ignored = write(report_fd, &error, sizeof error);
  (void)ignored;
  _exit(127);
}

[[noreturn]] void child(const Prepared& p, const char* cwd, const RunLimits& limits, int out_fd,
                        int report_fd, int verdict_write, int verdict_fd) {
  setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  int devnull = open("/dev/null", O_RDONLY);
  if (devnull < 0 || dup2(devnull, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
      dup2(out_fd, STDERR_FILENO) < 0) {
    child_fail(report_fd, errno);
  }
  // dup2 leaves the copy open across exec (the pipe's own ends are close-on-exec).
  if (verdict_fd > 0 && dup2(verdict_write, verdict_fd) < 0)
    child_fail(report_fd, errno);
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);  // a crash must not leave a core file in the student's tree
  if (limits.memory_cap > 0) {
    rlimit memory{limits.memory_cap, limits.memory_cap};
    setrlimit(RLIMIT_AS, &memory);
  }
  if (limits.file_size_cap > 0) {
    rlimit file_size{limits.file_size_cap, limits.file_size_cap};
    setrlimit(RLIMIT_FSIZE, &file_size);
  }
  if (cwd != nullptr && chdir(cwd) != 0)
    child_fail(report_fd, errno);
  execve(p.program.c_str(), p.argv.data(), p.envp.data());
  child_fail(report_fd, errno);
}

// Whether `pid` has ended, without reaping it (so its process group id stays ours to kill).
bool has_ended(pid_t pid) {
  siginfo_t info{};
  return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid;
}

}  // namespace

std::filesystem::path find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t begin = 0;
  while (begin <= dirs.size()) {
    std::size_t end = dirs.find(':', begin);
    if (end == std::string::npos)
      end = dirs.size();
    std::filesystem::path candidate = std::filesystem::path(dirs.substr(begin, end - begin).empty()
                                                                ? "."
                                                                : dirs.substr(begin, end - begin)) /
                                      name;
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0)
      return candidate;
    begin = end + 1;
  }
  return {};
}

std::string describe_signal(int signal) {
  switch (signal) {
    case SIGSEGV:
      return "SIGSEGV (segmentation fault: a read or write of memory it does not own)";
    case SIGABRT:
      return "SIGABRT (aborted: std::abort, a failed assert or an uncaught exception)";
    case SIGFPE:
      return "SIGFPE (arithmetic error: an integer division by zero?)";
    case SIGBUS:
      return "SIGBUS (bus error: a misaligned or unmapped memory access)";
    case SIGILL:
      return "SIGILL (illegal instruction: often the end of a function that returns nothing)";
    case SIGKILL:
      return "SIGKILL (killed: perhaps out of memory)";
    case SIGTERM:
      return "SIGTERM (terminated)";
    case SIGPIPE:
      return "SIGPIPE (wrote to a closed pipe)";
    case SIGXFSZ:
      return "SIGXFSZ (file size limit: it wrote a file without end?)";
    default: {
      const char* abbrev = sigabbrev_np(signal);
      return abbrev != nullptr ? "SIG" + std::string(abbrev) : "signal " + std::to_string(signal);
    }
  }
}

RunResult run(const Command& command, const RunLimits& limits) {
  RunResult result;
  Clock::time_point start = Clock::now();
  auto finish = [&] {
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
  };
  if (command.argv.empty()) {
    result.output = "no program to run";
    return finish();
  }
  std::filesystem::path program = command.argv[0];
  if (command.argv[0].find('/') == std::string::npos) {
    program = find_program(command.argv[0]);
    if (program.empty()) {
      result.output = command.argv[0] + ": not found on PATH";
      return finish();
    }
  }
  Prepared prepared = prepare(command, program);
  std::string cwd = command.cwd.string();

  int out[2] = {-1, -1};
  int report[2] = {-1, -1};
  int verdict[2] = {-1, -1};
  auto close_all = [&] {
    for (int fd : {out[0], out[1], report[0], report[1], verdict[0], verdict[1]}) {
      if (fd >= 0)
        close(fd);
    }
  };
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(report, O_CLOEXEC) != 0 ||
      (command.verdict_fd > 0 && pipe2(verdict, O_CLOEXEC) != 0)) {
    result.output = std::string("pipe: ") + std::strerror(errno);
    close_all();
    return finish();
  }
  pid_t pid = fork();
  if (pid < 0) {
    result.output = std::string("fork: ") + std::strerror(errno);
    close_all();
    return finish();
  }
  if (pid == 0) {
    child(prepared, cwd.empty() ? nullptr : cwd.c_str(), limits, out[1], report[1], verdict[1],
          command.verdict_fd);
  }

  setpgid(pid, pid);  // also done by the child: whichever runs first, the group exists
  close(out[1]);
  close(report[1]);
  if (verdict[1] >= 0)
    close(verdict[1]);
  int exec_error = 0;
  ssize_t got;
  do {
    got = read(report[0], &exec_error, sizeof exec_error);
  } while (got < 0 && errno == EINTR);
  close(report[0]);
  if (got == sizeof exec_error) {
    close(out[0]);
    if (verdict[0] >= 0)
      close(verdict[0]);
    int status;
    waitpid(pid, &status, 0);
    result.output = prepared.program + ": " + std::strerror(exec_error);
    return finish();
  }

  // The verdict pipe, read (without waiting) whenever it may have something, so that the program
  // never blocks on it. Returns whether it read anything; closes it at its end.
  if (verdict[0] >= 0)
    fcntl(verdict[0], F_SETFL, O_NONBLOCK);
  auto read_verdict = [&] {
    std::array<char, 4096> chunk;
    ssize_t n = read(verdict[0], chunk.data(), chunk.size());
    if (n > 0) {
      std::size_t room = 64 * 1024 - std::min<std::size_t>(result.verdict.size(), 64 * 1024);
      result.verdict.append(chunk.data(), std::min(static_cast<std::size_t>(n), room));
      return true;
    }
    if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
      close(verdict[0]);
      verdict[0] = -1;
    }
    return false;
  };
  Clock::time_point deadline = start + limits.timeout;
  bool timed_out = false;
  bool capped = false;
  std::array<char, 16 * 1024> buffer;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    std::array<pollfd, 2> p{pollfd{out[0], POLLIN, 0}, pollfd{verdict[0], POLLIN, 0}};
    // Wake up now and then: a program may end while something it started keeps the pipe open.
    int ready = poll(p.data(), verdict[0] >= 0 ? 2 : 1,
                     static_cast<int>(std::min<long long>(left.count(), 100)));
    if (ready < 0 && errno != EINTR)
      break;
    if (verdict[0] >= 0 && p[1].revents != 0)
      read_verdict();
    if (ready <= 0 || p[0].revents == 0) {
      if (ready <= 0 && has_ended(pid))
        break;
      continue;
    }
    ssize_t n = read(out[0], buffer.data(), buffer.size());
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (n <= 0)
      break;  // end of output
    std::size_t room = limits.output_cap - result.output.size();
    result.output.append(buffer.data(), std::min(static_cast<std::size_t>(n), room));
    if (static_cast<std::size_t>(n) > room) {
      capped = true;
      break;
    }
  }
  close(out[0]);

  if (!timed_out && !capped) {
    // Its output is closed; give it until the deadline to end.
    while (!has_ended(pid)) {
      if (verdict[0] >= 0)
        read_verdict();
      if (Clock::now() >= deadline) {
        timed_out = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  // What is left in the verdict pipe (its writers have ended, or are about to be killed).
  while (verdict[0] >= 0 && read_verdict()) {
  }
  if (verdict[0] >= 0)
    close(verdict[0]);
  // Whatever is left of the group (the program, if it was stopped; anything it started) goes.
  killpg(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    result.ending = Ending::timed_out;
  } else if (capped) {
    result.ending = Ending::output_capped;
  } else if (WIFEXITED(status)) {
    result.ending = Ending::exited;
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.ending = Ending::signalled;
    result.signal = WTERMSIG(status);
  }
  return finish();
}

}  // namespace camnet::grade
