// How lab 2's types print when a check fails (see common/camnet/testing/printers.hpp).
//
// Every lab 2 test program gets this header (and lab 1's) before its own code
// (cmake/CamnetLab.cmake). Nothing here calls the code under test: an address prints from its
// 32-bit value, never through Ipv4Address::text(), which is yours to write.
#pragma once

#include <string>

#include <fmt/format.h>

#include "../../01-frame/tests/printers.hpp"
#include "address/arp.hpp"
#include "address/ipv4_address.hpp"
#include "address/ipv4_header.hpp"
#include "address/network_interface.hpp"

namespace Catch {

template <>
struct StringMaker<camnet::Ipv4Address> {
  static std::string convert(camnet::Ipv4Address ip) {
    std::uint32_t v = ip.value();
    return fmt::format("{}.{}.{}.{}", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
  }
};

// The address as given (host bits and all, as Ipv4Prefix keeps it) and the length.
template <>
struct StringMaker<camnet::Ipv4Prefix> {
  static std::string convert(camnet::Ipv4Prefix prefix) {
    return fmt::format("{}/{}", StringMaker<camnet::Ipv4Address>::convert(prefix.address()),
                       prefix.length());
  }
};

template <>
struct StringMaker<camnet::Ipv4Error> {
  static std::string convert(camnet::Ipv4Error error) {
    return camnet::testing::enumerator(
        "Ipv4Error", error,
        {"truncated", "bad_version", "bad_header_length", "total_length_too_short",
         "total_length_beyond_frame", "bad_checksum", "no_room"});
  }
};

template <>
struct StringMaker<camnet::ArpError> {
  static std::string convert(camnet::ArpError error) {
    return camnet::testing::enumerator("ArpError", error,
                                       {"truncated", "unsupported", "bad_opcode", "no_room"});
  }
};

template <>
struct StringMaker<camnet::ArpMessage> {
  static std::string convert(const camnet::ArpMessage& m) {
    return fmt::format("{{ opcode {}, sender_mac {}, sender_ip {}, target_mac {}, target_ip {} }}",
                       m.opcode, StringMaker<camnet::MacAddress>::convert(m.sender_mac),
                       StringMaker<camnet::Ipv4Address>::convert(m.sender_ip),
                       StringMaker<camnet::MacAddress>::convert(m.target_mac),
                       StringMaker<camnet::Ipv4Address>::convert(m.target_ip));
  }
};

template <>
struct StringMaker<camnet::Ipv4Header> {
  static std::string convert(const camnet::Ipv4Header& h) {
    return fmt::format(
        "{{ dscp {}, ecn {}, identification {:#06x}, dont_fragment {}, more_fragments {}, "
        "fragment_offset {}, ttl {}, protocol {}, source {}, destination {}, options {} }}",
        h.dscp, h.ecn, h.identification, h.dont_fragment, h.more_fragments, h.fragment_offset,
        h.ttl, h.protocol, StringMaker<camnet::Ipv4Address>::convert(h.source),
        StringMaker<camnet::Ipv4Address>::convert(h.destination),
        camnet::testing::printed_bytes(camnet::Bytes{h.options}.first(
            h.options_length < h.options.size() ? h.options_length : h.options.size())));
  }
};

template <>
struct StringMaker<camnet::Neighbour> {
  static std::string convert(const camnet::Neighbour& n) {
    return fmt::format("{{ ip {}, mac {}, learned {} }}",
                       StringMaker<camnet::Ipv4Address>::convert(n.ip),
                       StringMaker<camnet::MacAddress>::convert(n.mac), n.learned);
  }
};

}  // namespace Catch
