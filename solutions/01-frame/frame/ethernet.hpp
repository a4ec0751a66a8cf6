// Ethernet II frames, with 802.1Q VLAN tags (book section 12.3, "The cable and the frame").
//
//   offset  size  field
//        0     6  destination MAC address
//        6     6  source MAC address
//       12     4  0 to 2 VLAN tags: TPID (0x8100, or 0x88a8 for an outer 802.1ad tag), then
//                 TCI = priority (3 bits) | drop eligible (1 bit) | VLAN id (12 bits)
//   12+4t      2  EtherType: what the payload is (0x0800 IPv4, 0x0806 ARP, ...)
//   14+4t    ...  payload, padded with zeros so the frame is at least 60 bytes
//     last     4  FCS (CRC-32), on the wire; most captures do not include it
//
// Two types, as in the rest of the stack:
//  - EthernetView is a checked view: check() verifies the length once, then the accessors read
//    fields straight from the bytes without further checks.
//  - EthernetHeader is a plain value: parse() reads one from a view, emit() writes one into a
//    buffer. Parse and emit are mirror images.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "camnet/bytes.hpp"
#include "camnet/packet_buffer.hpp"
#include "camnet/result.hpp"
#include "frame/mac_address.hpp"

namespace camnet {

namespace ethertype {
inline constexpr std::uint16_t ipv4 = 0x0800;
inline constexpr std::uint16_t arp = 0x0806;
inline constexpr std::uint16_t vlan = 0x8100;  // 802.1Q tag (customer tag)
inline constexpr std::uint16_t qinq = 0x88a8;  // 802.1ad tag (service tag, the outer one)
inline constexpr std::uint16_t ipv6 = 0x86dd;
// Values up to 1500 are not types but the payload length of an IEEE 802.3 frame (LLC follows).
inline constexpr std::uint16_t max_length_field = 1500;

// "IPv4", "ARP", "802.1Q", ... or nullptr for a value camnet has no name for.
const char* name(std::uint16_t type);
}  // namespace ethertype

namespace ethernet {
inline constexpr std::size_t header_size = 14;  // without tags
inline constexpr std::size_t tag_size = 4;
inline constexpr std::size_t max_tags = 2;  // a customer tag, inside an optional service tag
inline constexpr std::size_t fcs_size = 4;
inline constexpr std::size_t min_frame = 60;    // without the FCS; 64 with it
inline constexpr std::size_t max_frame = 1514;  // untagged, without the FCS; 1518 with it
}  // namespace ethernet

// Whether a frame ends with its 4-byte FCS. Frames from a MAC or a wire tap do; frames captured by
// the host's own stack (tcpdump, Wireshark) usually do not.
enum class Fcs : std::uint8_t { absent, present };

enum class FrameError : std::uint8_t {
  truncated,  // fewer bytes than the header (and its tags, and the FCS) needs
  runt,       // a whole header, but shorter than Ethernet's minimum of 64 bytes with the FCS
  oversize,   // longer than Ethernet's maximum of 1518 bytes with the FCS (plus 4 per tag)
  bad_fcs,    // the FCS does not match the frame's bytes
  no_room,    // emit: the output buffer is too small for the frame
};
const char* to_string(FrameError error);

struct VlanTag {
  std::uint16_t tpid = ethertype::vlan;
  std::uint8_t priority = 0;   // PCP, 0-7
  bool drop_eligible = false;  // DEI
  std::uint16_t vlan_id = 0;   // 0-4095
  friend bool operator==(const VlanTag&, const VlanTag&) = default;
};

class EthernetView {
 public:
  // Checks that `frame` holds a whole Ethernet header, following up to two VLAN tags. With
  // Fcs::present it also checks the size limits and the FCS, in that order. Reads nothing outside
  // `frame`, whatever it holds.
  static Result<EthernetView, FrameError> check(Bytes frame, Fcs fcs = Fcs::absent);

  MacAddress destination() const;
  MacAddress source() const;
  std::size_t tag_count() const { return tag_count_; }
  VlanTag tag(std::size_t index) const;  // 0 is the outermost tag; index < tag_count()
  std::uint16_t ethertype() const;
  std::size_t header_size() const {
    return ethernet::header_size + ethernet::tag_size * tag_count_;
  }
  // Everything after the header, up to the FCS if there is one (padding included: only the
  // payload's own protocol knows where its data ends).
  Bytes payload() const;
  Bytes bytes() const { return frame_; }
  // The FCS carried at the end of the frame (only meaningful with Fcs::present).
  std::uint32_t fcs() const;

 private:
  EthernetView(Bytes frame, std::size_t tag_count, Fcs fcs)
      : frame_(frame), tag_count_(tag_count), fcs_(fcs) {}

  Bytes frame_;
  std::size_t tag_count_;
  Fcs fcs_;
};

struct EthernetHeader {
  MacAddress destination;
  MacAddress source;
  std::array<VlanTag, ethernet::max_tags> tags{};
  std::size_t tag_count = 0;
  std::uint16_t ethertype = 0;

  static EthernetHeader parse(const EthernetView& view);
  std::size_t size() const { return ethernet::header_size + ethernet::tag_size * tag_count; }
  // Writes the header into the first size() bytes of `out`; false (nothing useful written) if
  // `out` is shorter than that.
  bool emit(MutableBytes out) const;

  friend bool operator==(const EthernetHeader&, const EthernetHeader&) = default;
};

// Builds a whole frame in `out`: the header, the payload, zeros up to the 60-byte minimum and, with
// Fcs::present, the FCS. Returns the frame's length, or FrameError::no_room if `out` is too small.
Result<std::size_t, FrameError> emit_frame(const EthernetHeader& header, Bytes payload,
                                           MutableBytes out, Fcs fcs = Fcs::absent);

// Wraps the packet in `buffer` in an Ethernet header (written into its headroom) and pads it to the
// 60-byte minimum: how upper layers hand a datagram to the link. False if there is no room.
bool encapsulate(const EthernetHeader& header, PacketBuffer& buffer);

}  // namespace camnet
