#include "dissect_linux_cooked.hpp"

#include <algorithm>

#include "address/ipv4_address.hpp"
#include "camnet/host/format.hpp"
#include "frame/mac_address.hpp"
#include "linux_cooked.hpp"

namespace camnet::dissect {
namespace {

namespace lc = linux_cooked;

// Cooked records keep whatever Linux had after the packet (an Ethernet frame's padding, say).
constexpr PaddingName trailer{"trailer", "Trailer"};

std::string named(std::uint32_t value, const char* name) {
  return name != nullptr ? fmt::format("{} ({})", value, name) : fmt::format("{}", value);
}

// The address as tshark keys it: by its length, 4 bytes an IPv4 address (a GRE tunnel's), 6 a MAC.
const char* address_key(std::size_t length) {
  return length == 4 ? "sll.src.ipv4" : length == 6 ? "sll.src.eth" : "sll.src.other";
}

std::string address_text(Bytes address) {
  if (address.size() == 4)
    return std::string(Ipv4Address(load_u32(address.data())).text());
  if (address.size() == 6)
    return std::string(MacAddress::from_bytes(address).text());
  std::string text;
  for (std::uint8_t b : address)
    text += fmt::format("{}{:02x}", text.empty() ? "" : ":", b);
  return text;
}

// What the protocol field holds depends on its value and the hardware type (see linux_cooked.hpp).
enum class ProtocolKind { ethertype, gre_type, linux_protocol, netlink_family };

ProtocolKind protocol_kind(const LinuxCookedHeader& h) {
  if (h.hardware_type == lc::hardware_netlink)
    return ProtocolKind::netlink_family;
  if (!h.carries_ethertype())
    return ProtocolKind::linux_protocol;
  return h.hardware_type == lc::hardware_ipgre ? ProtocolKind::gre_type : ProtocolKind::ethertype;
}

void add_header_fields(Dissection& d, const LinuxCookedHeader& h) {
  const lc::Layout& l = *h.layout;
  std::size_t first = d.fields.size();
  if (h.packet_type) {
    add(d, "sll.pkttype", "Packet type",
        named(*h.packet_type, lc::packet_type_name(*h.packet_type)), l.packet_type,
        l.packet_type_size, 1);
  }
  if (h.hardware_type) {
    add(d, "sll.hatype", "Link-layer address type",
        named(*h.hardware_type, lc::hardware_type_name(*h.hardware_type)), l.hardware_type, 2, 1);
  }
  if (h.address_length) {
    add(d, "sll.halen", "Link-layer address length", fmt::format("{}", *h.address_length),
        l.address_length, l.address_length_size, 1);
  }
  if (h.address_field && h.address_length) {
    Bytes used = h.address();
    if (!used.empty()) {
      std::string value = address_text(used);
      if (*h.address_length > used.size())
        value += fmt::format(" (the first {} of its {} bytes)", used.size(), *h.address_length);
      add(d, address_key(used.size()), "Source", value, l.address, used.size(), 1);
    }
    if (used.size() < lc::address_field_size) {
      add(d, "sll.unused", "Unused", fmt::format("{} bytes", lc::address_field_size - used.size()),
          l.address + used.size(), lc::address_field_size - used.size(), 1);
    }
  }
  if (h.protocol) {
    switch (protocol_kind(h)) {
      case ProtocolKind::ethertype:
        add(d, "sll.etype", "Protocol", describe_ethertype(*h.protocol), l.protocol, 2, 1);
        break;
      case ProtocolKind::gre_type:
        add(d, "sll.gretype", "Protocol (GRE)", describe_ethertype(*h.protocol), l.protocol, 2, 1);
        break;
      case ProtocolKind::linux_protocol: {
        const char* name = lc::linux_protocol_name(*h.protocol);
        add(d, "sll.ltype", "Protocol (Linux)",
            name != nullptr ? fmt::format("0x{:04x} ({})", *h.protocol, name)
                            : fmt::format("0x{:04x}", *h.protocol),
            l.protocol, 2, 1);
        break;
      }
      case ProtocolKind::netlink_family:
        add(d, "protocol", "Netlink family", fmt::format("{}", *h.protocol), l.protocol, 2, 1);
        break;
    }
  }
  if (h.reserved) {
    add(d, "reserved", "Reserved",
        fmt::format("0x{:04x}{}", *h.reserved, *h.reserved == 0 ? "" : " (should be zero)"),
        *l.reserved, 2, 1);
  }
  if (h.interface_index) {
    add(d, "sll.ifindex", "Interface index", fmt::format("{}", *h.interface_index),
        *l.interface_index, 4, 1);
  }
  // SLL2 puts the protocol first: the figure shows the fields in the order of their bytes.
  std::stable_sort(
      d.fields.begin() + static_cast<long>(first), d.fields.end(),
      [](const DecodedField& a, const DecodedField& b) { return a.offset < b.offset; });
}

std::string truncated(const LinuxCookedHeader& h, std::size_t size) {
  return fmt::format("truncated: {} bytes, the Linux cooked header (v{}) needs {}", size,
                     h.layout->version, h.layout->header_size);
}

// "unicast to us", "sent by us", ...: tshark's words, in lower case to sit inside a summary line.
std::string_view packet_type_words(std::uint16_t type) {
  switch (type) {
    case lc::packet_to_us:
      return "unicast to us";
    case lc::packet_broadcast:
      return "broadcast";
    case lc::packet_multicast:
      return "multicast";
    case lc::packet_to_other_host:
      return "unicast to another host";
    case lc::packet_sent_by_us:
      return "sent by us";
    default:
      return "packet type ?";
  }
}

}  // namespace

void add_linux_cooked_fields(Dissection& d, Bytes record, const Options& options) {
  LinuxCookedHeader h = read_linux_cooked_header(record, options.link);
  std::size_t at = h.layout->header_size;
  std::string heading = fmt::format("{} bytes of header", at);
  if (!h.complete) {
    d.problem = truncated(h, record.size());
    heading = "malformed: " + d.problem;
  }
  add(d, "sll", fmt::format("Linux cooked capture v{}", h.layout->version), heading, 0, 0, 0);
  add_header_fields(d, h);
  if (!h.complete) {  // the bytes after the last whole field
    std::size_t shown = 0;
    for (const DecodedField& f : d.fields)
      shown = std::max(shown, f.offset + f.length);
    if (record.size() > shown) {
      add(d, "data", "Not decoded", fmt::format("{} bytes", record.size() - shown), shown,
          record.size() - shown, 1);
    }
    return;
  }
  Bytes payload = record.subspan(at);
  switch (protocol_kind(h)) {
    case ProtocolKind::ethertype:
    case ProtocolKind::gre_type:  // GRE's protocol types are EtherTypes
      add_payload_fields(d, *h.protocol, payload, at, 1, options, trailer);
      return;
    case ProtocolKind::linux_protocol:
      if (*h.protocol == lc::protocol_ethernet) {
        Options inner = options;
        inner.fcs = Fcs::absent;  // Linux hands over frames without their FCS
        add_ethernet_fields(d, payload, at, 1, inner);
        return;
      }
      break;
    case ProtocolKind::netlink_family:
      break;
  }
  add(d, "payload", "Payload", fmt::format("{} bytes (not decoded)", payload.size()), at,
      payload.size(), 1);
}

void append_linux_cooked_summary(fmt::memory_buffer& out, std::uint32_t wire_length, Bytes record,
                                 const Options& options) {
  LinuxCookedHeader h = read_linux_cooked_header(record, options.link);
  if (h.interface_index) {
    put(out, "if ");
    put_uint(out, *h.interface_index);
    put(out, "  ");
  }
  Bytes address = h.address();
  if (!h.address_field)
    put(out, "(cut off)");
  else if (address.empty())
    put(out, "(no address)");
  else
    put(out, address_text(address));
  if (h.packet_type) {
    put(out, " (");
    put(out, packet_type_words(*h.packet_type));
    put(out, ")");
  }
  put(out, "  ");
  if (h.complete) {
    switch (protocol_kind(h)) {
      case ProtocolKind::ethertype:
        put_ethertype(out, *h.protocol);
        break;
      case ProtocolKind::gre_type:
        put(out, "GRE ");
        put_ethertype(out, *h.protocol);
        break;
      case ProtocolKind::linux_protocol: {
        put(out, "Linux protocol ");
        put_hex4(out, *h.protocol);
        if (const char* name = lc::linux_protocol_name(*h.protocol)) {
          put(out, " (");
          put(out, name);
          put(out, ")");
        }
        break;
      }
      case ProtocolKind::netlink_family:
        put(out, "netlink");
        break;
    }
    put(out, "  ");
  }
  put_uint(out, wire_length);
  put(out, " bytes");
  if (record.size() < wire_length) {
    put(out, " (");
    put_uint(out, record.size());
    put(out, " captured)");
  }
  if (!h.complete) {
    put_fault(out, truncated(h, record.size()));
    return;
  }
  Bytes payload = record.subspan(h.layout->header_size);
  switch (protocol_kind(h)) {
    case ProtocolKind::ethertype:
    case ProtocolKind::gre_type:
      append_payload_summary(out, *h.protocol, payload, options);
      break;
    case ProtocolKind::linux_protocol:
      if (*h.protocol == lc::protocol_ethernet) {
        Options inner = options;
        inner.link = host::LinkType::ethernet;
        inner.fcs = Fcs::absent;
        put(out, "  ");
        append_frame_summary(out, static_cast<std::uint32_t>(payload.size()), payload, inner);
      }
      break;
    case ProtocolKind::netlink_family:
      break;
  }
}

}  // namespace camnet::dissect
