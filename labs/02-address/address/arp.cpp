#include "address/arp.hpp"

#include "camnet/panic.hpp"
#include "frame/ethernet.hpp"

namespace camnet {

const char* to_string(ArpError error) {
  switch (error) {
    case ArpError::truncated:
      return "truncated";
    case ArpError::unsupported:
      return "not Ethernet/IPv4";
    case ArpError::bad_opcode:
      return "bad opcode";
    case ArpError::no_room:
      return "no room";
  }
  return "?";
}

Result<ArpView, ArpError> ArpView::check(Bytes bytes) {
  // TODO(lab 2): 28 bytes, Ethernet and IPv4 with their lengths, a known opcode (handout §7)
  camnet::todo("TODO(lab 2): 28 bytes, Ethernet and IPv4 with their lengths, a known opcode (handout §7)");
}

std::uint16_t ArpView::opcode() const {
  return load_u16(bytes_.data() + 6);
}

MacAddress ArpView::sender_mac() const {
  // TODO(lab 2): six bytes at offset 8 (handout §7)
  camnet::todo("TODO(lab 2): six bytes at offset 8 (handout §7)");
}

Ipv4Address ArpView::sender_ip() const {
  // TODO(lab 2): four bytes at offset 14 (handout §7)
  camnet::todo("TODO(lab 2): four bytes at offset 14 (handout §7)");
}

MacAddress ArpView::target_mac() const {
  // TODO(lab 2): six bytes at offset 18 (handout §7)
  camnet::todo("TODO(lab 2): six bytes at offset 18 (handout §7)");
}

Ipv4Address ArpView::target_ip() const {
  // TODO(lab 2): four bytes at offset 24 (handout §7)
  camnet::todo("TODO(lab 2): four bytes at offset 24 (handout §7)");
}

ArpMessage ArpMessage::parse(const ArpView& view) {
  return ArpMessage{view.opcode(), view.sender_mac(), view.sender_ip(), view.target_mac(),
                    view.target_ip()};
}

Result<std::size_t, ArpError> ArpMessage::emit(MutableBytes out) const {
  // TODO(lab 2): the mirror of check() and the accessors (handout §7)
  camnet::todo("TODO(lab 2): the mirror of check() and the accessors (handout §7)");
}

}  // namespace camnet
