#include "address/checksum.hpp"

#include <bit>
#include <cstring>

#include "camnet/panic.hpp"

namespace camnet {

std::uint16_t internet_checksum(Bytes data) {
  // TODO(lab 2): sum 16-bit big-endian words with end-around carry, then invert (handout §6)
  // The simple way: a 32-bit sum of 16-bit words (load_u16), then fold the carries above bit 15
  // back in (while sum >> 16: sum = (sum & 0xffff) + (sum >> 16)), then return ~sum.
  // A faster way (optional, handout §6): RFC 1071 shows the sum does not depend on byte order or word
  // size, so add whole 32-bit words in the machine's own byte order into a 64-bit accumulator,
  // fold once at the end, and swap the two bytes if the machine is little-endian.
  camnet::todo("TODO(lab 2): sum 16-bit big-endian words with end-around carry, then invert (handout §6)");
}

}  // namespace camnet
