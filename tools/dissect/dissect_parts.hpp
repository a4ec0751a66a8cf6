// What the parts of the dissector share (internal to tools/dissect): appending decoded fields, the
// summary line's writers, and handing a link header's payload to the part that decodes it.
//
// The parts: dissect.cpp (Ethernet, lab 1), dissect_address.cpp (ARP and IPv4, lab 2) and
// dissect_linux_cooked.cpp (the Linux cooked headers of `tcpdump -i any` captures).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "camnet/bytes.hpp"
#include "dissect.hpp"

namespace camnet::dissect {

// The summary line's writers (the hot path of `camnet dissect`): bulk appends to the buffer, which
// profiled at about twice the speed of fmt's general path for these short pieces.
inline void put(fmt::memory_buffer& out, std::string_view text) {
  out.append(text.data(), text.data() + text.size());
}
inline void put_uint(fmt::memory_buffer& out, std::uint64_t value) {
  fmt::format_int digits(value);
  out.append(digits.data(), digits.data() + digits.size());
}
// `value` right-aligned in `width` columns.
inline void put_uint(fmt::memory_buffer& out, std::uint64_t value, std::size_t width) {
  fmt::format_int digits(value);
  for (std::size_t i = digits.size(); i < width; ++i)
    out.push_back(' ');
  out.append(digits.data(), digits.data() + digits.size());
}
// "0x0800"
inline void put_hex4(fmt::memory_buffer& out, std::uint16_t value) {
  constexpr char hex[] = "0123456789abcdef";
  const char text[6] = {'0',
                        'x',
                        hex[value >> 12],
                        hex[(value >> 8) & 0xf],
                        hex[(value >> 4) & 0xf],
                        hex[value & 0xf]};
  out.append(text, text + 6);
}
// "  [what is wrong]": how a summary line sets a fault apart from the fields it could read.
inline void put_fault(fmt::memory_buffer& out, std::string_view fault) {
  put(out, "  [");
  put(out, fault);
  put(out, "]");
}

// Appends one decoded field to `d`.
void add(Dissection& d, std::string key, std::string label, std::string value, std::size_t offset,
         std::size_t length, int depth);

// "0x0800 (IPv4)", "0x88cc (LLDP)", "0x1234", or "46 (802.3 length: LLC follows)".
std::string describe_ethertype(std::uint16_t type);
// "IPv4 (0x0800)" on a summary line.
void put_ethertype(fmt::memory_buffer& out, std::uint16_t type);

// What the bytes after a link header are called when they are not part of the packet: Ethernet's
// padding up to its 60-byte minimum, or whatever Linux kept after a packet in a cooked record.
struct PaddingName {
  const char* key;
  const char* label;
};

// The fields of what follows a link header whose type field says `type` (an EtherType): lab 2's ARP
// and IPv4 when options.labs allows, else the bytes. `payload` starts at `offset` in the frame;
// its heading is at `depth`.
void add_payload_fields(Dissection& d, std::uint16_t type, Bytes payload, std::size_t offset,
                        int depth, const Options& options, PaddingName padding);
// Appends what lab 2 makes of that payload to a summary line ("  who has ...").
void append_payload_summary(fmt::memory_buffer& out, std::uint16_t type, Bytes payload,
                            const Options& options);

// The Ethernet frame at `offset` in the record (a whole record, or what a Linux cooked header with
// protocol ETH_P_ALL carries), its heading at `depth`.
void add_ethernet_fields(Dissection& d, Bytes frame, std::size_t offset, int depth,
                         const Options& options);

}  // namespace camnet::dissect
