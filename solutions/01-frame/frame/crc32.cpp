#include "frame/crc32.hpp"

#include "camnet/panic.hpp"

namespace camnet {

std::uint32_t crc32(Bytes data) {
  // BEGIN SOLUTION: the bit-by-bit reflected CRC-32 (handout §6)
  // Start from 0xFFFFFFFF. For each byte: XOR it into the low 8 bits, then 8 times shift right by
  // one and, if the bit shifted out was 1, XOR with 0xEDB88320. Invert the result at the end.
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::uint8_t byte : data) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) {
      std::uint32_t low_bit = crc & 1u;
      crc >>= 1;
      if (low_bit != 0)
        crc ^= 0xEDB88320u;
    }
  }
  return ~crc;
  // END SOLUTION
}

}  // namespace camnet
