#include "dissect_address.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "address/arp.hpp"
#include "address/checksum.hpp"
#include "address/ipv4_header.hpp"
#include "camnet/host/format.hpp"
#include "frame/ethernet.hpp"

namespace camnet::dissect {
namespace {

// ---- IPv4 -----------------------------------------------------------------------------------

// An IPv4 header read at RFC 791's fixed offsets, taking no field on trust: how the dissector shows
// a header the lab's Ipv4View refused. Every read is bounds-checked; a field the bytes do not hold
// reads as 0, and holds() says which ones are there. The accessors are named as Ipv4View's, so the
// templates below print either.
class UncheckedIpv4 {
 public:
  explicit UncheckedIpv4(Bytes bytes) : in_(bytes) {}

  bool holds(std::size_t offset, std::size_t count) const { return in_.has(offset, count); }
  std::uint8_t version() const { return u8(0) >> 4; }
  std::size_t header_length() const { return std::size_t{u8(0) & 0x0fu} * 4; }
  std::uint8_t dscp() const { return u8(1) >> 2; }
  std::uint8_t ecn() const { return u8(1) & 0x03; }
  std::uint16_t total_length() const { return u16(2); }
  std::uint16_t identification() const { return u16(4); }
  bool dont_fragment() const { return (u16(6) & 0x4000) != 0; }
  bool more_fragments() const { return (u16(6) & 0x2000) != 0; }
  std::uint16_t fragment_offset() const { return u16(6) & 0x1fff; }
  std::uint8_t ttl() const { return u8(8); }
  std::uint8_t protocol() const { return u8(9); }
  std::uint16_t checksum() const { return u16(10); }
  Ipv4Address source() const { return Ipv4Address(in_.u32_at(12).value_or(0)); }
  Ipv4Address destination() const { return Ipv4Address(in_.u32_at(16).value_or(0)); }
  // The whole header, when IHL is at least 5 and the bytes hold that many words.
  std::optional<Bytes> header() const {
    if (header_length() < ipv4::min_header)
      return std::nullopt;
    return in_.bytes_at(0, header_length());
  }
  Bytes options() const {
    std::optional<Bytes> whole = header();
    return whole ? whole->subspan(ipv4::min_header) : Bytes{};
  }

 private:
  std::uint8_t u8(std::size_t at) const { return in_.u8_at(at).value_or(0); }
  std::uint16_t u16(std::size_t at) const { return in_.u16_at(at).value_or(0); }

