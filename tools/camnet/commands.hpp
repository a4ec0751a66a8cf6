// The subcommands of `camnet`. Each adds itself to the app and runs when chosen.
#pragma once

#include <CLI/CLI.hpp>

namespace camnet::cli {

void add_dissect_commands(CLI::App& app);  // dissect, explain (lab 1, grown by later labs)
void add_switch_command(CLI::App& app);    // switch (lab 1)
void add_address_commands(CLI::App& app);  // ip, arp (lab 2)
void add_demo_command(CLI::App& app);      // demo (the firmware)
void add_grade_commands(CLI::App& app);    // grade, export-student, kit (instructors)

}  // namespace camnet::cli
