#include "route/icmp.hpp"

#include <cstring>

#include "address/checksum.hpp"

namespace camnet {

bool icmp::is_error(std::uint8_t type) {
  // TODO(lab 3): true for the five ICMP error types of RFC 792 (destination unreachable, source quench, redirect, time exceeded, parameter problem), false for queries and unknown types (handout §5)
  camnet::todo("TODO(lab 3): true for the five ICMP error types of RFC 792 (destination unreachable, source quench, redirect, time exceeded, parameter problem), false for queries and unknown types (handout §5)");
}

const char* icmp::type_name(std::uint8_t type) {
  switch (type) {
    case echo_reply:
      return "echo reply";
    case destination_unreachable:
      return "destination unreachable";
    case source_quench:
      return "source quench";
    case redirect:
      return "redirect";
    case echo_request:
      return "echo request";
    case time_exceeded:
      return "time exceeded";
    case parameter_problem:
      return "parameter problem";
    case timestamp_request:
      return "timestamp request";
    case timestamp_reply:
      return "timestamp reply";
    default:
      return nullptr;
  }
}

const char* to_string(IcmpError error) {
  switch (error) {
    case IcmpError::truncated:
      return "truncated";
    case IcmpError::bad_checksum:
      return "bad checksum";
    case IcmpError::no_room:
      return "no room";
  }
  return "?";
}

Result<IcmpView, IcmpError> IcmpView::check(Bytes bytes) {
  // TODO(lab 3): at least the 8-byte header, and a checksum over the whole message that adds up (handout §3)
  // 1. Fewer than icmp::header_size bytes: truncated.  2. internet_checksum() over ALL of `bytes`
  // (checksum field included) is not 0: bad_checksum.
  camnet::todo("TODO(lab 3): at least the 8-byte header, and a checksum over the whole message that adds up (handout §3)");
}

std::uint8_t IcmpView::type() const {
  return bytes_[0];
}
std::uint8_t IcmpView::code() const {
  return bytes_[1];
}
std::uint16_t IcmpView::checksum() const {
  return load_u16(bytes_.data() + 2);
}
std::uint32_t IcmpView::rest_of_header() const {
  return load_u32(bytes_.data() + 4);
}

std::uint16_t IcmpView::identifier() const {
  // TODO(lab 3): bytes 4-5 (handout §3)
  camnet::todo("TODO(lab 3): bytes 4-5 (handout §3)");
}

std::uint16_t IcmpView::sequence() const {
  // TODO(lab 3): bytes 6-7 (handout §3)
  camnet::todo("TODO(lab 3): bytes 6-7 (handout §3)");
}

std::uint16_t IcmpView::next_hop_mtu() const {
  return load_u16(bytes_.data() + 6);
}

Bytes IcmpView::data() const {
  // TODO(lab 3): everything after the 8-byte header (handout §3)
  camnet::todo("TODO(lab 3): everything after the 8-byte header (handout §3)");
}

Bytes IcmpView::message() const {
  return bytes_;
}

IcmpHeader IcmpHeader::echo_request(std::uint16_t identifier, std::uint16_t sequence) {
  return IcmpHeader{icmp::echo_request, 0,
                    (std::uint32_t{identifier} << 16) | std::uint32_t{sequence}};
}

IcmpHeader IcmpHeader::echo_reply(std::uint16_t identifier, std::uint16_t sequence) {
  return IcmpHeader{icmp::echo_reply, 0,
                    (std::uint32_t{identifier} << 16) | std::uint32_t{sequence}};
}

IcmpHeader IcmpHeader::destination_unreachable(std::uint8_t code, std::uint16_t next_hop_mtu) {
  return IcmpHeader{icmp::destination_unreachable, code, std::uint32_t{next_hop_mtu}};
}

IcmpHeader IcmpHeader::time_exceeded(std::uint8_t code) {
  return IcmpHeader{icmp::time_exceeded, code, 0};
}

IcmpHeader IcmpHeader::parse(const IcmpView& view) {
  return IcmpHeader{view.type(), view.code(), view.rest_of_header()};
}

Result<std::size_t, IcmpError> IcmpHeader::emit(MutableBytes out, Bytes data) const {
  // TODO(lab 3): header with checksum 0, then the data, then the checksum over the whole message (handout §3)
  // Check the room first (8 + data.size() bytes). Copy `data` to out[8...] unless it is already
  // there (data.data() == out.data() + 8). The checksum covers header AND data.
  camnet::todo("TODO(lab 3): header with checksum 0, then the data, then the checksum over the whole message (handout §3)");
}

}  // namespace camnet