  ByteReader in_;
};

// A view the lab's check accepted holds every field.
constexpr bool holds(const Ipv4View&, std::size_t, std::size_t) {
  return true;
}
bool holds(const UncheckedIpv4& ip, std::size_t offset, std::size_t count) {
  return ip.holds(offset, count);
}

// What a header's checksum should have been: the header with its checksum field zeroed, summed.
std::uint16_t expected_checksum(Bytes header) {
  std::array<std::uint8_t, ipv4::max_header> copy{};
  std::size_t n = std::min(header.size(), copy.size());
  std::copy_n(header.begin(), n, copy.begin());
  copy[10] = 0;
  copy[11] = 0;
  return internet_checksum(Bytes{copy.data(), n});
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts)
    out += (out.empty() ? "" : "; ") + part;
  return out;
}

// Every way `bytes` (an IPv4 header, what follows it, maybe padding) breaks RFC 791, in the order a
// receiver meets them; "" for none. The lab's check stops at the first fault; this goes on as far
// as the bytes allow, as tshark does, so a header with two faults shows both.
std::string ipv4_faults(Bytes bytes) {
  UncheckedIpv4 ip(bytes);
  if (bytes.empty())
    return "no IPv4 header: nothing follows the link header";
  if (ip.version() != 4)
    return fmt::format("version {}, not 4: the rest is not read as IPv4", ip.version());
  if (bytes.size() < ipv4::min_header)
    return fmt::format("truncated: {} bytes, less than the 20-byte header", bytes.size());
  std::vector<std::string> faults;
  std::size_t header = ip.header_length();
  if (header < ipv4::min_header) {
    faults.push_back(
        fmt::format("IHL {}: a {}-byte header, under the 20-byte minimum", header / 4, header));
  } else {
    if (header > bytes.size()) {
      faults.push_back(fmt::format("IHL {}: a {}-byte header, past the {} bytes the frame holds",
                                   header / 4, header, bytes.size()));
    }
    if (ip.total_length() < header) {
      faults.push_back(
          fmt::format("Total Length {}, less than the {}-byte header", ip.total_length(), header));
    } else if (ip.total_length() > bytes.size()) {
      faults.push_back(fmt::format("Total Length {} runs past the {} bytes the frame holds",
                                   ip.total_length(), bytes.size()));
    }
  }
  // RFC 1071: a header is intact when its sum, checksum field included, comes to zero.
  if (std::optional<Bytes> whole = ip.header(); whole && internet_checksum(*whole) != 0) {
    faults.push_back(fmt::format("bad checksum 0x{:04x}, should be 0x{:04x}", ip.checksum(),
                                 expected_checksum(*whole)));
  }
  return join(faults);
}

// How the explain figure describes the checksum of a header the lab refused.
std::string checksum_note(const UncheckedIpv4& ip) {
  std::optional<Bytes> whole = ip.header();
  if (!whole) {
    return ip.header_length() < ipv4::min_header ? "not checked: IHL is under 5"
                                                 : "not checked: the header is cut short";
  }
  if (internet_checksum(*whole) == 0)
    return "correct";
  return fmt::format("wrong, should be 0x{:04x}", expected_checksum(*whole));
}

std::string protocol_text(std::uint8_t protocol) {
  const char* name = ip_protocol::name(protocol);
  return name != nullptr ? fmt::format("{} ({})", protocol, name) : fmt::format("{}", protocol);
}

// The header's fields, each where the bytes hold it (a view the lab accepted holds them all).
template <class Ip>
void add_ipv4_header_fields(Dissection& d, const Ip& ip, std::size_t at, int depth,
                            std::string_view checksum) {
  int f = depth + 1;
  if (holds(ip, 0, 1)) {
    add(d, "ip.version/ip.hdr_len", "Version | IHL",
        fmt::format("version {}, header {} bytes", ip.version(), ip.header_length()), at, 1, f);
  }
  if (ip.version() != 4)
    return;  // the other fields mean something else, or nothing
  if (holds(ip, 1, 1)) {
    add(d, "ip.dsfield", "DSCP | ECN", fmt::format("DSCP {}, ECN {}", ip.dscp(), ip.ecn()), at + 1,
        1, f);
  }
  if (holds(ip, 2, 2))
    add(d, "ip.len", "Total Length", fmt::format("{} bytes", ip.total_length()), at + 2, 2, f);
  if (holds(ip, 4, 2)) {
    add(d, "ip.id", "Identification",
        fmt::format("0x{:04x} ({})", ip.identification(), ip.identification()), at + 4, 2, f);
  }
  if (holds(ip, 6, 2)) {
    add(d, "ip.flags/ip.frag_offset", "Flags | Fragment offset",
        fmt::format("{}{}offset {} bytes", ip.dont_fragment() ? "DF, " : "",
                    ip.more_fragments() ? "MF, " : "", ip.fragment_offset() * 8),
        at + 6, 2, f);
  }
  if (holds(ip, 8, 1))
    add(d, "ip.ttl", "Time to live", fmt::format("{}", ip.ttl()), at + 8, 1, f);
  if (holds(ip, 9, 1))
    add(d, "ip.proto", "Protocol", protocol_text(ip.protocol()), at + 9, 1, f);
  if (holds(ip, 10, 2)) {
    add(d, "ip.checksum", "Header checksum", fmt::format("0x{:04x} ({})", ip.checksum(), checksum),
        at + 10, 2, f);
  }
  if (holds(ip, 12, 4))
    add(d, "ip.src", "Source", fmt::format("{}", ip.source()), at + 12, 4, f);
  if (holds(ip, 16, 4))
    add(d, "ip.dst", "Destination", fmt::format("{}", ip.destination()), at + 16, 4, f);
  if (!ip.options().empty()) {
    add(d, "ip.options", "Options", fmt::format("{} bytes", ip.options().size()), at + 20,
        ip.options().size(), f);
  }
}

// "  192.168.10.20 > 192.168.10.42  ICMP  ttl 64  id 0x1c46  DF": the hot path of `camnet
// dissect` for IPv4, so written with put() (see dissect_parts.hpp).
template <class Ip>
void put_ipv4_summary(fmt::memory_buffer& out, const Ip& ip) {
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

// What is wrong with a header the lab refused: the dissector's own reading, or if that finds
// nothing (the lab's check refused a good header), what the check said.
std::string refused_ipv4_faults(Bytes payload, Ipv4Error error) {
  std::string faults = ipv4_faults(payload);
  return faults.empty() ? fmt::format("Ipv4View::check refused it: {}", to_string(error)) : faults;
}

void add_malformed_ipv4(Dissection& d, Bytes payload, Ipv4Error error, std::size_t at, int depth,
                        PaddingName padding) {
  UncheckedIpv4 ip(payload);
  bool addresses = ip.version() == 4 && ip.holds(16, 4);
  add(d, "ip", "IPv4",
      fmt::format("{}malformed: {}",
                  addresses ? fmt::format("{} > {}, ", ip.source(), ip.destination()) : "",
                  refused_ipv4_faults(payload, error)),
      at, 0, depth);
  add_ipv4_header_fields(d, ip, at, depth, checksum_note(ip));
  std::optional<Bytes> whole = ip.header();
  if (ip.version() == 4 && whole && ip.total_length() >= whole->size()) {
    // A whole header and a sane Total Length: the payload is what it says, as far as the frame
    // goes, and any bytes after it are padding.
    std::size_t end = std::min<std::size_t>(ip.total_length(), payload.size());
    if (end > whole->size()) {
      add(d, "payload", "Payload",
          fmt::format("{} bytes{}", end - whole->size(),
                      ip.total_length() > payload.size() ? " (cut short)" : ""),
          at + whole->size(), end - whole->size(), depth + 1);
    }
    if (payload.size() > end) {
      add(d, padding.key, padding.label, fmt::format("{} bytes", payload.size() - end), at + end,
          payload.size() - end, depth);
    }
    return;
  }
  // What follows the fields shown is not decoded: the header says too little to go further.
  std::size_t shown = ip.version() != 4 ? 1 : std::min(payload.size(), ipv4::min_header);
  if (ip.version() == 4 && whole)
    shown = whole->size();
  if (payload.size() > shown) {
    add(d, "data", "Not decoded", fmt::format("{} bytes", payload.size() - shown), at + shown,
        payload.size() - shown, depth + 1);
  }
}

void add_ipv4(Dissection& d, Bytes payload, std::size_t at, int depth, PaddingName padding) {
  Result<Ipv4View, Ipv4Error> view = Ipv4View::check(payload);
  if (!view) {
    add_malformed_ipv4(d, payload, view.error(), at, depth, padding);
    return;
  }
  const Ipv4View& ip = *view;
  add(d, "ip", "IPv4",
      fmt::format("{} > {}, {} bytes of header", ip.source(), ip.destination(), ip.header_length()),
      at, 0, depth);
  add_ipv4_header_fields(d, ip, at, depth, "correct");
  add(d, "payload", "Payload", fmt::format("{} bytes", ip.payload().size()),
      at + ip.header_length(), ip.payload().size(), depth + 1);
  if (payload.size() > ip.total_length()) {
    add(d, padding.key, padding.label, fmt::format("{} bytes", payload.size() - ip.total_length()),
        at + ip.total_length(), payload.size() - ip.total_length(), depth);
  }
}

// The line of a header the lab refused: what the bytes hold of it, then the faults.
void append_refused_ipv4_summary(fmt::memory_buffer& out, Bytes payload, Ipv4Error error) {
  UncheckedIpv4 ip(payload);
  if (ip.version() == 4 && ip.holds(0, ipv4::min_header)) {
    put_ipv4_summary(out, ip);
  } else if (ip.version() == 4 && ip.holds(12, 4)) {
    put(out, "  ");
    put(out, ip.source().text());
    put(out, " > (cut off)");
  }
  put_fault(out, refused_ipv4_faults(payload, error));
}

void append_ipv4_summary(fmt::memory_buffer& out, Bytes payload) {
  Result<Ipv4View, Ipv4Error> view = Ipv4View::check(payload);
  if (view)
    put_ipv4_summary(out, *view);
  else
    append_refused_ipv4_summary(out, payload, view.error());
}

// ---- ARP ------------------------------------------------------------------------------------

// An ARP message read as RFC 826 lays it out for any hardware and protocol (8 fixed bytes, then
// four addresses whose sizes the message gives), taking no field on trust: how the dissector shows
// a message the lab's ArpView refused. Each read says std::nullopt where the bytes end.
class UncheckedArp {
 public:
  explicit UncheckedArp(Bytes bytes) : in_(bytes) {}

  std::optional<std::uint16_t> hardware_type() const { return in_.u16_at(0); }
  std::optional<std::uint16_t> protocol_type() const { return in_.u16_at(2); }
  std::optional<std::uint8_t> hardware_size() const { return in_.u8_at(4); }
  std::optional<std::uint8_t> protocol_size() const { return in_.u8_at(5); }
  std::optional<std::uint16_t> opcode() const { return in_.u16_at(6); }
  std::optional<Bytes> sender_hardware() const { return address(0, 0, hardware()); }
  std::optional<Bytes> sender_protocol() const { return address(1, 0, protocol()); }
  std::optional<Bytes> target_hardware() const { return address(1, 1, hardware()); }
  std::optional<Bytes> target_protocol() const { return address(2, 1, protocol()); }
  std::size_t message_size() const { return 8 + 2 * hardware() + 2 * protocol(); }
  // Where the address fields start: after 8 fixed bytes, `h` hardware and `p` protocol addresses.
  std::size_t address_offset(std::size_t h, std::size_t p) const {
    return 8 + h * hardware() + p * protocol();
  }

 private:
  std::size_t hardware() const { return hardware_size().value_or(0); }
  std::size_t protocol() const { return protocol_size().value_or(0); }
  std::optional<Bytes> address(std::size_t h, std::size_t p, std::size_t size) const {
    if (!protocol_size() || size == 0)
      return std::nullopt;
    return in_.bytes_at(address_offset(h, p), size);
  }

  ByteReader in_;
};

// A hardware address as a MAC when it is 6 bytes, a protocol address as IPv4 when it is 4, else
// the bytes in hex.
std::string address_text(Bytes address, std::size_t natural_size) {
  if (address.size() == natural_size && natural_size == 6)
    return std::string(MacAddress::from_bytes(address).text());
  if (address.size() == natural_size && natural_size == 4)
    return std::string(Ipv4Address(load_u32(address.data())).text());
  std::string hex;  // as tshark shows an address it has no type for: "0000...0001"
  for (std::uint8_t b : address)
    hex += fmt::format("{:02x}", b);
  return hex;
}

// Every way `bytes` is not an ARP message for Ethernet and IPv4 (RFC 826), "" for none.
std::string arp_faults(Bytes bytes) {
  UncheckedArp m(bytes);
  if (bytes.size() < 8)
    return fmt::format("truncated: {} bytes, less than ARP's 8-byte fixed part", bytes.size());
  std::vector<std::string> faults;
  if (*m.hardware_type() != arp::hardware_ethernet)
    faults.push_back(fmt::format("hardware type {}, not Ethernet (1)", *m.hardware_type()));
  if (*m.protocol_type() != ethertype::ipv4)
    faults.push_back(fmt::format("protocol type 0x{:04x}, not IPv4 (0x0800)", *m.protocol_type()));
  if (*m.hardware_size() != 6 || *m.protocol_size() != 4) {
    faults.push_back(fmt::format("address sizes {} and {}, not 6 and 4", *m.hardware_size(),
                                 *m.protocol_size()));
  }
  if (*m.opcode() != arp::opcode_request && *m.opcode() != arp::opcode_reply)
    faults.push_back(fmt::format("opcode {}: neither request (1) nor reply (2)", *m.opcode()));
  if (bytes.size() < m.message_size()) {
    faults.push_back(
        fmt::format("truncated: {} of the message's {} bytes", bytes.size(), m.message_size()));
  }
  return join(faults);
}

std::string refused_arp_faults(Bytes payload, ArpError error) {
  std::string faults = arp_faults(payload);
  return faults.empty() ? fmt::format("ArpView::check refused it: {}", to_string(error)) : faults;
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

std::string opcode_text(std::uint16_t opcode) {
  if (opcode == arp::opcode_request)
    return "1 (request)";
  if (opcode == arp::opcode_reply)
    return "2 (reply)";
  return fmt::format("{}", opcode);
}

void add_malformed_arp(Dissection& d, Bytes payload, ArpError error, std::size_t at, int depth) {
  UncheckedArp m(payload);
  int f = depth + 1;
  add(d, "arp", "ARP", fmt::format("malformed: {}", refused_arp_faults(payload, error)), at, 0,
      depth);
  std::size_t shown = 0;
  if (auto v = m.hardware_type()) {
    add(d, "arp.hw.type", "Hardware type", fmt::format("{}", *v), at, 2, f);
    shown = 2;
  }
  if (auto v = m.protocol_type()) {
    add(d, "arp.proto.type", "Protocol type", fmt::format("0x{:04x}", *v), at + 2, 2, f);
    shown = 4;
  }
  if (auto h = m.hardware_size(), p = m.protocol_size(); h && p) {
    add(d, "arp.hw.size/arp.proto.size", "Address sizes", fmt::format("{} and {} bytes", *h, *p),
        at + 4, 2, f);
    shown = 6;
  }
  if (auto v = m.opcode()) {
    add(d, "arp.opcode", "Opcode", opcode_text(*v), at + 6, 2, f);
    shown = 8;
  }
  struct Address {
    std::optional<Bytes> bytes;
    const char* key;
    const char* label;
    std::size_t natural_size;
    std::size_t offset;
  };
  const Address addresses[] = {
      {m.sender_hardware(), "arp.src.hw_mac", "Sender MAC", 6, m.address_offset(0, 0)},
      {m.sender_protocol(), "arp.src.proto_ipv4", "Sender IP", 4, m.address_offset(1, 0)},
      {m.target_hardware(), "arp.dst.hw_mac", "Target MAC", 6, m.address_offset(1, 1)},
      {m.target_protocol(), "arp.dst.proto_ipv4", "Target IP", 4, m.address_offset(2, 1)}};
  for (const Address& a : addresses) {
    if (!a.bytes)
      break;
    // tshark's key names the address by what it holds: a 6-byte MAC, a 4-byte IPv4 address.
    std::string key = a.bytes->size() == a.natural_size
                          ? a.key
                          : std::string(a.key).substr(0, std::string_view(a.key).rfind('_'));
    add(d, key, a.label, address_text(*a.bytes, a.natural_size), at + a.offset, a.bytes->size(), f);
    shown = a.offset + a.bytes->size();
  }
  if (payload.size() > shown) {
    add(d, "data", "Not decoded", fmt::format("{} bytes", payload.size() - shown), at + shown,
        payload.size() - shown, f);
  }
}

void add_arp(Dissection& d, Bytes payload, std::size_t at, int depth, PaddingName padding) {
  Result<ArpView, ArpError> view = ArpView::check(payload);
  if (!view) {
    add_malformed_arp(d, payload, view.error(), at, depth);
    return;
  }
  int f = depth + 1;
  ArpMessage m = ArpMessage::parse(*view);
  add(d, "arp", "ARP", arp_info(m), at, 0, depth);
  add(d, "arp.hw.type", "Hardware type", "1 (Ethernet)", at, 2, f);
  add(d, "arp.proto.type", "Protocol type", "0x0800 (IPv4)", at + 2, 2, f);
  add(d, "arp.hw.size/arp.proto.size", "Address sizes", "6 and 4 bytes", at + 4, 2, f);
  add(d, "arp.opcode", "Opcode", opcode_text(m.opcode), at + 6, 2, f);
  add(d, "arp.src.hw_mac", "Sender MAC", fmt::format("{}", m.sender_mac), at + 8, 6, f);
  add(d, "arp.src.proto_ipv4", "Sender IP", fmt::format("{}", m.sender_ip), at + 14, 4, f);
  add(d, "arp.dst.hw_mac", "Target MAC", fmt::format("{}", m.target_mac), at + 18, 6, f);
  add(d, "arp.dst.proto_ipv4", "Target IP", fmt::format("{}", m.target_ip), at + 24, 4, f);
  if (payload.size() > arp::message_size) {
    add(d, padding.key, padding.label, fmt::format("{} bytes", payload.size() - arp::message_size),
        at + arp::message_size, payload.size() - arp::message_size, depth);
  }
}

// "  ARP request from 192.168.10.20 (00:1b:21:3a:4f:10) for 192.168.10.42", as far as the message
// goes, for one the lab refused.
void put_malformed_arp_summary(fmt::memory_buffer& out, Bytes payload) {
  UncheckedArp m(payload);
  put(out, "  ARP");
  if (std::optional<std::uint16_t> opcode = m.opcode()) {
    if (*opcode == arp::opcode_request || *opcode == arp::opcode_reply) {
      put(out, *opcode == arp::opcode_request ? " request" : " reply");
    } else {
      put(out, " opcode ");
      put_uint(out, *opcode);
    }
  }
  if (std::optional<Bytes> ip = m.sender_protocol()) {
    put(out, " from ");
    put(out, address_text(*ip, 4));
  }
  if (std::optional<Bytes> mac = m.sender_hardware()) {
    put(out, m.sender_protocol() ? " (" : " from ");
    put(out, address_text(*mac, 6));
    put(out, m.sender_protocol() ? ")" : "");
  }
  if (std::optional<Bytes> ip = m.target_protocol()) {
    put(out, " for ");
    put(out, address_text(*ip, 4));
  }
}

void append_arp_summary(fmt::memory_buffer& out, Bytes payload) {
  Result<ArpView, ArpError> view = ArpView::check(payload);
  if (view) {
    put(out, "  ");
    put(out, arp_info(ArpMessage::parse(*view)));
  } else {
    put_malformed_arp_summary(out, payload);
    put_fault(out, refused_arp_faults(payload, view.error()));
  }
}

}  // namespace

bool add_address_fields(Dissection& d, std::uint16_t type, Bytes payload, std::size_t offset,
                        int depth, PaddingName padding) {
  if (type == ethertype::arp) {
    add_arp(d, payload, offset, depth, padding);
    return true;
  }
  if (type == ethertype::ipv4) {
    add_ipv4(d, payload, offset, depth, padding);
    return true;
  }
  return false;
}

// The hot path of `camnet dissect` for lab 2's frames (see put() in dissect_parts.hpp).
void append_address_summary(fmt::memory_buffer& out, std::uint16_t type, Bytes payload) {
  if (type == ethertype::arp)
    append_arp_summary(out, payload);
  else if (type == ethertype::ipv4)
    append_ipv4_summary(out, payload);
}

}  // namespace camnet::dissect
