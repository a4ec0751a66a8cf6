// The IPv4 header (RFC 791).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-------+-------+-----------+---+-------------------------------+
//   |Version|  IHL  |   DSCP    |ECN|         Total Length          |   bytes 0-3
//   +-------+-------+-----------+---+-+-+-+-------------------------+
//   |         Identification        |0|D|M|     Fragment Offset     |   bytes 4-7
//   +---------------+---------------+-+-+-+-------------------------+
//   |  Time to Live |    Protocol   |         Header Checksum       |   bytes 8-11
//   +---------------+---------------+-------------------------------+
//   |                       Source Address                          |   bytes 12-15
//   +---------------------------------------------------------------+
//   |                    Destination Address                        |   bytes 16-19
//   +---------------------------------------------------------------+
//   |                    Options (IHL > 5)                          |   up to 40 bytes
//
// IHL is the header length in 32-bit words (5 to 15: 20 to 60 bytes). Total Length counts header
// and payload; an Ethernet frame may carry padding after it. The fragment offset counts 8-byte
// units. The checksum covers the header only (see checksum.hpp).
//
// As for Ethernet: Ipv4View is a checked view (check() once, then read fields) and Ipv4Header a
// value that parses from a view and emits into a buffer, computing the checksum as it does.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "address/ipv4_address.hpp"
#include "camnet/bytes.hpp"
#include "camnet/result.hpp"

namespace camnet {

namespace ipv4 {
inline constexpr std::size_t min_header = 20;
inline constexpr std::size_t max_header = 60;
inline constexpr std::size_t max_options = 40;
}  // namespace ipv4

namespace ip_protocol {
inline constexpr std::uint8_t icmp = 1;
inline constexpr std::uint8_t tcp = 6;
inline constexpr std::uint8_t udp = 17;
// "ICMP", "TCP", "UDP", or nullptr.
const char* name(std::uint8_t protocol);
}  // namespace ip_protocol

enum class Ipv4Error : std::uint8_t {
  truncated,                  // fewer bytes than the header (20, or what IHL says)
  bad_version,                // the version field is not 4
  bad_header_length,          // IHL below 5 (a header is at least 20 bytes)
  total_length_too_short,     // Total Length smaller than the header itself
  total_length_beyond_frame,  // Total Length promises more bytes than arrived
  bad_checksum,               // the header checksum does not add up
  no_room,                    // emit: the buffer is too small, or the datagram over 65535 bytes
};
const char* to_string(Ipv4Error error);

class Ipv4View {
 public:
  // Checks `bytes` (an Ethernet payload: the datagram, maybe followed by padding) in the order of
  // the errors above. Reads nothing outside `bytes`.
  static Result<Ipv4View, Ipv4Error> check(Bytes bytes);

  std::uint8_t version() const;
  std::size_t header_length() const;  // in bytes: IHL * 4
  std::uint8_t dscp() const;
  std::uint8_t ecn() const;
  std::uint16_t total_length() const;
  std::uint16_t identification() const;
  bool dont_fragment() const;
  bool more_fragments() const;
  std::uint16_t fragment_offset() const;  // in 8-byte units, as on the wire
  std::uint8_t ttl() const;
  std::uint8_t protocol() const;
  std::uint16_t checksum() const;
  Ipv4Address source() const;
  Ipv4Address destination() const;
  Bytes options() const;   // header_length() - 20 bytes, maybe empty
  Bytes payload() const;   // after the header, up to Total Length (no Ethernet padding)
  Bytes datagram() const;  // header and payload: exactly Total Length bytes

 private:
  explicit Ipv4View(Bytes bytes) : bytes_(bytes) {}
  Bytes bytes_;
};

struct Ipv4Header {
  std::uint8_t dscp = 0;
  std::uint8_t ecn = 0;
  std::uint16_t identification = 0;
  bool dont_fragment = false;
  bool more_fragments = false;
  std::uint16_t fragment_offset = 0;  // in 8-byte units
  std::uint8_t ttl = 64;
  std::uint8_t protocol = 0;
  Ipv4Address source;
  Ipv4Address destination;
  std::array<std::uint8_t, ipv4::max_options> options{};
  std::size_t options_length = 0;  // a multiple of 4, at most 40

  // Every field but the checksum and Total Length, which emit() computes.
  static Ipv4Header parse(const Ipv4View& view);
  std::size_t header_length() const { return ipv4::min_header + options_length; }
  // Writes the header for a payload of `payload_length` bytes into the first header_length()
  // bytes of `out`: Total Length = header_length() + payload_length, the checksum computed last.
  // Fails with no_room if `out` is too small.
  Result<std::size_t, Ipv4Error> emit(MutableBytes out, std::size_t payload_length) const;

  friend bool operator==(const Ipv4Header&, const Ipv4Header&) = default;
};

}  // namespace camnet
