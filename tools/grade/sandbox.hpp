// The sandbox every build and test of a submission runs in: bubblewrap (Debian's `bubblewrap`),
// which puts the program in new namespaces with a file system made of what the grader lists.
//
// What the program sees: the system (/usr and the rest of the root's programs and libraries,
// /etc), a fresh /dev, /proc and /tmp, and the paths of the plan, read-only unless listed as
// writable. Nothing else: not the instructor's course or its solutions, not the other submissions,
// not the grader's reports. It has no network (only its own loopback), cannot signal or see
// processes outside, and, run by root, holds no capabilities (so it cannot remount what it sees).
// It works the same run by root and by an ordinary user (then in a user namespace).
//
// Where the kernel refuses bubblewrap its namespaces (in a container under Docker's default
// seccomp profile, as on Gradescope) and the grader runs as root, the user sandbox takes its
// place: the program runs as `nobody`, without capabilities or a way to gain them, and what it
// must not read is made unreadable to it by the files' modes (the course with its solutions, the
// hidden tests' sources, the grader's cache); what it may not change belongs to root. It cannot
// take the network away or hide other processes: it is meant for a container that grades one
// submission, and camnet grade --class refuses it.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "process.hpp"

namespace camnet::grade {

enum class SandboxKind {
  automatic,   // bubblewrap where it can run; else, run by root, the user sandbox
  bubblewrap,  // bubblewrap, or no grading
  user,        // the user sandbox (root only)
  none,        // no sandbox: the submission's code runs with the grader's rights
};

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

// The user the user sandbox runs programs as: nobody, whom Debian and Ubuntu both have.
inline constexpr uid_t sandbox_uid = 65534;
inline constexpr gid_t sandbox_gid = 65534;

// The command line that runs `argv` as the sandbox's user (util-linux's setpriv: no supplementary
// groups, no capabilities, no new privileges through setuid programs) with only the plan's
// environment. Its working folder is the Command's cwd (plan.cwd).
std::vector<std::string> as_sandbox_user(const SandboxPlan& plan,
                                         const std::vector<std::string>& argv);

// Changes to files' owners and modes for the user sandbox, undone (last first) when it goes.
class FileChanges {
 public:
  FileChanges() = default;
  FileChanges(FileChanges&& other) noexcept : undo_(std::move(other.undo_)) {}
  FileChanges& operator=(FileChanges&&) = delete;
  FileChanges(const FileChanges&) = delete;
  ~FileChanges();

  // Only its owner (root) may read or enter it.
  void hide(const std::filesystem::path& path);
  // It, and everything in it, belongs to the sandbox's user; given back to root when undone.
  void hand_over(const std::filesystem::path& tree);

 private:
  std::vector<std::function<void()>> undo_;
};

// What the user sandbox changes while a plan's program runs: the writable folders handed over to
// the sandbox's user, the emptied files hidden from it.
FileChanges apply_for_sandbox_user(const SandboxPlan& plan);

// Kills every process the sandbox's user has left (one that set up a session of its own to
// outlive its test, say).
void end_sandbox_user_processes();

}  // namespace camnet::grade
