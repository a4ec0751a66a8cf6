#include "address/checksum.hpp"

#include <bit>
#include <cstring>

#include "camnet/panic.hpp"

namespace camnet {

std::uint16_t internet_checksum(Bytes data) {
  // BEGIN SOLUTION: sum 16-bit big-endian words with end-around carry, then invert (handout §6)
  // The simple way: a 32-bit sum of 16-bit words (load_u16), then fold the carries above bit 15
  // back in (while sum >> 16: sum = (sum & 0xffff) + (sum >> 16)), then return ~sum.
  // A faster way (optional, handout §6): RFC 1071 shows the sum does not depend on byte order or word
  // size, so add whole 32-bit words in the machine's own byte order into a 64-bit accumulator,
  // fold once at the end, and swap the two bytes if the machine is little-endian.
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  std::uint64_t sum = 0;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {  // four words per round: fewer loop branches
    std::uint32_t w[4];
    std::memcpy(w, p + i, 16);
    sum += std::uint64_t{w[0]} + w[1] + w[2] + w[3];
  }
  for (; i + 4 <= n; i += 4) {
    std::uint32_t w;
    std::memcpy(&w, p + i, 4);
    sum += w;
  }
  if (i + 2 <= n) {
    std::uint16_t w;
    std::memcpy(&w, p + i, 2);
    sum += w;
    i += 2;
  }
  if (i < n) {
    const std::uint8_t last[2] = {p[i], 0};  // the odd byte, padded with a zero after it
    std::uint16_t w;
    std::memcpy(&w, last, 2);
    sum += w;
  }
  while ((sum >> 16) != 0)
    sum = (sum & 0xffff) + (sum >> 16);
  auto folded = static_cast<std::uint16_t>(sum);
  if constexpr (std::endian::native == std::endian::little) {
    folded = static_cast<std::uint16_t>((folded >> 8) | (folded << 8));
  }
  return static_cast<std::uint16_t>(~folded);
  // END SOLUTION
}

}  // namespace camnet
