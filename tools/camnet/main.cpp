// camnet: the course's command-line tool. `camnet --help` lists the subcommands; each has --help.
//
// Whatever goes wrong ends as one line on standard error and a non-zero exit status: a broken
// capture names the file, the record and the reason; a lab part that is still a TODO says which.
#include <cstdio>

#include <CLI/CLI.hpp>

#include "camnet/host/capture.hpp"
#include "camnet/host/runtime.hpp"
#include "commands.hpp"

int main(int argc, char* argv[]) {
  CLI::App app{
      "camnet: the camera's network stack, one lab at a time.\n"
      "Every subcommand runs the labs' own code (yours, on the student track)."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "camnet 0.1");
  camnet::cli::add_dissect_commands(app);
  camnet::cli::add_switch_command(app);
  camnet::cli::add_address_commands(app);
  camnet::cli::add_trace_command(app);
  camnet::cli::add_route_command(app);
  camnet::cli::add_demo_command(app);
#ifdef CAMNET_WITH_GRADER  // the course's build; the student edition has no grader
  camnet::cli::add_grade_commands(app);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "camnet: %s (see camnet --help)\n", e.what());
    return 2;
  } catch (const camnet::cli::CommandFailure& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "camnet: %s\n", e.what());
    return e.status;
  } catch (const camnet::host::CaptureError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "camnet: %s\n", e.what());
    return 1;
  } catch (const camnet::host::TodoReached& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "camnet: %s (this part of the lab is not written yet)\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "camnet: %s\n", e.what());
    return 1;
  }
  return 0;
}
