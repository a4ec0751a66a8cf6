#include "address/ipv4_header.hpp"

#include "address/checksum.hpp"
#include "camnet/panic.hpp"

namespace camnet {

const char* ip_protocol::name(std::uint8_t protocol) {
  switch (protocol) {
    case icmp:
      return "ICMP";
    case tcp:
      return "TCP";
    case udp:
      return "UDP";
    case 2:
      return "IGMP";
    default:
      return nullptr;
  }
}

const char* to_string(Ipv4Error error) {
  switch (error) {
    case Ipv4Error::truncated:
      return "truncated";
    case Ipv4Error::bad_version:
      return "bad version";
    case Ipv4Error::bad_header_length:
      return "bad header length";
    case Ipv4Error::total_length_too_short:
      return "total length too short";
    case Ipv4Error::total_length_beyond_frame:
      return "total length beyond the frame";
    case Ipv4Error::bad_checksum:
      return "bad checksum";
    case Ipv4Error::no_room:
      return "no room";
  }
  return "?";
}

Result<Ipv4View, Ipv4Error> Ipv4View::check(Bytes bytes) {
  // BEGIN SOLUTION: check the header in the order of Ipv4Error (handout §5)
  // 1. At least 20 bytes, or truncated.  2. Version 4.  3. IHL at least 5.  4. IHL * 4 bytes
  // present, or truncated.  5. Total Length at least IHL * 4, and 6. no more than bytes.size().
  // 7. internet_checksum() over the header (checksum field included) is 0.
  if (bytes.size() < ipv4::min_header)
    return fail(Ipv4Error::truncated);
  std::uint8_t version_ihl = bytes[0];
  if ((version_ihl >> 4) != 4)
    return fail(Ipv4Error::bad_version);
  std::size_t header = std::size_t{version_ihl & 0x0fu} * 4;
  if (header < ipv4::min_header)
    return fail(Ipv4Error::bad_header_length);
  if (bytes.size() < header)
    return fail(Ipv4Error::truncated);
  std::uint16_t total = load_u16(bytes.data() + 2);
  if (total < header)
    return fail(Ipv4Error::total_length_too_short);
  if (total > bytes.size())
    return fail(Ipv4Error::total_length_beyond_frame);
  if (internet_checksum(bytes.first(header)) != 0)
    return fail(Ipv4Error::bad_checksum);
  return Ipv4View(bytes);
  // END SOLUTION
}

std::uint8_t Ipv4View::version() const {
  return bytes_[0] >> 4;
}
std::size_t Ipv4View::header_length() const {
  return std::size_t{bytes_[0] & 0x0fu} * 4;
}
std::uint8_t Ipv4View::dscp() const {
  return bytes_[1] >> 2;
}
std::uint8_t Ipv4View::ecn() const {
  return bytes_[1] & 0x03;
}
std::uint16_t Ipv4View::total_length() const {
  return load_u16(bytes_.data() + 2);
}
std::uint16_t Ipv4View::identification() const {
  return load_u16(bytes_.data() + 4);
}

bool Ipv4View::dont_fragment() const {
  // BEGIN SOLUTION: the D flag: bit 14 of bytes 6-7 (handout §5)
  return (load_u16(bytes_.data() + 6) & 0x4000) != 0;
  // END SOLUTION
}

bool Ipv4View::more_fragments() const {
  // BEGIN SOLUTION: the M flag: bit 13 of bytes 6-7 (handout §5)
  return (load_u16(bytes_.data() + 6) & 0x2000) != 0;
  // END SOLUTION
}

std::uint16_t Ipv4View::fragment_offset() const {
  // BEGIN SOLUTION: the low 13 bits of bytes 6-7 (handout §5)
  return load_u16(bytes_.data() + 6) & 0x1fff;
  // END SOLUTION
}

std::uint8_t Ipv4View::ttl() const {
  return bytes_[8];
}
std::uint8_t Ipv4View::protocol() const {
  return bytes_[9];
}
std::uint16_t Ipv4View::checksum() const {
  return load_u16(bytes_.data() + 10);
}
Ipv4Address Ipv4View::source() const {
  return Ipv4Address(load_u32(bytes_.data() + 12));
}
Ipv4Address Ipv4View::destination() const {
  return Ipv4Address(load_u32(bytes_.data() + 16));
}
Bytes Ipv4View::options() const {
  return bytes_.subspan(20, header_length() - 20);
}

Bytes Ipv4View::payload() const {
  // BEGIN SOLUTION: from the end of the header to Total Length (handout §5)
  return bytes_.subspan(header_length(), total_length() - header_length());
  // END SOLUTION
}

Bytes Ipv4View::datagram() const {
  return bytes_.first(total_length());
}

Ipv4Header Ipv4Header::parse(const Ipv4View& view) {
  Ipv4Header h;
  h.dscp = view.dscp();
  h.ecn = view.ecn();
  h.identification = view.identification();
  h.dont_fragment = view.dont_fragment();
  h.more_fragments = view.more_fragments();
  h.fragment_offset = view.fragment_offset();
  h.ttl = view.ttl();
  h.protocol = view.protocol();
  h.source = view.source();
  h.destination = view.destination();
  Bytes options = view.options();
  h.options_length = options.size();
  for (std::size_t i = 0; i < options.size(); ++i)
    h.options[i] = options[i];
  return h;
}

Result<std::size_t, Ipv4Error> Ipv4Header::emit(MutableBytes out,
                                                std::size_t payload_length) const {
  // BEGIN SOLUTION: write every field with the checksum zero, then compute it and fill it in (handout §5, §6)
  std::size_t header = header_length();
  if (options_length % 4 != 0 || options_length > ipv4::max_options)
    return fail(Ipv4Error::bad_header_length);
  if (header + payload_length > 0xffff)
    return fail(Ipv4Error::no_room);  // Total Length is 16 bits
  if (out.size() < header)
    return fail(Ipv4Error::no_room);
  ByteWriter w{out};
  w.put_u8(static_cast<std::uint8_t>(0x40 | (header / 4)));
  w.put_u8(static_cast<std::uint8_t>((dscp << 2) | (ecn & 0x03)));
  w.put_u16(static_cast<std::uint16_t>(header + payload_length));
  w.put_u16(identification);
  w.put_u16(static_cast<std::uint16_t>((dont_fragment ? 0x4000 : 0) |
                                       (more_fragments ? 0x2000 : 0) | (fragment_offset & 0x1fff)));
  w.put_u8(ttl);
  w.put_u8(protocol);
  w.put_u16(0);  // the checksum, computed below over the header with this field zero
  w.put_u32(source.value());
  w.put_u32(destination.value());
  w.put_bytes(Bytes{options.data(), options_length});
  store_u16(out.data() + 10, internet_checksum(out.first(header)));
  return header;
  // END SOLUTION
}

}  // namespace camnet
