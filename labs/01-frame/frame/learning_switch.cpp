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
  // TODO(lab 1): check the frame, learn its source, then forward, filter or flood it (handout §8)
  // EthernetView::check tells a whole frame from a broken one (count broken ones as malformed).
  // Learn only unicast sources: a group address never sends. Then look the destination up:
  // on another port -> send there (forwarded); on `ingress` -> drop (filtered); otherwise, or
  // for any group destination -> send out of every other port that is up (flooded, counted once).
  camnet::todo("TODO(lab 1): check the frame, learn its source, then forward, filter or flood it (handout §8)");
}

void LearningSwitch::learn(MacAddress source, std::size_t port) {
  // TODO(lab 1): add or refresh the entry for `source`; when the table is full, replace the least recently seen (handout §8)
  // Refreshing sets the port too: a station heard on a new port
  // has moved. The table never holds more than config_.table_capacity entries; count each
  // replacement as evicted.
  camnet::todo("TODO(lab 1): add or refresh the entry for `source`; when the table is full, replace the least recently seen (handout §8)");
}

void LearningSwitch::tick(Duration elapsed) {
  now_ += elapsed;
  for (std::size_t port = 0; port < ports_.size(); ++port) {
    if (ports_[port].poll_link() == LinkChange::went_down)
      forget_port(port);
  }
  // TODO(lab 1): forget every entry not seen for aging_time or longer (handout §8)
  // An entry learned at time t is still there at t + aging_time - 1 ms and gone at t + aging_time.
  camnet::todo("TODO(lab 1): forget every entry not seen for aging_time or longer (handout §8)");
}

void LearningSwitch::forget_port(std::size_t port) {
  // TODO(lab 1): remove every entry learned on `port` (handout §8)
  camnet::todo("TODO(lab 1): remove every entry learned on `port` (handout §8)");
}

void LearningSwitch::poll() {
  for (std::size_t port = 0; port < ports_.size(); ++port) {
    while (std::optional<PacketBuffer> frame = ports_[port].receive())
      receive(port, frame->bytes());
  }
}

std::optional<std::size_t> LearningSwitch::port_of(MacAddress address) const {
  // TODO(lab 1): look `address` up in the table (handout §8)
  camnet::todo("TODO(lab 1): look `address` up in the table (handout §8)");
}

std::size_t LearningSwitch::table_size() const {
  // TODO(lab 1): how many entries the table holds (handout §8)
  camnet::todo("TODO(lab 1): how many entries the table holds (handout §8)");
}

MacTableEntry LearningSwitch::entry(std::size_t index) const {
  if (index >= table_size())
    panic("LearningSwitch::entry: index past the table");
  // TODO(lab 1): entry number `index` of the table (handout §8)
  camnet::todo("TODO(lab 1): entry number `index` of the table (handout §8)");
}

}  // namespace camnet
