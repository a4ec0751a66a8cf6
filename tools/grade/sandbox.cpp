#include "sandbox.hpp"

#include <unistd.h>

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

}  // namespace camnet::grade
