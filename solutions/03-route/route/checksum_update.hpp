// The incremental checksum update of RFC 1624, shared by the router (the TTL it decrements, handout
// §4) and the NAT (the addresses and ports it rewrites, handout §7).
//
// The Internet checksum (RFC 1071, lab 2) is the ones' complement of the ones' complement sum of
// 16-bit words. When one word m of the data becomes m', the new checksum follows from the old one
// alone, without reading the rest of the data again (RFC 1624, eqn. 3):
//
//   HC' = ~(~HC + ~m + m')        (ones' complement arithmetic: carries out of bit 15 fold back)
//
// The result equals a full recomputation. RFC 1141's older eqn. 2, HC' = HC + m - m', does not: it
// can give 0xffff where a recomputation gives 0x0000 (RFC 1624 section 4), so do not "simplify".
#pragma once

#include <cstdint>

namespace camnet {

// The new checksum of data whose checksum was `checksum` once its 16-bit word `old_word` became
// `new_word`. Changing several words: apply it once per word.
std::uint16_t adjust_checksum(std::uint16_t checksum, std::uint16_t old_word,
                              std::uint16_t new_word);

}  // namespace camnet
