// A switch on a test bench: N stations, each on a cable to one switch port. Every action is told
// as a numbered step, so a failing test shows how it got there.
#pragma once

#include <memory>
#include <vector>

#include "camnet/testing/catch.hpp"

#include "camnet/host/format.hpp"
#include "camnet/memory_link.hpp"
#include "camnet/testing/story.hpp"
#include "frame/learning_switch.hpp"
#include "frames.hpp"

namespace camnet::test {

inline MacAddress station_mac(int n) {
  return mac(0x02, 0, 0, 0, 0, static_cast<std::uint8_t>(n));
}

class SwitchBench {
 public:
  explicit SwitchBench(std::size_t port_count, SwitchConfig config = {}) {
    for (std::size_t i = 0; i < port_count; ++i) {
      wires_.push_back(std::make_unique<MemoryMedium<2, 64>>());
      ports_.emplace_back(wires_.back()->station(0));
    }
    switch_ = std::make_unique<LearningSwitch>(ports_, config);
    story.step("a switch with {} ports (0 to {}) starts with an empty table", port_count,
               port_count - 1);
  }

  // The station on `port` sends a frame from `source` to `destination`; the switch handles it.
  void send(std::size_t port, MacAddress source, MacAddress destination) {
    story.step("port {} receives a frame {} -> {}", port, source, destination);
    auto bytes = frame(destination, source, 0x0800, 46);
    switch_->receive(port, bytes);
  }
  void pass(Duration elapsed) {
    story.step("{} pass", elapsed);
    switch_->tick(elapsed);
  }
  void unplug(std::size_t port) {
    story.step("the cable on port {} is pulled out", port);
    wires_[port]->set_up(false);
  }

  // The ports where a frame came out since the last call, in port order (each frame counted).
  std::vector<std::size_t> ports_that_sent() {
    std::vector<std::size_t> out;
    for (std::size_t p = 0; p < wires_.size(); ++p) {
      while (wires_[p]->station(1).receive())
        out.push_back(p);
    }
    return out;
  }

  LearningSwitch& sw() { return *switch_; }
  Port& port(std::size_t p) { return ports_[p]; }
  testing::Story story;

 private:
  std::vector<std::unique_ptr<MemoryMedium<2, 64>>> wires_;
  std::vector<Port> ports_;
  std::unique_ptr<LearningSwitch> switch_;
};

using Ports = std::vector<std::size_t>;

}  // namespace camnet::test
