// ARP, the Address Resolution Protocol (RFC 826): how "send it to 192.168.10.20 on this network"
// becomes "send it to 00:1b:21:3a:4f:10". The book never shows it; section 12.7's netmask test
// only works because of it.
//
// An ARP message for Ethernet and IPv4 is 28 bytes, the payload of a frame with EtherType 0x0806:
//
//   offset  size  field
//        0     2  hardware type: 1 (Ethernet)
//        2     2  protocol type: 0x0800 (IPv4)
//        4     1  hardware address length: 6
//        5     1  protocol address length: 4
//        6     2  opcode: 1 request ("who has T? tell S"), 2 reply ("T is at ...")
//        8     6  sender MAC
//       14     4  sender IPv4 address
//       18     6  target MAC (zero in a request: that is what is asked)
//       24     4  target IPv4 address
//
// A request is broadcast; the reply comes back unicast. A *gratuitous* ARP has the sender's own
// address as the target too: a host announcing its address (after it changes, or at boot).
#pragma once

#include <cstdint>

#include "address/ipv4_address.hpp"
#include "camnet/bytes.hpp"
#include "camnet/result.hpp"
#include "frame/mac_address.hpp"

namespace camnet {

namespace arp {
inline constexpr std::size_t message_size = 28;
inline constexpr std::uint16_t hardware_ethernet = 1;
inline constexpr std::uint16_t opcode_request = 1;
inline constexpr std::uint16_t opcode_reply = 2;
}  // namespace arp

enum class ArpError : std::uint8_t {
  truncated,    // fewer than 28 bytes
  unsupported,  // not Ethernet (1, length 6) and IPv4 (0x0800, length 4)
  bad_opcode,   // neither request (1) nor reply (2)
  no_room,      // emit: the buffer is shorter than 28 bytes
};
const char* to_string(ArpError error);

class ArpView {
 public:
  // Checks `bytes` (an Ethernet payload; padding may follow the 28 bytes) in the order of ArpError.
  static Result<ArpView, ArpError> check(Bytes bytes);

  std::uint16_t opcode() const;
  MacAddress sender_mac() const;
  Ipv4Address sender_ip() const;
  MacAddress target_mac() const;
  Ipv4Address target_ip() const;

 private:
  explicit ArpView(Bytes bytes) : bytes_(bytes) {}
  Bytes bytes_;
};

struct ArpMessage {
  std::uint16_t opcode = arp::opcode_request;
  MacAddress sender_mac;
  Ipv4Address sender_ip;
  MacAddress target_mac;
  Ipv4Address target_ip;

  static ArpMessage parse(const ArpView& view);
  // Writes the 28-byte message into `out`.
  Result<std::size_t, ArpError> emit(MutableBytes out) const;

  bool is_request() const { return opcode == arp::opcode_request; }
  bool is_reply() const { return opcode == arp::opcode_reply; }
  bool is_gratuitous() const { return sender_ip == target_ip; }

  friend bool operator==(const ArpMessage&, const ArpMessage&) = default;
};

}  // namespace camnet
