// Frames built byte by byte for the tests, straight from the layout in IEEE 802.3 (and 802.1Q for
// tags), so no test depends on the code under test to make its input.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "frame/mac_address.hpp"

namespace camnet::test {

inline MacAddress mac(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d,
                      std::uint8_t e, std::uint8_t f) {
  return MacAddress({a, b, c, d, e, f});
}

struct Tag {
  std::uint16_t tpid;
  std::uint16_t tci;
};

// destination, source, tags (TPID then TCI), EtherType, then `payload` bytes 0, 1, 2, ...
// The CRC-32 of IEEE 802.3 bit by bit, as the handout's pseudocode (§6) and every textbook write
// it: the tests' own, so that an expected FCS never comes from the code under test.
inline std::uint32_t textbook_crc32(const std::vector<std::uint8_t>& bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::uint8_t b : bytes) {
    crc ^= b;
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 1u) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
  }
  return crc ^ 0xFFFFFFFFu;
}

inline std::vector<std::uint8_t> frame(MacAddress destination, MacAddress source,
                                       std::uint16_t type, std::size_t payload = 46,
                                       std::initializer_list<Tag> tags = {}) {
  std::vector<std::uint8_t> out;
  for (std::uint8_t b : destination.octets())
    out.push_back(b);
  for (std::uint8_t b : source.octets())
    out.push_back(b);
  auto put16 = [&](std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
  };
  for (Tag tag : tags) {
    put16(tag.tpid);
    put16(tag.tci);
  }
  put16(type);
  for (std::size_t i = 0; i < payload; ++i)
    out.push_back(static_cast<std::uint8_t>(i));
  return out;
}

}  // namespace camnet::test
