// ICMP, the Internet Control Message Protocol (RFC 792): how IP reports what went wrong, and how
// ping works. Book section 12.6 ("Packets and routing") says a router "tells the sender" when a
// datagram cannot go on; these are the bytes it tells it with.
//
// An ICMP message is the payload of an IPv4 datagram with protocol 1:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +---------------+---------------+-------------------------------+
//   |     Type      |     Code      |           Checksum            |   bytes 0-3
//   +---------------+---------------+-------------------------------+
//   |                       Rest of header                          |   bytes 4-7
//   +---------------------------------------------------------------+
//   |                    Data (any length)                          |
//
// The checksum is the Internet checksum (lab 2's internet_checksum) over the WHOLE message, header
// and data, unlike IPv4's, which covers the header only. What "rest of header" holds depends on the
// type:
//
//   type  name                     rest of header                 data
//      0  echo reply               identifier (16), sequence (16)  the request's data, unchanged
//      8  echo request             identifier (16), sequence (16)  anything (ping sends 56 bytes)
//      3  destination unreachable  unused (16), next-hop MTU (16)  the original datagram's IP
//                                  (RFC 1191, code 4 only)         header and its first bytes
//     11  time exceeded            unused (32)                     the same
//
// The "original datagram" quoted in an error is what lets the sender match the error with what it
// sent: its IP header says to whom, and the first 8 bytes of its payload hold the UDP or TCP ports
// (or the ICMP identifier), which is why RFC 792 asks for at least those 8. RFC 1812 (4.3.2.3) asks
// routers for as much of it as fits in 576 bytes.
//
// As in lab 2: IcmpView is a checked view (length and checksum verified once, then fields read),
// IcmpHeader a value that parses from a view and emits a message, computing the checksum.
#pragma once

#include <cstddef>
#include <cstdint>

#include "camnet/bytes.hpp"
#include "camnet/result.hpp"

namespace camnet {

namespace icmp {
inline constexpr std::size_t header_size = 8;

// Types (RFC 792; the IANA registry lists the rest).
inline constexpr std::uint8_t echo_reply = 0;
inline constexpr std::uint8_t destination_unreachable = 3;
inline constexpr std::uint8_t source_quench = 4;
inline constexpr std::uint8_t redirect = 5;
inline constexpr std::uint8_t echo_request = 8;
inline constexpr std::uint8_t time_exceeded = 11;
inline constexpr std::uint8_t parameter_problem = 12;
inline constexpr std::uint8_t timestamp_request = 13;
inline constexpr std::uint8_t timestamp_reply = 14;

// Destination unreachable codes (RFC 792, RFC 1122, RFC 1812 5.2.7.1).
namespace unreachable {
inline constexpr std::uint8_t net = 0;
inline constexpr std::uint8_t host = 1;
inline constexpr std::uint8_t protocol = 2;
inline constexpr std::uint8_t port = 3;
inline constexpr std::uint8_t fragmentation_needed = 4;  // DF set; carries the next-hop MTU
inline constexpr std::uint8_t source_route_failed = 5;
inline constexpr std::uint8_t net_unknown = 6;
inline constexpr std::uint8_t host_unknown = 7;
inline constexpr std::uint8_t net_prohibited = 9;
inline constexpr std::uint8_t host_prohibited = 10;
inline constexpr std::uint8_t admin_prohibited = 13;  // RFC 1812: filtered by the router
}  // namespace unreachable

// Time exceeded codes.
namespace exceeded {
inline constexpr std::uint8_t ttl = 0;         // TTL reached zero in transit (a router says this)
inline constexpr std::uint8_t reassembly = 1;  // fragments did not all arrive (the host says this)
}  // namespace exceeded

// True for the error messages (destination unreachable, source quench, redirect, time exceeded,
// parameter problem): the types RFC 1812 4.3.2.7 says never to answer with another error.
bool is_error(std::uint8_t type);
// "echo reply", "destination unreachable", ... or nullptr for a type this file does not name.
const char* type_name(std::uint8_t type);
}  // namespace icmp

enum class IcmpError : std::uint8_t {
  truncated,     // fewer than the 8 bytes of the header
  bad_checksum,  // the checksum over the whole message does not add up
  no_room,       // emit: the buffer cannot hold the header and the data
};
const char* to_string(IcmpError error);

class IcmpView {
 public:
  // Checks `bytes` (an IPv4 payload: the whole ICMP message, nothing after it) in the order of
  // IcmpError. Reads nothing outside `bytes`.
  static Result<IcmpView, IcmpError> check(Bytes bytes);

  std::uint8_t type() const;
  std::uint8_t code() const;
  std::uint16_t checksum() const;
  std::uint32_t rest_of_header() const;  // bytes 4-7
  std::uint16_t identifier() const;      // echo: bytes 4-5
  std::uint16_t sequence() const;        // echo: bytes 6-7
  std::uint16_t next_hop_mtu() const;    // destination unreachable code 4: bytes 6-7 (RFC 1191)
  Bytes data() const;     // after the 8-byte header: echo data, or the quoted datagram
  Bytes message() const;  // the whole message

 private:
  explicit IcmpView(Bytes bytes) : bytes_(bytes) {}
  Bytes bytes_;
};

struct IcmpHeader {
  std::uint8_t type = icmp::echo_request;
  std::uint8_t code = 0;
  std::uint32_t rest = 0;  // bytes 4-7, as one big-endian number

  static IcmpHeader echo_request(std::uint16_t identifier, std::uint16_t sequence);
  static IcmpHeader echo_reply(std::uint16_t identifier, std::uint16_t sequence);
  // Destination unreachable with `code`; `next_hop_mtu` goes in bytes 6-7 (RFC 1191: code 4 only,
  // zero otherwise).
  static IcmpHeader destination_unreachable(std::uint8_t code, std::uint16_t next_hop_mtu = 0);
  static IcmpHeader time_exceeded(std::uint8_t code);

  std::uint16_t identifier() const { return static_cast<std::uint16_t>(rest >> 16); }
  std::uint16_t sequence() const { return static_cast<std::uint16_t>(rest); }
  std::uint16_t next_hop_mtu() const { return static_cast<std::uint16_t>(rest); }
  bool is_error() const { return icmp::is_error(type); }

  // Every field but the checksum, which emit() computes.
  static IcmpHeader parse(const IcmpView& view);
  // Writes the 8-byte header followed by `data` into `out`, then the checksum over all of it.
  // Gives the message's length: 8 + data.size(). `data` may already sit at out[8...] (it is then
  // not copied); it must not overlap `out` in any other way. Fails with no_room if `out` is shorter.
  Result<std::size_t, IcmpError> emit(MutableBytes out, Bytes data) const;

  friend bool operator==(const IcmpHeader&, const IcmpHeader&) = default;
};

}  // namespace camnet
