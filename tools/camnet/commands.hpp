// The subcommands of `camnet`. Each adds itself to the app and runs when chosen.
#pragma once

#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

namespace camnet::cli {

void add_dissect_commands(CLI::App& app);  // dissect, explain (lab 1, grown by later labs)
void add_switch_command(CLI::App& app);    // switch (lab 1)
void add_address_commands(CLI::App& app);  // ip, arp (lab 2)
void add_trace_command(CLI::App& app);     // trace (lab 3)
void add_route_command(CLI::App& app);     // route (lab 3)
void add_demo_command(CLI::App& app);      // demo (the firmware)
void add_grade_commands(CLI::App& app);    // grade, export-student, kit (instructors)

// A command ends with exit status `status` and `what()` as its one line on standard error (for
// commands whose statuses mean more than "failed": `camnet route --expect` exits 1 when frames
// differ and 2 for bad input, as diff(1) does).
struct CommandFailure : std::runtime_error {
  CommandFailure(int status_, const std::string& message)
      : std::runtime_error(message), status(status_) {}
  int status;
};

}  // namespace camnet::cli
