// camnet route: runs lab 3's Router over captures of what arrived on each of its interfaces.
//
// The router is built from a configuration file (tools/route/router_config.hpp: interfaces,
// routes, NAT). Each --in NAME=FILE capture holds the frames that arrived on interface NAME; the
// captures are merged by timestamp and fed to the router in that order, its clock ticked to each
// frame's time. What it sends on interface NAME is written to DIR/NAME.out.pcap, stamped with the
// time of the frame that caused it, and the log says frame by frame what the router did (from its
// counters). With --expect DIR2, DIR2/NAME.out.pcap (what a real router sent, e.g. Linux in lab 3's
// captures) is compared with what this router sent, frame by frame, field by field.
//
// Exit status: 0 when the replay ran (and, with --expect, everything matched), 1 when a frame
// differs, 2 for bad input (a configuration mistake, an unknown interface, a missing or broken
// capture), always with one line on standard error.
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "camnet/host/capture.hpp"
#include "camnet/host/format.hpp"
#include "commands.hpp"
#include "dissect.hpp"
#include "frame_fields.hpp"
#include "route_replay.hpp"
#include "router_config.hpp"

namespace camnet::cli {
namespace {

struct RouteOptions {
  std::string config;
  std::vector<std::string> inputs;
  std::string out_dir;
  std::string expect_dir;
};

std::string summary(Bytes frame) {
  fmt::memory_buffer line;
  dissect::append_frame_summary(line, static_cast<std::uint32_t>(frame.size()), frame);
  return fmt::to_string(line);
}

std::vector<std::vector<std::uint8_t>> read_all(const std::string& path) {
  host::CaptureReader reader(path);
  std::vector<std::vector<std::uint8_t>> frames;
  while (std::optional<host::CaptureRecord> r = reader.next())
    frames.emplace_back(r->bytes.begin(), r->bytes.end());
  return frames;
}

// Everything before the router runs; any mistake is bad input (exit status 2).
struct Setup {
  replay::RouterConfig config;
  std::vector<std::pair<std::size_t, std::string>> inputs;
  std::vector<replay::InputFrame> frames;
  std::vector<std::vector<std::vector<std::uint8_t>>> expected;  // per interface, with --expect
};

Setup prepare(const RouteOptions& o) {
  Setup s;
  s.config = replay::load_router_config(o.config);
  std::vector<bool> seen(s.config.interfaces.size(), false);
  for (const std::string& in : o.inputs) {
    std::size_t equals = in.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == in.size()) {
      throw CommandFailure(2,
                           fmt::format("--in '{}': expected NAME=FILE (e.g. if0=if0.in.pcap)", in));
    }
    std::string name = in.substr(0, equals);
    std::optional<std::size_t> index = s.config.find_interface(name);
    if (!index) {
      throw CommandFailure(2, fmt::format("--in {}: unknown interface '{}' ({} has {})", in, name,
                                          o.config, s.config.interface_names()));
    }
    if (seen[*index])
      throw CommandFailure(2,
                           fmt::format("--in {}: interface '{}' has a capture already", in, name));
    seen[*index] = true;
    s.inputs.emplace_back(*index, in.substr(equals + 1));
  }
  s.frames = replay::read_inputs(s.inputs);
  if (!o.expect_dir.empty()) {
    for (const replay::InterfaceConfig& i : s.config.interfaces) {
      auto path = std::filesystem::path(o.expect_dir) / (i.name + ".out.pcap");
      if (!std::filesystem::exists(path)) {
        throw CommandFailure(2, fmt::format("{}: no such file (--expect needs one capture per "
                                            "interface, NAME.out.pcap)",
                                            path.string()));
      }
      s.expected.push_back(read_all(path.string()));
    }
  }
  return s;
}

std::string interface_line(const replay::InterfaceConfig& i) {
  return fmt::format("{} {} ({}, MTU {})", i.name, replay::prefix_text(i.address, i.prefix_length),
                     i.mac, i.mtu);
}

void run_route(const RouteOptions& o) {
  Setup s;
  std::unique_ptr<replay::ConfiguredRouter> setup;
  try {
    s = prepare(o);
    setup = std::make_unique<replay::ConfiguredRouter>(s.config);
  } catch (const replay::ConfigError& e) {
    throw CommandFailure(2, e.what());
  } catch (const host::CaptureError& e) {
    throw CommandFailure(2, e.what());
  }
  std::size_t n = setup->interface_count();
  std::vector<std::unique_ptr<host::CaptureWriter>> writers;
  try {
    std::filesystem::create_directories(o.out_dir);
    for (std::size_t i = 0; i < n; ++i) {
      auto path = std::filesystem::path(o.out_dir) / (setup->name(i) + ".out.pcap");
      writers.push_back(std::make_unique<host::CaptureWriter>(path.string()));
    }
  } catch (const std::exception& e) {
    throw CommandFailure(2, e.what());
  }

  fmt::print("router from {}:\n", o.config);
  for (const replay::InterfaceConfig& i : s.config.interfaces)
    fmt::print("  interface {}\n", interface_line(i));
  for (const replay::RouteConfig& r : s.config.routes) {
    fmt::print("  route {}{} dev {}{}\n", replay::prefix_text(r.network, r.prefix_length),
               r.via ? fmt::format(" via {}", *r.via) : std::string(),
               s.config.interfaces[r.interface].name,
               r.metric != 0 ? fmt::format(" metric {}", r.metric) : std::string());
  }
  if (s.config.nat) {
    fmt::print("  nat masquerade dev {} (public address {})\n",
               setup->name(s.config.nat->interface), setup->nat()->public_address());
  }
  fmt::print("replaying {} frames from {} captures\n\n", s.frames.size(), s.inputs.size());

  std::vector<std::uint64_t> received(n);
  replay::ReplayResult result =
      replay::replay(*setup, s.frames, [&](const replay::ReplayStep& step) {
        const replay::InputFrame& in = *step.input;
        ++received[in.interface];
        fmt::print("{:>4}  {:>11.6f}  {} in   {}\n", step.index + 1,
                   std::chrono::duration<double>(step.since_start).count(),
                   setup->name(in.interface), summary(in.bytes));
        for (const std::string& action : step.actions)
          fmt::print("{:19}router   {}\n", "", action);
        if (step.actions.empty())
          fmt::print("{:19}router   (no counter moved)\n", "");
        for (const auto& [interface, frame] : step.sent) {
          writers[interface]->write(frame.time, frame.bytes);
          fmt::print("{:19}{} out  {}\n", "", setup->name(interface), summary(frame.bytes));
        }
      });
  for (auto& w : writers)
    w->flush();

  fmt::print("\ninterface  frames in  frames out  -> {}\n", o.out_dir);
  for (std::size_t i = 0; i < n; ++i) {
    fmt::print("{:<9}  {:>9}  {:>10}  {}.out.pcap\n", setup->name(i), received[i],
               result.sent[i].size(), setup->name(i));
  }
  const RouterCounters& c = result.counters;
  fmt::print(
      "router: {} datagrams received, {} forwarded ({} fragmented), {} for the router, {} ICMP "
      "errors sent, {} echo replies sent\n",
      c.received, c.forwarded, c.fragmented, c.for_router, c.icmp_errors_sent, c.echo_replies_sent);
  if (Nat* nat = setup->nat()) {
    fmt::print("nat: {} translated out, {} translated in, {} flows\n",
               nat->counters().translated_out, nat->counters().translated_in, nat->mapping_count());
  }

  if (o.expect_dir.empty())
    return;
  fmt::print("\ncompared with {}:\n", o.expect_dir);
  std::vector<replay::MaskedField> masks;
  std::size_t differing = 0;
  std::string reports;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::vector<std::uint8_t>> got;
    for (const replay::SentFrame& f : result.sent[i])
      got.push_back(f.bytes);
    replay::InterfaceComparison cmp =
        replay::compare_frames(setup->name(i) + ".out", s.expected[i], got, setup->addresses());
    for (replay::MaskedField& m : cmp.masked) {
      bool known = false;
      for (const replay::MaskedField& k : masks)
        known = known || k.field == m.field;
      if (!known)
        masks.push_back(std::move(m));
    }
    if (cmp.matches()) {
      fmt::print("  {}.out.pcap: {} frames, all match\n", setup->name(i), cmp.expected_frames);
    } else {
      ++differing;
      fmt::print("  {}.out.pcap: DIFFERS (expected {} frames, got {})\n", setup->name(i),
                 cmp.expected_frames, cmp.got_frames);
      reports += cmp.report;
    }
  }
  if (!masks.empty()) {
    fmt::print("fields not compared:\n");
    for (const replay::MaskedField& m : masks)
      fmt::print("  {}\n", m.reason);
  }
  if (differing > 0) {
    fmt::print("\n{}", reports);
    throw CommandFailure(1, fmt::format("route: what the router sent differs from {} on {} of {} "
                                        "interfaces (see above)",
                                        o.expect_dir, differing, n));
  }
}

}  // namespace

void add_route_command(CLI::App& app) {
  auto o = std::make_shared<RouteOptions>();
  CLI::App* r = app.add_subcommand(
      "route",
      "Run the lab 3 router, configured from a file, over captures of what arrived on its "
      "interfaces (merged by time); write what it sends on each interface to DIR/NAME.out.pcap "
      "and, with --expect, compare that with what a real router sent.");
  r->add_option("--config", o->config,
                "router configuration (interface, route, nat and forward lines; see "
                "labs/03-route/captures/*/router.conf)")
      ->required();
  r->add_option("--in", o->inputs,
                "NAME=FILE: the frames that arrived on interface NAME (once per interface)");
  r->add_option("--out", o->out_dir, "folder for NAME.out.pcap, one per interface")->required();
  r->add_option("--expect", o->expect_dir,
                "folder holding NAME.out.pcap as a real router sent them: compare, field by field");
  r->callback([o] { run_route(*o); });
}

}  // namespace camnet::cli
