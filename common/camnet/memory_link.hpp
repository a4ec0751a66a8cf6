// In-memory links: a piece of cable, or a shared medium several stations listen on.
//
// MemoryMedium<S> joins S stations. Whatever one station sends arrives at every other station, as
// on the coaxial Ethernet of the 1980s (and as at a hub); with S = 2 that is simply a cable, so
// MemoryWire is the two-station case. Each station's inbox holds `Depth` frames; a frame that
// arrives at a full inbox is dropped and counted. Tests and simulations unplug the cable with
// set_up(false).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "camnet/bounded_queue.hpp"
#include "camnet/link.hpp"
#include "camnet/panic.hpp"

namespace camnet {

template <std::size_t Stations = 2, std::size_t Depth = 16>
class MemoryMedium {
 public:
  MemoryMedium() {
    for (std::size_t i = 0; i < Stations; ++i)
      stations_[i].attach(this, i);
  }
  // Stations keep a pointer to their medium, so the medium must stay where it is.
  MemoryMedium(const MemoryMedium&) = delete;
  MemoryMedium& operator=(const MemoryMedium&) = delete;

  Link& station(std::size_t i) {
    if (i >= Stations)
      panic("MemoryMedium::station: no such station");
    return stations_[i];
  }
  void set_up(bool up) { up_ = up; }
  bool is_up() const { return up_; }
  // Frames that reached a station whose inbox was full.
  std::uint64_t dropped_inbox_full() const { return dropped_; }

 private:
  class Station final : public Link {
   public:
    void attach(MemoryMedium* medium, std::size_t index) {
      medium_ = medium;
      index_ = index;
    }
    SendStatus send(Bytes frame) override { return medium_->carry(index_, frame); }
    std::optional<PacketBuffer> receive() override { return inbox_.pop(); }
    bool is_up() const override { return medium_->up_; }

    BoundedQueue<PacketBuffer, Depth> inbox_;

   private:
    MemoryMedium* medium_ = nullptr;
    std::size_t index_ = 0;
  };

  SendStatus carry(std::size_t from, Bytes frame) {
    if (!up_)
      return SendStatus::link_down;
    if (frame.size() > PacketBuffer::max_size)
      return SendStatus::too_big;
    for (std::size_t i = 0; i < Stations; ++i) {
      if (i == from)
        continue;
      if (!stations_[i].inbox_.push(PacketBuffer{frame}))
        ++dropped_;
    }
    return SendStatus::sent;
  }

  std::array<Station, Stations> stations_;
  bool up_ = true;
  std::uint64_t dropped_ = 0;
};

using MemoryWire = MemoryMedium<2>;

}  // namespace camnet
