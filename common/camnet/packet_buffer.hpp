// PacketBuffer: one frame's worth of bytes, with room in front for headers.
//
// A datagram travels down the stack: UDP adds its header, then IPv4, then Ethernet. Each layer
// prepends into the headroom instead of copying the payload into a bigger buffer. The storage is
// a fixed array inside the object (no heap), so a queue of N buffers has a size you can name.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "camnet/bytes.hpp"

namespace camnet {

class PacketBuffer {
 public:
  // Enough in front for Ethernet with two VLAN tags (22), IPv4 with options (60) and TCP (60).
  static constexpr std::size_t headroom = 160;
  // The largest Ethernet frame with two tags and an FCS is 1526 bytes; round up.
  static constexpr std::size_t max_size = 1536;

  PacketBuffer() = default;
  // A buffer holding a copy of `bytes`; it holds max_size bytes at most (a longer input is cut,
  // and truncated() says so).
  explicit PacketBuffer(Bytes bytes) { assign(bytes); }

  void assign(Bytes bytes) {
    begin_ = headroom;
    truncated_ = bytes.size() > max_size;
    end_ = begin_ + (truncated_ ? max_size : bytes.size());
    for (std::size_t i = begin_; i < end_; ++i)
      storage_[i] = bytes[i - begin_];
  }

  // Makes room for `count` bytes in front of the current contents and returns them, or an empty
  // span if the headroom is used up.
  MutableBytes prepend(std::size_t count) {
    if (count > begin_)
      return {};
    begin_ -= count;
    return MutableBytes{storage_.data() + begin_, count};
  }
  // Adds `count` bytes at the end and returns them, or an empty span if there is no room.
  MutableBytes append(std::size_t count) {
    if (count > storage_.size() - end_)
      return {};
    std::size_t old_end = end_;
    end_ += count;
    return MutableBytes{storage_.data() + old_end, count};
  }
  // Drops `count` bytes from the front (a header that has been read); false if there are fewer.
  bool consume_front(std::size_t count) {
    if (count > size())
      return false;
    begin_ += count;
    return true;
  }
  // Shortens the contents to `count` bytes (drops padding or an FCS at the end).
  void truncate(std::size_t count) {
    if (count < size())
      end_ = begin_ + count;
  }

  std::size_t size() const { return end_ - begin_; }
  bool empty() const { return size() == 0; }
  bool truncated() const { return truncated_; }
  Bytes bytes() const { return Bytes{storage_.data() + begin_, size()}; }
  MutableBytes mutable_bytes() { return MutableBytes{storage_.data() + begin_, size()}; }

 private:
  std::array<std::uint8_t, headroom + max_size> storage_{};
  std::size_t begin_ = headroom;
  std::size_t end_ = headroom;
  bool truncated_ = false;
};

}  // namespace camnet
