// Linux "cooked" capture headers: what `tcpdump -i any` writes in front of each packet instead of
// its link-layer header (which differs from one interface to the next). The layouts are libpcap's
// (pcap-linktype(7): LINKTYPE_LINUX_SLL and LINKTYPE_LINUX_SLL2); all fields are big-endian:
//
//   SLL, link type 113: 16 bytes             SLL2, link type 276: 20 bytes
//   offset  size  field                      offset  size  field
//        0     2  packet type                     0     2  protocol
//        2     2  ARPHRD_ type                    2     2  reserved (zero)
//        4     2  address length                  4     4  interface index
//        6     8  address (zero-padded)           8     2  ARPHRD_ type
//       14     2  protocol                       10     1  packet type
//                                                11     1  address length
//                                                12     8  address (zero-padded)
//
// The address is the sender's link-layer address (for an Ethernet device, the source MAC; the
// destination MAC is not kept, only whether the packet was to this host, a broadcast, ...). Above
// 1536, the protocol is an EtherType; at or below, it is one of Linux's own protocol numbers
// (linux/if_ether.h), as tshark reads it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "camnet/bytes.hpp"
#include "camnet/host/capture.hpp"

namespace camnet::dissect {

namespace linux_cooked {

// Where each field of one version of the header sits (the tables above).
struct Layout {
  int version;  // 1 for SLL, 2 for SLL2
  std::size_t header_size;
  std::size_t protocol;
  std::optional<std::size_t> interface_index;  // 4 bytes, SLL2 only
  std::optional<std::size_t> reserved;         // 2 bytes, SLL2 only
  std::size_t hardware_type;
  std::size_t packet_type;
  std::size_t packet_type_size;  // 2 in SLL, 1 in SLL2
  std::size_t address_length;
  std::size_t address_length_size;  // 2 in SLL, 1 in SLL2
  std::size_t address;
};
inline constexpr Layout sll{1, 16, 14, std::nullopt, std::nullopt, 2, 0, 2, 4, 2, 6};
inline constexpr Layout sll2{2, 20, 0, 4, 2, 8, 10, 1, 11, 1, 12};
inline constexpr std::size_t address_field_size = 8;

// At or below this the protocol is a Linux protocol number, not an EtherType (Linux's own rule).
inline constexpr std::uint16_t max_linux_protocol = 1536;
// Linux protocol numbers that say what follows the header.
inline constexpr std::uint16_t protocol_novell_802_3 = 0x0001;  // Novell IPX in raw 802.3
inline constexpr std::uint16_t protocol_ethernet =
    0x0003;                                              // a whole Ethernet frame, header and all
inline constexpr std::uint16_t protocol_802_2 = 0x0004;  // an 802.2 LLC frame

// ARPHRD_ types (linux/if_arp.h) that change how the rest of the header reads.
inline constexpr std::uint16_t hardware_ethernet = 1;
inline constexpr std::uint16_t hardware_loopback = 772;
inline constexpr std::uint16_t hardware_ipgre = 778;    // the protocol is a GRE protocol type
inline constexpr std::uint16_t hardware_netlink = 824;  // the record is a netlink message
inline constexpr std::uint16_t hardware_none = 65534;   // no link-layer header (a tun device)

// Packet types: where the packet was going, as this host saw it.
inline constexpr std::uint16_t packet_to_us = 0;
inline constexpr std::uint16_t packet_broadcast = 1;
inline constexpr std::uint16_t packet_multicast = 2;
inline constexpr std::uint16_t packet_to_other_host = 3;
inline constexpr std::uint16_t packet_sent_by_us = 4;

// tshark's words for a packet type ("Unicast to us", ...), or nullptr for another value.
const char* packet_type_name(std::uint16_t type);
// "Ethernet", "Loopback", ... for the ARPHRD_ types camnet names, or nullptr.
const char* hardware_type_name(std::uint16_t type);
// "802.2 LLC", "Ethernet", ... for a Linux protocol number, or nullptr.
const char* linux_protocol_name(std::uint16_t protocol);

}  // namespace linux_cooked

// The fields of a cooked header, each read only if the record holds it: a record cut short still
// shows the fields before the cut.
struct LinuxCookedHeader {
  const linux_cooked::Layout* layout = &linux_cooked::sll;
  std::optional<std::uint16_t> packet_type;
  std::optional<std::uint16_t> hardware_type;
  std::optional<std::uint16_t> address_length;
  std::optional<Bytes> address_field;  // all 8 bytes, used or not
  std::optional<std::uint16_t> protocol;
  std::optional<std::uint32_t> interface_index;  // SLL2 only
  std::optional<std::uint16_t> reserved;         // SLL2 only
  bool complete = false;                         // the record holds the whole header

  // The used part of the address field: its first address_length bytes (at most 8); empty if the
  // record does not hold the field.
  Bytes address() const;
  // The protocol is an EtherType (false if it is a Linux protocol number or missing).
  bool carries_ethertype() const;
};

// The cooked header at the start of `record`, of the version `link` says (linux_sll or
// linux_sll2). Reads nothing outside `record`.
LinuxCookedHeader read_linux_cooked_header(Bytes record, host::LinkType link);

}  // namespace camnet::dissect
