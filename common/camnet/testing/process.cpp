#include "camnet/testing/process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace camnet::testing {
namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::string scratch_dir() {
  auto dir = std::filesystem::temp_directory_path() / ("camnet-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

CommandResult run_command(const std::string& command) {
  static int calls = 0;
  std::filesystem::path dir = scratch_dir();
  std::filesystem::path out = dir / ("stdout-" + std::to_string(++calls));
  std::filesystem::path err = dir / ("stderr-" + std::to_string(calls));
  std::string line = command + " >" + out.string() + " 2>" + err.string() + " </dev/null";
  int raw = std::system(line.c_str());
  CommandResult result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  result.out = slurp(out);
  result.err = slurp(err);
  // 127: the shell found no such program. Say so, so a failed check names the real cause rather
  // than whatever the missing program's output would have shown.
  if (result.status == 127) {
    result.err += "(exit status 127: the shell could not run `" +
                  command.substr(0, command.find(' ')) +
                  "`: is it installed? tools/setup.sh installs what the tests run)\n";
  }
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return result;
}

}  // namespace camnet::testing
