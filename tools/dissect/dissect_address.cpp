#include "dissect_address.hpp"

#include <algorithm>
#include <array>

#include "address/arp.hpp"
#include "address/checksum.hpp"
#include "address/ipv4_header.hpp"
#include "camnet/host/format.hpp"
#include "frame/ethernet.hpp"

namespace camnet::dissect {
namespace {

// What a header's checksum should have been: the header with its checksum field zeroed, summed.
std::uint16_t expected_checksum(Bytes header) {
  std::array<std::uint8_t, ipv4::max_header> copy{};
  std::size_t n = std::min(header.size(), copy.size());
  std::copy_n(header.begin(), n, copy.begin());
  copy[10] = 0;
  copy[11] = 0;
  return internet_checksum(Bytes{copy.data(), n});
}

std::string describe_ipv4_problem(Ipv4Error error, Bytes payload) {
  if (error == Ipv4Error::bad_checksum) {
    std::size_t header = std::size_t{payload[0] & 0x0fu} * 4;
    return fmt::format("bad checksum 0x{:04x} (should be 0x{:04x})", load_u16(payload.data() + 10),
                       expected_checksum(payload.first(header)));
  }
  if (error == Ipv4Error::total_length_beyond_frame || error == Ipv4Error::total_length_too_short) {
    return fmt::format("{}: Total Length {}, {} bytes arrived", to_string(error),
                       load_u16(payload.data() + 2), payload.size());
  }
  return to_string(error);
}

std::string protocol_text(std::uint8_t protocol) {
  const char* name = ip_protocol::name(protocol);
  return name != nullptr ? fmt::format("{} ({})", protocol, name) : fmt::format("{}", protocol);
}

std::string arp_info(const ArpMessage& m) {
  if (m.is_gratuitous()) {
    return fmt::format("gratuitous ARP for {} ({})", m.sender_ip,
                       m.is_request() ? "request" : "reply");
  }
  if (m.is_request())
    return fmt::format("who has {}? tell {}", m.target_ip, m.sender_ip);
  return fmt::format("{} is at {}", m.sender_ip, m.sender_mac);
}

void add_arp(Dissection& d, Bytes payload, std::size_t at) {
  Result<ArpView, ArpError> view = ArpView::check(payload);
  if (!view) {
    add(d, "arp", "ARP", fmt::format("malformed: {}", to_string(view.error())), at, 0, 1);
    add(d, "data", "Bytes", fmt::format("{} bytes", payload.size()), at, payload.size(), 2);
    return;
  }
  ArpMessage m = ArpMessage::parse(*view);
  add(d, "arp", "ARP", arp_info(m), at, 0, 1);
  add(d, "arp.hw.type", "Hardware type", "1 (Ethernet)", at, 2, 2);
  add(d, "arp.proto.type", "Protocol type", "0x0800 (IPv4)", at + 2, 2, 2);
  add(d, "arp.hw.size/arp.proto.size", "Address sizes", "6 and 4 bytes", at + 4, 2, 2);
  add(d, "arp.opcode", "Opcode", m.is_request() ? "1 (request)" : "2 (reply)", at + 6, 2, 2);
  add(d, "arp.src.hw_mac", "Sender MAC", fmt::format("{}", m.sender_mac), at + 8, 6, 2);
  add(d, "arp.src.proto_ipv4", "Sender IP", fmt::format("{}", m.sender_ip), at + 14, 4, 2);
  add(d, "arp.dst.hw_mac", "Target MAC", fmt::format("{}", m.target_mac), at + 18, 6, 2);
  add(d, "arp.dst.proto_ipv4", "Target IP", fmt::format("{}", m.target_ip), at + 24, 4, 2);
  if (payload.size() > arp::message_size) {
    add(d, "eth.padding", "Ethernet padding",
        fmt::format("{} bytes", payload.size() - arp::message_size), at + arp::message_size,
        payload.size() - arp::message_size, 1);
  }
}

void add_ipv4(Dissection& d, Bytes payload, std::size_t at) {
  Result<Ipv4View, Ipv4Error> view = Ipv4View::check(payload);
  if (!view) {
    add(d, "ip", "IPv4", fmt::format("malformed: {}", describe_ipv4_problem(view.error(), payload)),
        at, 0, 1);
    add(d, "data", "Bytes", fmt::format("{} bytes", payload.size()), at, payload.size(), 2);
    return;
  }
  const Ipv4View& ip = *view;
  add(d, "ip", "IPv4",
      fmt::format("{} > {}, {} bytes of header", ip.source(), ip.destination(), ip.header_length()),
      at, 0, 1);
  add(d, "ip.version/ip.hdr_len", "Version | IHL",
      fmt::format("version {}, header {} bytes", ip.version(), ip.header_length()), at, 1, 2);
  add(d, "ip.dsfield", "DSCP | ECN", fmt::format("DSCP {}, ECN {}", ip.dscp(), ip.ecn()), at + 1, 1,
      2);
  add(d, "ip.len", "Total Length", fmt::format("{} bytes", ip.total_length()), at + 2, 2, 2);
  add(d, "ip.id", "Identification",
      fmt::format("0x{:04x} ({})", ip.identification(), ip.identification()), at + 4, 2, 2);
  add(d, "ip.flags/ip.frag_offset", "Flags | Fragment offset",
      fmt::format("{}{}offset {} bytes", ip.dont_fragment() ? "DF, " : "",
                  ip.more_fragments() ? "MF, " : "", ip.fragment_offset() * 8),
      at + 6, 2, 2);
  add(d, "ip.ttl", "Time to live", fmt::format("{}", ip.ttl()), at + 8, 1, 2);
  add(d, "ip.proto", "Protocol", protocol_text(ip.protocol()), at + 9, 1, 2);
  add(d, "ip.checksum", "Header checksum", fmt::format("0x{:04x} (correct)", ip.checksum()),
      at + 10, 2, 2);
  add(d, "ip.src", "Source", fmt::format("{}", ip.source()), at + 12, 4, 2);
  add(d, "ip.dst", "Destination", fmt::format("{}", ip.destination()), at + 16, 4, 2);
  if (!ip.options().empty()) {
    add(d, "ip.options", "Options", fmt::format("{} bytes", ip.options().size()), at + 20,
        ip.options().size(), 2);
  }
  add(d, "payload", "Payload", fmt::format("{} bytes", ip.payload().size()),
      at + ip.header_length(), ip.payload().size(), 2);
  if (payload.size() > ip.total_length()) {
    add(d, "eth.padding", "Ethernet padding",
        fmt::format("{} bytes", payload.size() - ip.total_length()), at + ip.total_length(),
        payload.size() - ip.total_length(), 1);
  }
}

}  // namespace

bool add_address_fields(Dissection& d, std::uint16_t type, Bytes payload, std::size_t offset) {
  if (type == ethertype::arp) {
    add_arp(d, payload, offset);
    return true;
  }
  if (type == ethertype::ipv4) {
    add_ipv4(d, payload, offset);
    return true;
  }
  return false;
}

// The hot path of `camnet dissect` for lab 2's frames (see put() in dissect_address.hpp).
void append_address_summary(fmt::memory_buffer& out, std::uint16_t type, Bytes payload) {
  if (type == ethertype::arp) {
    Result<ArpView, ArpError> view = ArpView::check(payload);
    put(out, "  ");
    if (!view) {
      put(out, "malformed ARP: ");
      put(out, to_string(view.error()));
    } else {
      put(out, arp_info(ArpMessage::parse(*view)));
    }
  } else if (type == ethertype::ipv4) {
    Result<Ipv4View, Ipv4Error> view = Ipv4View::check(payload);
    if (!view) {
      put(out, "  malformed IPv4: ");
      put(out, describe_ipv4_problem(view.error(), payload));
      return;
    }
    const Ipv4View& ip = *view;
    put(out, "  ");
    put(out, ip.source().text());
    put(out, " > ");
    put(out, ip.destination().text());
    put(out, "  ");
    if (const char* name = ip_protocol::name(ip.protocol())) {
      put(out, name);
    } else {
      put(out, "proto ");
      put_uint(out, ip.protocol());
    }
    put(out, "  ttl ");
    put_uint(out, ip.ttl());
    put(out, "  id ");
    put_hex4(out, ip.identification());
    if (ip.dont_fragment())
      put(out, "  DF");
    if (ip.more_fragments() || ip.fragment_offset() != 0) {
      put(out, "  fragment offset ");
      put_uint(out, ip.fragment_offset() * 8u);
      if (ip.more_fragments())
        put(out, " MF");
    }
    if (!ip.options().empty()) {
      put(out, "  options ");
      put_uint(out, ip.options().size());
      put(out, " bytes");
    }
  }
}

}  // namespace camnet::dissect
