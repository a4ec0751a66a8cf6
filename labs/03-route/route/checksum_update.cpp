#include "route/checksum_update.hpp"

#include "camnet/panic.hpp"  // todo() in the student edition

namespace camnet {

std::uint16_t adjust_checksum(std::uint16_t checksum, std::uint16_t old_word,
                              std::uint16_t new_word) {
  // TODO(lab 3): RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'), with the carries folded back in (handout §4)
  // Work in a 32-bit sum of three 16-bit values (~HC and ~m masked to 16 bits), fold the carries
  // above bit 15 back in (twice is enough), then invert and keep 16 bits.
  camnet::todo("TODO(lab 3): RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'), with the carries folded back in (handout §4)");
}

}  // namespace camnet
