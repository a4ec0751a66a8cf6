// How lab 1's types print when a check fails (see common/camnet/testing/printers.hpp).
//
// Every lab 1 test program gets this header before its own code (cmake/CamnetLab.cmake), so a
// test needs no include for it. Nothing here calls the code under test: a MacAddress prints from
// its octets, never through MacAddress::text(), which is yours to write.
#pragma once

#include <string>

#include <fmt/format.h>

#include "camnet/testing/printers.hpp"
#include "frame/ethernet.hpp"
#include "frame/learning_switch.hpp"
#include "frame/mac_address.hpp"
#include "frame/port.hpp"

namespace Catch {

template <>
struct StringMaker<camnet::MacAddress> {
  static std::string convert(const camnet::MacAddress& mac) {
    return fmt::format("{}", camnet::HexBytes{mac.octets(), camnet::MacAddress::size, ':'});
  }
};

template <>
struct StringMaker<camnet::FrameError> {
  static std::string convert(camnet::FrameError error) {
    return camnet::testing::enumerator("FrameError", error,
                                       {"truncated", "runt", "oversize", "bad_fcs", "no_room"});
  }
};

template <>
struct StringMaker<camnet::Fcs> {
  static std::string convert(camnet::Fcs fcs) {
    return camnet::testing::enumerator("Fcs", fcs, {"absent", "present"});
  }
};

template <>
struct StringMaker<camnet::LinkChange> {
  static std::string convert(camnet::LinkChange change) {
    return camnet::testing::enumerator("LinkChange", change, {"none", "went_up", "went_down"});
  }
};

template <>
struct StringMaker<camnet::VlanTag> {
  static std::string convert(const camnet::VlanTag& tag) {
    return fmt::format("{{ tpid {:#06x}, priority {}, drop_eligible {}, vlan_id {} }}", tag.tpid,
                       tag.priority, tag.drop_eligible, tag.vlan_id);
  }
};

template <>
struct StringMaker<camnet::EthernetHeader> {
  static std::string convert(const camnet::EthernetHeader& header) {
    std::string tags;
    for (std::size_t i = 0; i < header.tag_count && i < header.tags.size(); ++i)
      tags += (i > 0 ? ", " : "") + StringMaker<camnet::VlanTag>::convert(header.tags[i]);
    return fmt::format("{{ destination {}, source {}, tags [{}], ethertype {:#06x} }}",
                       StringMaker<camnet::MacAddress>::convert(header.destination),
                       StringMaker<camnet::MacAddress>::convert(header.source), tags,
                       header.ethertype);
  }
};

template <>
struct StringMaker<camnet::MacTableEntry> {
  static std::string convert(const camnet::MacTableEntry& entry) {
    return fmt::format("{{ address {}, port {}, last_seen {} }}",
                       StringMaker<camnet::MacAddress>::convert(entry.address), entry.port,
                       entry.last_seen);
  }
};

}  // namespace Catch
