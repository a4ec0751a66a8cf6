#include "frame/crc32.hpp"

#include "camnet/panic.hpp"

namespace camnet {

std::uint32_t crc32(Bytes data) {
  // TODO(lab 1): the bit-by-bit reflected CRC-32 (handout §6)
  // Start from 0xFFFFFFFF. For each byte: XOR it into the low 8 bits, then 8 times shift right by
  // one and, if the bit shifted out was 1, XOR with 0xEDB88320. Invert the result at the end.
  camnet::todo("TODO(lab 1): the bit-by-bit reflected CRC-32 (handout §6)");
}

}  // namespace camnet
