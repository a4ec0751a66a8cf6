// camnet switch: runs lab 1's learning switch over one capture per port.
//
// The i-th --in capture holds the frames that arrived on port i, counting from 0 as LearningSwitch
// and the tests do. The captures are merged by timestamp and fed to the switch in that order, with
// the switch's clock ticked to each frame's time. What the switch sends out of port i is written to
// DIR/port<i>.pcap.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "camnet/host/capture_link.hpp"
#include "camnet/host/format.hpp"
#include "commands.hpp"
#include "frame/learning_switch.hpp"

namespace camnet::cli {
namespace {

struct SwitchOptions {
  std::size_t ports = 0;
  std::vector<std::string> inputs;
  std::string out_dir;
  double aging_seconds = 300;
  std::size_t table = 1024;
};

void run_switch(const SwitchOptions& o) {
  if (o.inputs.size() != o.ports) {
    throw std::runtime_error(fmt::format("--ports {} needs {} --in captures, one per port; got {}",
                                         o.ports, o.ports, o.inputs.size()));
  }
  if (o.ports == 0 || o.ports > LearningSwitch::max_ports) {
    throw std::runtime_error(fmt::format("--ports must be 1 to {}", LearningSwitch::max_ports));
  }
  std::filesystem::create_directories(o.out_dir);

  std::vector<std::unique_ptr<host::CaptureReader>> readers;
  for (const std::string& path : o.inputs)
    readers.push_back(std::make_unique<host::CaptureReader>(path));

  host::CaptureTime now{0};
  auto clock = [&now] { return now; };
  std::vector<std::unique_ptr<host::CaptureWriter>> writers;
  std::vector<std::unique_ptr<host::CaptureSinkLink>> links;
  std::vector<Port> ports;
  ports.reserve(o.ports);
  for (std::size_t i = 0; i < o.ports; ++i) {
    auto path = std::filesystem::path(o.out_dir) / fmt::format("port{}.pcap", i);
    writers.push_back(std::make_unique<host::CaptureWriter>(path.string()));
    links.push_back(std::make_unique<host::CaptureSinkLink>(*writers.back(), clock));
    ports.emplace_back(*links.back());
  }
  SwitchConfig config;
  config.aging_time = Duration(static_cast<std::int64_t>(o.aging_seconds * 1000));
  config.table_capacity = o.table;
  LearningSwitch sw(ports, config);

  // The next record of each input; the earliest goes first.
  std::vector<std::optional<host::CaptureRecord>> next(o.ports);
  std::vector<std::vector<std::uint8_t>> held(
      o.ports);  // record bytes live only until the next read
  auto advance = [&](std::size_t i) {
    next[i] = readers[i]->next();
    if (next[i]) {
      held[i].assign(next[i]->bytes.begin(), next[i]->bytes.end());
      next[i]->bytes = Bytes{held[i]};
    }
  };
  for (std::size_t i = 0; i < o.ports; ++i)
    advance(i);

  std::optional<host::CaptureTime> start;
  Timestamp switch_time{0};
  std::vector<std::uint64_t> received(o.ports);
  while (true) {
    std::optional<std::size_t> earliest;
    for (std::size_t i = 0; i < o.ports; ++i) {
      if (next[i] && (!earliest || next[i]->time < next[*earliest]->time))
        earliest = i;
    }
    if (!earliest)
      break;
    host::CaptureRecord& record = *next[*earliest];
    if (!start)
      start = record.time;
    now = record.time;
    auto elapsed = std::chrono::duration_cast<Duration>(record.time - *start) - switch_time;
    if (elapsed > Duration::zero()) {
      sw.tick(elapsed);
      switch_time += elapsed;
    }
    sw.receive(*earliest, record.bytes);
    ++received[*earliest];
    advance(*earliest);
  }

  for (auto& w : writers)
    w->flush();
  fmt::print("port  frames in  frames out  dropped  -> {}\n", o.out_dir);
  for (std::size_t i = 0; i < o.ports; ++i) {
    fmt::print("{:>4}  {:>9}  {:>10}  {:>7}\n", i, received[i], ports[i].counters().tx_frames,
               ports[i].counters().tx_dropped);
  }
  const SwitchCounters& c = sw.counters();
  fmt::print("forwarded {}, flooded {}, filtered {}, malformed {}, evicted {}\n", c.forwarded,
             c.flooded, c.filtered, c.malformed, c.evicted);
  fmt::print("MAC table at the end ({} entries):\n", sw.table_size());
  for (std::size_t i = 0; i < sw.table_size(); ++i) {
    MacTableEntry e = sw.entry(i);
    fmt::print("  {}  port {}  last seen {} after the first frame\n", e.address, e.port,
               Duration(e.last_seen.count()));
  }
}

}  // namespace

void add_switch_command(CLI::App& app) {
  auto o = std::make_shared<SwitchOptions>();
  CLI::App* s = app.add_subcommand(
      "switch",
      "Run the lab 1 learning switch over one capture per port (merged by time) and write "
      "what it sends out of each port to DIR/port<N>.pcap (ports count from 0).");
  s->add_option("--ports", o->ports, "number of ports")->required();
  s->add_option("--in", o->inputs,
                "capture of the frames arriving on port 0, 1, ... (once per port, in order)")
      ->required();
  s->add_option("--out", o->out_dir, "folder for port0.pcap, port1.pcap, ...")->required();
  s->add_option("--aging", o->aging_seconds, "aging time in seconds (default 300)")
      ->check(CLI::PositiveNumber);
  s->add_option("--table", o->table, "MAC table capacity (default 1024)")
      ->check(CLI::Range(std::size_t{1}, LearningSwitch::max_table_capacity));
  s->callback([o] { run_switch(*o); });
}

}  // namespace camnet::cli
