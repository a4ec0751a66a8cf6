// Lab 2's part of the dissector: ARP messages and IPv4 headers (internal to tools/dissect).
//
// Headers the lab's checked views accept are decoded through them. Headers they refuse are still
// read, field by field at the offsets RFC 791 and RFC 826 fix and with every read bounds-checked,
// so that a summary line names what it can (addresses, protocol, ...) and then says what is wrong:
//   192.168.10.20 > 192.168.10.42  ICMP  ttl 64  id 0x1c46  DF  [bad checksum 0x1234, should be 0x88d4]
#pragma once

#include <cstdint>

#include <fmt/format.h>

#include "camnet/bytes.hpp"
#include "dissect_parts.hpp"

namespace camnet::dissect {

// Adds the fields of the ARP message or IPv4 datagram in `payload`, which starts at `offset` in the
// frame, its heading at `depth`; false (nothing added) if `type` is neither.
bool add_address_fields(Dissection& d, std::uint16_t type, Bytes payload, std::size_t offset,
                        int depth, PaddingName padding);

// Appends "  who has 192.168.10.42? tell 192.168.10.20" or "  192.168.10.20 > 192.168.10.42 ICMP
// ..." to a summary line, and for a malformed header what is wrong; nothing for other types.
void append_address_summary(fmt::memory_buffer& out, std::uint16_t type, Bytes payload);

}  // namespace camnet::dissect
