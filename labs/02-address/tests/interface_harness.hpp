// A network interface on a test bench: the camera's interface on one end of a wire, the test
// playing the rest of the network on the other. Frames are built and read byte by byte from the
// RFC layouts (never with the code under test), and every action is told as a numbered step.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "address/network_interface.hpp"
#include "camnet/host/format.hpp"
#include "camnet/memory_link.hpp"
#include "camnet/testing/story.hpp"

namespace camnet::test {

inline const MacAddress camera_mac({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01});
inline const Ipv4Address camera_ip = Ipv4Address::from_octets(192, 168, 10, 42);
inline MacAddress host_mac(int n) {
  return MacAddress({0x52, 0x54, 0x00, 0x00, 0x0a, static_cast<std::uint8_t>(n)});
}
inline Ipv4Address host_ip(int n) {
  return Ipv4Address::from_octets(192, 168, 10, static_cast<std::uint8_t>(n));
}

inline void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
inline void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}
inline void put_mac(std::vector<std::uint8_t>& out, MacAddress mac) {
  out.insert(out.end(), mac.octets().begin(), mac.octets().end());
}

// A 20-byte IPv4 header (RFC 791) with a correct checksum, then `payload` bytes of `fill`.
inline std::vector<std::uint8_t> datagram(Ipv4Address from, Ipv4Address to, std::size_t payload = 8,
                                          std::uint8_t fill = 0xab) {
  std::vector<std::uint8_t> d;
  d.push_back(0x45);
  d.push_back(0);
  put16(d, static_cast<std::uint16_t>(20 + payload));
  put32(d, 0x12344000);  // identification 0x1234, DF
  d.push_back(64);
  d.push_back(17);  // UDP
  put16(d, 0);
  put32(d, from.value());
  put32(d, to.value());
  std::uint32_t sum = 0;
  for (int i = 0; i < 20; i += 2)
    sum += (std::uint32_t{d[i]} << 8) | d[i + 1];
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  d[10] = static_cast<std::uint8_t>(~sum >> 8);
  d[11] = static_cast<std::uint8_t>(~sum);
  d.insert(d.end(), payload, fill);
  return d;
}

inline std::vector<std::uint8_t> ethernet_frame(MacAddress to, MacAddress from, std::uint16_t type,
                                                const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> f;
  put_mac(f, to);
  put_mac(f, from);
  put16(f, type);
  f.insert(f.end(), payload.begin(), payload.end());
  if (f.size() < 60)
    f.resize(60, 0);
  return f;
}

// The same with an 802.1Q tag (TPID 0x8100, priority 0, VLAN `vlan`) before the EtherType.
inline std::vector<std::uint8_t> tagged_frame(MacAddress to, MacAddress from, std::uint16_t vlan,
                                              std::uint16_t type,
                                              const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> f;
  put_mac(f, to);
  put_mac(f, from);
  put16(f, 0x8100);
  put16(f, vlan);
  put16(f, type);
  f.insert(f.end(), payload.begin(), payload.end());
  if (f.size() < 60)
    f.resize(60, 0);
  return f;
}

// An ARP message (RFC 826) for Ethernet and IPv4, 28 bytes.
inline std::vector<std::uint8_t> arp_message(std::uint16_t opcode, MacAddress sender_mac,
                                             Ipv4Address sender_ip, MacAddress target_mac,
                                             Ipv4Address target_ip) {
  std::vector<std::uint8_t> a;
  put16(a, 1);
  put16(a, 0x0800);
  a.push_back(6);
  a.push_back(4);
  put16(a, opcode);
  put_mac(a, sender_mac);
  put32(a, sender_ip.value());
  put_mac(a, target_mac);
  put32(a, target_ip.value());
  return a;
}

inline std::vector<std::uint8_t> arp_frame(std::uint16_t opcode, MacAddress to,
                                           MacAddress sender_mac, Ipv4Address sender_ip,
                                           MacAddress target_mac, Ipv4Address target_ip) {
  return ethernet_frame(to, sender_mac, 0x0806,
                        arp_message(opcode, sender_mac, sender_ip, target_mac, target_ip));
}

// What the interface sent, read from fixed offsets.
struct Sent {
  std::vector<std::uint8_t> bytes;
  MacAddress destination() const { return MacAddress::from_bytes(Bytes{bytes}.subspan(0, 6)); }
  MacAddress source() const { return MacAddress::from_bytes(Bytes{bytes}.subspan(6, 6)); }
  std::uint16_t type() const { return load_u16(bytes.data() + 12); }
  bool is_arp() const { return type() == 0x0806; }
  std::uint16_t arp_opcode() const { return load_u16(bytes.data() + 20); }
  MacAddress arp_sender_mac() const { return MacAddress::from_bytes(Bytes{bytes}.subspan(22, 6)); }
  Ipv4Address arp_sender_ip() const { return Ipv4Address(load_u32(bytes.data() + 28)); }
  MacAddress arp_target_mac() const { return MacAddress::from_bytes(Bytes{bytes}.subspan(32, 6)); }
  Ipv4Address arp_target_ip() const { return Ipv4Address(load_u32(bytes.data() + 38)); }
  std::vector<std::uint8_t> payload() const { return {bytes.begin() + 14, bytes.end()}; }
};

class InterfaceBench {
 public:
  InterfaceBench()
      : port_(wire_.station(0)),
        interface_(port_, camera_mac, *Ipv4Prefix::parse("192.168.10.42/24")) {
    story.step("the camera's interface is up: 192.168.10.42/24, MAC 02:00:00:c4:3e:01");
  }

  void send(const std::vector<std::uint8_t>& datagram, Ipv4Address next_hop) {
    story.step("the camera sends a {}-byte datagram to next hop {}", datagram.size(), next_hop);
    interface_.send_datagram(datagram, next_hop);
  }
  void arrives(const std::vector<std::uint8_t>& frame, const std::string& what) {
    story.step("a frame arrives: {}", what);
    interface_.receive(frame);
  }
  void pass(Duration elapsed) {
    story.step("{} pass", elapsed);
    interface_.tick(elapsed);
  }
  // Every frame the interface sent since the last call.
  std::vector<Sent> sent() {
    std::vector<Sent> out;
    while (auto f = wire_.station(1).receive())
      out.push_back({{f->bytes().begin(), f->bytes().end()}});
    return out;
  }
  NetworkInterface& interface() { return interface_; }
  testing::Story story;

 private:
  MemoryMedium<2, 64> wire_;
  Port port_;
  NetworkInterface interface_;
};

}  // namespace camnet::test
