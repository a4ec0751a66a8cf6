// The dissector's part for Linux cooked captures (internal to tools/dissect): the SLL or SLL2
// header of each record (linux_cooked.hpp), then the packet it carries, decoded as tshark does:
// by EtherType (lab 2's ARP and IPv4), a whole Ethernet frame for Linux protocol ETH_P_ALL
// (0x0003), and the bytes alone for anything else.
#pragma once

#include <cstdint>

#include <fmt/format.h>

#include "camnet/bytes.hpp"
#include "dissect_parts.hpp"

namespace camnet::dissect {

// Every field of the cooked record `record` (options.link says SLL or SLL2).
void add_linux_cooked_fields(Dissection& d, Bytes record, const Options& options);

// Appends "if 2  00:1b:21:3a:4f:10 (unicast to us)  IPv4 (0x0800)  104 bytes  ..." (no interface
// for SLL, which does not record it).
void append_linux_cooked_summary(fmt::memory_buffer& out, std::uint32_t wire_length, Bytes record,
                                 const Options& options);

}  // namespace camnet::dissect
