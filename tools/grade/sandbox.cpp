#include "sandbox.hpp"

#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

namespace fs = std::filesystem;

namespace camnet::grade {

std::vector<std::string> sandboxed(const SandboxPlan& plan, const std::vector<std::string>& argv) {
  std::vector<std::string> args{"bwrap", "--unshare-all", "--die-with-parent", "--new-session",
                                "--clearenv"};
  if (geteuid() == 0)
    args.insert(args.end(), {"--cap-drop", "ALL"});
  // The system: its programs and libraries (where /bin and /lib are links into /usr, as on
  // Debian 12, the same links), and /etc (the loader's cache, compiler alternatives).
  args.insert(args.end(), {"--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"});
  for (const char* top : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
    std::error_code ec;
    if (fs::is_symlink(top, ec))
      args.insert(args.end(), {"--symlink", fs::read_symlink(top, ec).string(), top});
    else if (fs::is_directory(top, ec))
      args.insert(args.end(), {"--ro-bind", top, top});
  }
  args.insert(args.end(), {"--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"});
  for (const fs::path& p : plan.read_only)
    args.insert(args.end(), {"--ro-bind", p.string(), p.string()});
  for (const fs::path& p : plan.writable)
    args.insert(args.end(), {"--bind", p.string(), p.string()});
  for (const fs::path& p : plan.emptied)
    args.insert(args.end(), {"--ro-bind", "/dev/null", p.string()});
  for (const auto& [name, value] : plan.env)
    args.insert(args.end(), {"--setenv", name, value});
  if (!plan.cwd.empty())
    args.insert(args.end(), {"--chdir", plan.cwd.string()});
  args.push_back("--");
  args.insert(args.end(), argv.begin(), argv.end());
  return args;
}

void restore_signal(RunResult& result) {
  if (result.ending == Ending::exited && result.exit_code > 128 && result.exit_code <= 128 + 64) {
    result.ending = Ending::signalled;
    result.signal = result.exit_code - 128;
    result.exit_code = -1;
  }
}

std::string sandbox_unavailable() {
  if (find_program("bwrap").empty())
    return "bubblewrap is not installed (apt-get install bubblewrap)";
  RunLimits limits;
  limits.timeout = std::chrono::seconds(20);
  SandboxPlan plan;
  plan.env = {{"PATH", "/usr/bin:/bin"}};
  RunResult r = run({sandboxed(plan, {"true"}), {}, {}}, limits);
  if (r.ending == Ending::exited && r.exit_code == 0)
    return "";
  std::string why = r.output.substr(0, r.output.find('\n'));
  return "bubblewrap cannot make a sandbox on this machine (" +
         (why.empty() ? "it ended without a word" : why) + ")";
}

std::vector<std::string> as_sandbox_user(const SandboxPlan& plan,
                                         const std::vector<std::string>& argv) {
  std::vector<std::string> args{"setpriv",
                                fmt::format("--reuid={}", sandbox_uid),
                                fmt::format("--regid={}", sandbox_gid),
                                "--clear-groups",
                                "--no-new-privs",
                                "--inh-caps=-all",
                                "--",
                                "env",
                                "-i"};
  for (const auto& [name, value] : plan.env)
    args.push_back(name + "=" + value);
  args.insert(args.end(), argv.begin(), argv.end());
  return args;
}

FileChanges::~FileChanges() {
  for (auto undo = undo_.rbegin(); undo != undo_.rend(); ++undo)
    (*undo)();
}

void FileChanges::hide(const fs::path& path) {
  std::error_code ec;
  fs::perms before = fs::status(path, ec).permissions();
  if (ec)
    return;  // nothing there to hide
  fs::permissions(path, fs::perms::group_all | fs::perms::others_all, fs::perm_options::remove);
  undo_.push_back([path, before] {
    std::error_code ignored;
    fs::permissions(path, before, fs::perm_options::replace, ignored);
  });
}

namespace {

void chown_tree(const fs::path& tree, uid_t uid, gid_t gid) {
  std::error_code ec;
  if (lchown(tree.c_str(), uid, gid) != 0 || !fs::is_directory(fs::symlink_status(tree, ec)))
    return;
  for (auto it = fs::recursive_directory_iterator(tree, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    (void)lchown(it->path().c_str(), uid, gid);
  }
}

}  // namespace

void FileChanges::hand_over(const fs::path& tree) {
  chown_tree(tree, sandbox_uid, sandbox_gid);
  undo_.push_back([tree] { chown_tree(tree, 0, 0); });
}

FileChanges apply_for_sandbox_user(const SandboxPlan& plan) {
  FileChanges changes;
  for (const fs::path& p : plan.writable)
    changes.hand_over(p);
  for (const fs::path& p : plan.emptied)
    changes.hide(p);
  return changes;
}

void end_sandbox_user_processes() {
  pid_t pid = fork();
  if (pid == 0) {
    // As that user, kill(-1) reaches every process of theirs (and nothing of anyone else's).
    if (setgroups(0, nullptr) == 0 && setgid(sandbox_gid) == 0 && setuid(sandbox_uid) == 0)
      kill(-1, SIGKILL);
    _exit(0);
  }
  if (pid > 0) {
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

}  // namespace camnet::grade
