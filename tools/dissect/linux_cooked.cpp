#include "linux_cooked.hpp"

#include <algorithm>

namespace camnet::dissect {

const char* linux_cooked::packet_type_name(std::uint16_t type) {
  switch (type) {
    case packet_to_us:
      return "Unicast to us";
    case packet_broadcast:
      return "Broadcast";
    case packet_multicast:
      return "Multicast";
    case packet_to_other_host:
      return "Unicast to another host";
    case packet_sent_by_us:
      return "Sent by us";
    default:
      return nullptr;
  }
}

const char* linux_cooked::hardware_type_name(std::uint16_t type) {
  switch (type) {
    case hardware_ethernet:
      return "Ethernet";
    case hardware_loopback:
      return "Loopback";
    case hardware_ipgre:
      return "GRE over IP";
    case hardware_netlink:
      return "Netlink";
    case hardware_none:
      return "none (no link-layer header)";
    default:
      return nullptr;
  }
}

const char* linux_cooked::linux_protocol_name(std::uint16_t protocol) {
  switch (protocol) {
    case protocol_novell_802_3:
      return "Raw 802.3";
    case protocol_ethernet:
      return "Ethernet";
    case protocol_802_2:
      return "802.2 LLC";
    default:
      return nullptr;
  }
}

namespace {

// A field of 1, 2 or 4 bytes, or std::nullopt if the record ends before it does.
std::optional<std::uint32_t> field(const ByteReader& in, std::size_t offset, std::size_t size) {
  switch (size) {
    case 1:
      return in.u8_at(offset);
    case 2:
      return in.u16_at(offset);
    default:
      return in.u32_at(offset);
  }
}

std::optional<std::uint16_t> field16(const ByteReader& in, std::size_t offset, std::size_t size) {
  std::optional<std::uint32_t> value = field(in, offset, size);
  if (!value)
    return std::nullopt;
  return static_cast<std::uint16_t>(*value);
}

}  // namespace

Bytes LinuxCookedHeader::address() const {
  if (!address_field || !address_length)
    return {};
  return address_field->first(std::min<std::size_t>(*address_length, address_field->size()));
}

bool LinuxCookedHeader::carries_ethertype() const {
  return protocol && *protocol > linux_cooked::max_linux_protocol;
}

LinuxCookedHeader read_linux_cooked_header(Bytes record, host::LinkType link) {
  const linux_cooked::Layout& l =
      link == host::LinkType::linux_sll2 ? linux_cooked::sll2 : linux_cooked::sll;
  ByteReader in(record);
  LinuxCookedHeader h;
  h.layout = &l;
  h.packet_type = field16(in, l.packet_type, l.packet_type_size);
  h.hardware_type = field16(in, l.hardware_type, 2);
  h.address_length = field16(in, l.address_length, l.address_length_size);
  h.address_field = in.bytes_at(l.address, linux_cooked::address_field_size);
  h.protocol = field16(in, l.protocol, 2);
  if (l.interface_index)
    h.interface_index = in.u32_at(*l.interface_index);
  if (l.reserved)
    h.reserved = in.u16_at(*l.reserved);
  h.complete = in.has(0, l.header_size);
  return h;
}

}  // namespace camnet::dissect
