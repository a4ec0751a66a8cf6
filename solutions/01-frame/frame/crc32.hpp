// CRC-32, the Ethernet frame check sequence (FCS) (book section 12.3: "bad frames are dropped").
//
// The sender computes a 32-bit CRC over the frame (destination MAC to the end of the padding) and
// appends it; the receiver computes it again and drops the frame if the two differ. IEEE 802.3 uses
// the polynomial 0x04C11DB7, processed least significant bit first (reflected: 0xEDB88320),
// starting from 0xFFFFFFFF and inverting the result. The four FCS bytes go on the wire least
// significant byte first.
#pragma once

#include <cstdint>

#include "camnet/bytes.hpp"

namespace camnet {

// The CRC-32 of `data`; crc32 of the nine bytes "123456789" is 0xCBF43926.
std::uint32_t crc32(Bytes data);

}  // namespace camnet
