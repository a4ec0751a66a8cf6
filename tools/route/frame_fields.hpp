// Frames decoded field by field under tshark's names, and compared (host only).
//
// The decoder here reads Ethernet, ARP, IPv4, ICMP (with the datagram an ICMP error quotes), UDP
// and TCP at the fixed offsets of their RFCs. It uses none of the labs' code: it is the independent
// side of every comparison between what a student's router sent and what Linux sent, and its output
// is checked against tshark's decode of every lab 3 capture (tools/route/tests). Names and value
// formats are tshark's (`-T fields`: "0x00c0", "10.0.0.1", "1"); a field of the datagram quoted
// inside an ICMP error carries tshark's occurrence suffix: ip.ttl is the outer TTL, ip.ttl#2 the
// quoted one. `*.checksum.status` is computed here as tshark does: 1 good, 0 bad, 2 not verifiable
// (the bytes it covers are not all there).
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "address/ipv4_address.hpp"
#include "camnet/bytes.hpp"

namespace camnet::replay {

struct WireField {
  std::string name;   // "ip.ttl", "ip.ttl#2", "udp.payload"
  std::string value;  // as tshark prints it; payloads as "N bytes" (their bytes are compared apart)
  std::size_t offset = 0;  // in the frame
  std::size_t length = 0;  // bytes (0 for computed fields such as checksum statuses)
};

// Every field of `frame` this decoder knows, outermost first.
std::vector<WireField> decode_frame(Bytes frame);

// "10.0.0.1 > 10.0.0.42 ICMP time exceeded (11/0)", "ARP reply 10.0.0.1 is at 02:..": a short
// description for diff headings.
std::string brief(Bytes frame);

// A field left out of the comparison, and why (printed once per run).
struct MaskedField {
  std::string field;
  std::string reason;
};

// The comparison of one frame: "" when equal, else a field-by-field table (expected = Linux's
// frame) and, if the fields agree but bytes do not, where the bytes first differ.
struct FrameComparison {
  std::string diff;
  std::vector<MaskedField> masked;  // the masks that applied to this frame
};

// `router_addresses`: the router's own addresses. The masks:
//   - ip.id and ip.checksum of an ICMP message the router originated (an error or echo reply whose
//     source is one of its addresses): Linux picks the identification from a per-destination hash;
//     the checksum covers it. ip.checksum.status stays compared: the checksum must still be right.
//   - eth.padding: bytes after the ARP message or the IPv4 datagram (Linux's veth does not pad to
//     60 bytes; an Ethernet interface must). Not compared.
FrameComparison compare_frame(std::string_view label, Bytes expected, Bytes got,
                              const std::vector<Ipv4Address>& router_addresses);

// All frames one interface sent, against all Linux sent there.
struct InterfaceComparison {
  std::size_t expected_frames = 0;
  std::size_t got_frames = 0;
  std::size_t differing_frames = 0;  // among the first min(expected, got)
  std::string report;                // "" when everything matches
  std::vector<MaskedField> masked;   // every mask used, once each
  bool matches() const { return report.empty(); }
};

// `label` names the interface in messages ("if0"); at most `max_diffs` differing frames are shown.
InterfaceComparison compare_frames(std::string_view label,
                                   const std::vector<std::vector<std::uint8_t>>& expected,
                                   const std::vector<std::vector<std::uint8_t>>& got,
                                   const std::vector<Ipv4Address>& router_addresses,
                                   std::size_t max_diffs = 3);

}  // namespace camnet::replay
