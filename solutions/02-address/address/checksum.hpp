// The Internet checksum (RFC 1071): the 16-bit check carried by IPv4, ICMP, UDP and TCP headers.
//
// Add up the data as 16-bit big-endian words in ones' complement arithmetic (a carry out of the top
// bit is added back in at the bottom), then invert the result. A receiver sums the header including
// the checksum field and gets 0xffff, so internet_checksum() over it returns 0.
#pragma once

#include <cstdint>

#include "camnet/bytes.hpp"

namespace camnet {

// The checksum to write into a header (with the field itself zero while it is computed);
// over data that contains a correct checksum it returns 0. An odd last byte counts as the high
// byte of a word whose low byte is zero.
std::uint16_t internet_checksum(Bytes data);

}  // namespace camnet
