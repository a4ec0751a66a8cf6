#include "frame/learning_switch.hpp"

#include "camnet/panic.hpp"
#include "frame/ethernet.hpp"

namespace camnet {

LearningSwitch::LearningSwitch(std::span<Port> ports, SwitchConfig config)
    : ports_(ports), config_(config) {
  if (ports.size() > max_ports)
    panic("LearningSwitch: more ports than max_ports");
  if (config.table_capacity == 0 || config.table_capacity > max_table_capacity) {
    panic("LearningSwitch: table_capacity must be between 1 and max_table_capacity");
  }
  for (Port& port : ports_)
    port.poll_link();
}

void LearningSwitch::receive(std::size_t ingress, Bytes frame) {
  if (ingress >= ports_.size())
    panic("LearningSwitch::receive: no such port");
  // BEGIN SOLUTION: check the frame, learn its source, then forward, filter or flood it (handout §8)
  // EthernetView::check tells a whole frame from a broken one (count broken ones as malformed).
  // Learn only unicast sources: a group address never sends. Then look the destination up:
  // on another port -> send there (forwarded); on `ingress` -> drop (filtered); otherwise, or
  // for any group destination -> send out of every other port that is up (flooded, counted once).
  Result<EthernetView, FrameError> view = EthernetView::check(frame);
  if (!view) {
    ++counters_.malformed;
    return;
  }
  MacAddress source = view->source();
  MacAddress destination = view->destination();
  if (source.is_unicast())
    learn(source, ingress);

  std::optional<std::size_t> egress;
  if (destination.is_unicast())
    egress = port_of(destination);
  if (egress && *egress == ingress) {
    ++counters_.filtered;
    return;
  }
  if (egress) {
    ports_[*egress].send(frame);
    ++counters_.forwarded;
    return;
  }
  for (std::size_t port = 0; port < ports_.size(); ++port) {
    if (port != ingress && ports_[port].is_up())
      ports_[port].send(frame);
  }
  ++counters_.flooded;
  // END SOLUTION
}

void LearningSwitch::learn(MacAddress source, std::size_t port) {
  // BEGIN SOLUTION: add or refresh the entry for `source`; when the table is full, replace the least recently seen (handout §8)
  // Refreshing sets the port too: a station heard on a new port
  // has moved. The table never holds more than config_.table_capacity entries; count each
  // replacement as evicted.
  for (std::size_t i = 0; i < used_; ++i) {
    if (entries_[i].address == source) {
      entries_[i].port = port;
      entries_[i].last_seen = now_;
      return;
    }
  }
  if (used_ < config_.table_capacity) {
    entries_[used_++] = MacTableEntry{source, port, now_};
    return;
  }
  std::size_t oldest = 0;
  for (std::size_t i = 1; i < used_; ++i) {
    if (entries_[i].last_seen < entries_[oldest].last_seen)
      oldest = i;
  }
  entries_[oldest] = MacTableEntry{source, port, now_};
  ++counters_.evicted;
  // END SOLUTION
}

void LearningSwitch::tick(Duration elapsed) {
  now_ += elapsed;
  for (std::size_t port = 0; port < ports_.size(); ++port) {
    if (ports_[port].poll_link() == LinkChange::went_down)
      forget_port(port);
  }
  // BEGIN SOLUTION: forget every entry not seen for aging_time or longer (handout §8)
  // An entry learned at time t is still there at t + aging_time - 1 ms and gone at t + aging_time.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < used_; ++i) {
    if (now_ - entries_[i].last_seen < config_.aging_time)
      entries_[kept++] = entries_[i];
  }
  used_ = kept;
  // END SOLUTION
}

void LearningSwitch::forget_port(std::size_t port) {
  // BEGIN SOLUTION: remove every entry learned on `port` (handout §8)
  std::size_t kept = 0;
  for (std::size_t i = 0; i < used_; ++i) {
    if (entries_[i].port != port)
      entries_[kept++] = entries_[i];
  }
  used_ = kept;
  // END SOLUTION
}

void LearningSwitch::poll() {
  for (std::size_t port = 0; port < ports_.size(); ++port) {
    while (std::optional<PacketBuffer> frame = ports_[port].receive())
      receive(port, frame->bytes());
  }
}

std::optional<std::size_t> LearningSwitch::port_of(MacAddress address) const {
  // BEGIN SOLUTION: look `address` up in the table (handout §8)
  for (std::size_t i = 0; i < used_; ++i) {
    if (entries_[i].address == address)
      return entries_[i].port;
  }
  return std::nullopt;
  // END SOLUTION
}

std::size_t LearningSwitch::table_size() const {
  // BEGIN SOLUTION: how many entries the table holds (handout §8)
  return used_;
  // END SOLUTION
}

MacTableEntry LearningSwitch::entry(std::size_t index) const {
  if (index >= table_size())
    panic("LearningSwitch::entry: index past the table");
  // BEGIN SOLUTION: entry number `index` of the table (handout §8)
  return entries_[index];
  // END SOLUTION
}

}  // namespace camnet
