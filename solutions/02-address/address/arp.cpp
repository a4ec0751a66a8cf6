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
  // BEGIN SOLUTION: 28 bytes, Ethernet and IPv4 with their lengths, a known opcode (handout §7)
  if (bytes.size() < arp::message_size)
    return fail(ArpError::truncated);
  if (load_u16(bytes.data()) != arp::hardware_ethernet ||
      load_u16(bytes.data() + 2) != ethertype::ipv4 || bytes[4] != MacAddress::size ||
      bytes[5] != 4) {
    return fail(ArpError::unsupported);
  }
  std::uint16_t opcode = load_u16(bytes.data() + 6);
  if (opcode != arp::opcode_request && opcode != arp::opcode_reply)
    return fail(ArpError::bad_opcode);
  return ArpView(bytes);
  // END SOLUTION
}

std::uint16_t ArpView::opcode() const {
  return load_u16(bytes_.data() + 6);
}

MacAddress ArpView::sender_mac() const {
  // BEGIN SOLUTION: six bytes at offset 8 (handout §7)
  return MacAddress::from_bytes(bytes_.subspan(8, 6));
  // END SOLUTION
}

Ipv4Address ArpView::sender_ip() const {
  // BEGIN SOLUTION: four bytes at offset 14 (handout §7)
  return Ipv4Address(load_u32(bytes_.data() + 14));
  // END SOLUTION
}

MacAddress ArpView::target_mac() const {
  // BEGIN SOLUTION: six bytes at offset 18 (handout §7)
  return MacAddress::from_bytes(bytes_.subspan(18, 6));
  // END SOLUTION
}

Ipv4Address ArpView::target_ip() const {
  // BEGIN SOLUTION: four bytes at offset 24 (handout §7)
  return Ipv4Address(load_u32(bytes_.data() + 24));
  // END SOLUTION
}

ArpMessage ArpMessage::parse(const ArpView& view) {
  return ArpMessage{view.opcode(), view.sender_mac(), view.sender_ip(), view.target_mac(),
                    view.target_ip()};
}

Result<std::size_t, ArpError> ArpMessage::emit(MutableBytes out) const {
  // BEGIN SOLUTION: the mirror of check() and the accessors (handout §7)
  if (out.size() < arp::message_size)
    return fail(ArpError::no_room);
  ByteWriter w{out};
  w.put_u16(arp::hardware_ethernet);
  w.put_u16(ethertype::ipv4);
  w.put_u8(MacAddress::size);
  w.put_u8(4);
  w.put_u16(opcode);
  w.put_bytes(sender_mac.octets());
  w.put_u32(sender_ip.value());
  w.put_bytes(target_mac.octets());
  w.put_u32(target_ip.value());
  return arp::message_size;
  // END SOLUTION
}

}  // namespace camnet
