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
  // TODO(lab 2): check the header in the order of Ipv4Error (handout §5)
  // 1. At least 20 bytes, or truncated.  2. Version 4.  3. IHL at least 5.  4. IHL * 4 bytes
  // present, or truncated.  5. Total Length at least IHL * 4, and 6. no more than bytes.size().
  // 7. internet_checksum() over the header (checksum field included) is 0.
  camnet::todo("TODO(lab 2): check the header in the order of Ipv4Error (handout §5)");
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
  // TODO(lab 2): the D flag: bit 14 of bytes 6-7 (handout §5)
  camnet::todo("TODO(lab 2): the D flag: bit 14 of bytes 6-7 (handout §5)");
}

bool Ipv4View::more_fragments() const {
  // TODO(lab 2): the M flag: bit 13 of bytes 6-7 (handout §5)
  camnet::todo("TODO(lab 2): the M flag: bit 13 of bytes 6-7 (handout §5)");
}

std::uint16_t Ipv4View::fragment_offset() const {
  // TODO(lab 2): the low 13 bits of bytes 6-7 (handout §5)
  camnet::todo("TODO(lab 2): the low 13 bits of bytes 6-7 (handout §5)");
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
  // TODO(lab 2): from the end of the header to Total Length (handout §5)
  camnet::todo("TODO(lab 2): from the end of the header to Total Length (handout §5)");
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
  // TODO(lab 2): write every field with the checksum zero, then compute it and fill it in (handout §5, §6)
  camnet::todo("TODO(lab 2): write every field with the checksum zero, then compute it and fill it in (handout §5, §6)");
}

}  // namespace camnet
