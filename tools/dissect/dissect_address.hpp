// Lab 2's part of the dissector: ARP messages and IPv4 headers (internal to tools/dissect).
#pragma once

#include <cstdint>

#include <fmt/format.h>

#include "camnet/bytes.hpp"
#include "dissect.hpp"

namespace camnet::dissect {

// Appends one decoded field to `d` (shared by every lab's part of the dissector).
void add(Dissection& d, std::string key, std::string label, std::string value, std::size_t offset,
         std::size_t length, int depth);

// Adds the fields of the ARP message or IPv4 datagram in `payload`, which starts at `offset` in the
// frame; false (nothing added) if `type` is neither.
bool add_address_fields(Dissection& d, std::uint16_t type, Bytes payload, std::size_t offset);

// Appends "  who has 192.168.10.42? tell 192.168.10.20" or "  192.168.10.20 > 192.168.10.42 ICMP
// ..." to a summary line; nothing for other types.
void append_address_summary(fmt::memory_buffer& out, std::uint16_t type, Bytes payload);

}  // namespace camnet::dissect
