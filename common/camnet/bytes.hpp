// Reading and writing big-endian ("network byte order") fields, with bounds checks.
//
// Every multi-byte field on the wire is sent most significant byte first. These helpers read and
// write such fields over a span of bytes; none of them ever touches a byte outside the span.
//
//   ByteReader in{frame};
//   auto type = in.u16_at(12);          // std::nullopt if the frame is shorter than 14 bytes
//
//   ByteWriter out{buffer};
//   out.put_u16(0x0800);                // false once the buffer is full; nothing is written past
//   it
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace camnet {

using Bytes = std::span<const std::uint8_t>;
using MutableBytes = std::span<std::uint8_t>;

// Unchecked loads and stores, for code that has already verified the length once (a checked view).
constexpr std::uint16_t load_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
constexpr std::uint32_t load_u32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}
constexpr void store_u16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
constexpr void store_u32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

// Random-access reads at an offset; each says std::nullopt instead of reading out of bounds.
class ByteReader {
 public:
  constexpr explicit ByteReader(Bytes bytes) : bytes_(bytes) {}

  constexpr std::size_t size() const { return bytes_.size(); }
  constexpr bool has(std::size_t offset, std::size_t count) const {
    return offset <= bytes_.size() && count <= bytes_.size() - offset;
  }
  constexpr std::optional<std::uint8_t> u8_at(std::size_t offset) const {
    if (!has(offset, 1))
      return std::nullopt;
    return bytes_[offset];
  }
  constexpr std::optional<std::uint16_t> u16_at(std::size_t offset) const {
    if (!has(offset, 2))
      return std::nullopt;
    return load_u16(bytes_.data() + offset);
  }
  constexpr std::optional<std::uint32_t> u32_at(std::size_t offset) const {
    if (!has(offset, 4))
      return std::nullopt;
    return load_u32(bytes_.data() + offset);
  }
  // The `count` bytes at `offset`, or std::nullopt if they are not all there.
  constexpr std::optional<Bytes> bytes_at(std::size_t offset, std::size_t count) const {
    if (!has(offset, count))
      return std::nullopt;
    return bytes_.subspan(offset, count);
  }

 private:
  Bytes bytes_;
};

// Sequential writes from the front of a buffer. A write that does not fit writes nothing and
// returns false; `ok()` stays false from then on, so a caller can write a whole header and check
// once.
class ByteWriter {
 public:
  constexpr explicit ByteWriter(MutableBytes out) : out_(out) {}

  constexpr bool put_u8(std::uint8_t v) {
    if (!reserve(1))
      return false;
    out_[used_++] = v;
    return true;
  }
  constexpr bool put_u16(std::uint16_t v) {
    if (!reserve(2))
      return false;
    store_u16(out_.data() + used_, v);
    used_ += 2;
    return true;
  }
  constexpr bool put_u32(std::uint32_t v) {
    if (!reserve(4))
      return false;
    store_u32(out_.data() + used_, v);
    used_ += 4;
    return true;
  }
  constexpr bool put_bytes(Bytes bytes) {
    if (!reserve(bytes.size()))
      return false;
    for (std::uint8_t b : bytes)
      out_[used_++] = b;
    return true;
  }
  constexpr bool put_zeros(std::size_t count) {
    if (!reserve(count))
      return false;
    for (std::size_t i = 0; i < count; ++i)
      out_[used_++] = 0;
    return true;
  }

  constexpr std::size_t written() const { return used_; }
  constexpr std::size_t remaining() const { return out_.size() - used_; }
  constexpr bool ok() const { return ok_; }
  constexpr Bytes bytes() const { return Bytes{out_.data(), used_}; }

 private:
  constexpr bool reserve(std::size_t count) {
    if (!ok_ || count > out_.size() - used_) {
      ok_ = false;
      return false;
    }
    return true;
  }

  MutableBytes out_;
  std::size_t used_ = 0;
  bool ok_ = true;
};

}  // namespace camnet
