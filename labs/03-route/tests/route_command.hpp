// Running `camnet route` from a test. Shared by lab 3's tool tests (test_tools.cpp) and the tool's
// own bad-input test (tools/route/tests/test_route_command.cpp); CAMNET_EXE names the camnet built
// with them.
#pragma once

#include <filesystem>
#include <string>

#include "camnet/testing/process.hpp"

namespace camnet::test {

inline camnet::testing::CommandResult camnet_tool(const std::string& args) {
  return camnet::testing::run_command(std::string(CAMNET_EXE) + " " + args);
}

// A fresh folder `name` under this test's scratch folder.
inline std::filesystem::path scratch(const std::string& name) {
  std::filesystem::path p = std::filesystem::path(camnet::testing::scratch_dir()) / name;
  std::filesystem::create_directories(p);
  return p;
}

// `camnet route` over the two captures of the scenario in `scenario` (a folder of captures/ with
// router.conf and if0/if1.in.pcap), writing to `out`, plus `extra` options.
inline std::string route_args(const std::filesystem::path& scenario,
                              const std::filesystem::path& out, const std::string& extra) {
  return "route --config " + (scenario / "router.conf").string() +
         " --in if0=" + (scenario / "if0.in.pcap").string() +
         " --in if1=" + (scenario / "if1.in.pcap").string() + " --out " + out.string() + " " +
         extra;
}

}  // namespace camnet::test
