#include "frame/ethernet.hpp"

#include "camnet/panic.hpp"
#include "frame/crc32.hpp"

namespace camnet {

const char* ethertype::name(std::uint16_t type) {
  switch (type) {
    case ipv4:
      return "IPv4";
    case arp:
      return "ARP";
    case vlan:
      return "802.1Q";
    case qinq:
      return "802.1ad";
    case ipv6:
      return "IPv6";
    case 0x88cc:
      return "LLDP";
    case 0x8809:
      return "Slow protocols";
    case 0x88f7:
      return "PTP";
    default:
      return nullptr;
  }
}

const char* to_string(FrameError error) {
  switch (error) {
    case FrameError::truncated:
      return "truncated";
    case FrameError::runt:
      return "runt";
    case FrameError::oversize:
      return "oversize";
    case FrameError::bad_fcs:
      return "bad FCS";
    case FrameError::no_room:
      return "no room";
  }
  return "?";
}

namespace {

bool is_tag_protocol(std::uint16_t type) {
  return type == ethertype::vlan || type == ethertype::qinq;
}

}  // namespace

Result<EthernetView, FrameError> EthernetView::check(Bytes frame, Fcs fcs) {
  // TODO(lab 1): find the header's length, then check the frame against it (handout §3, §4, §6)
  // 1. Count the tags: while fewer than ethernet::max_tags and the 2 bytes at 12 + 4 * tags hold a
  //    tag protocol id (0x8100 or 0x88a8, see is_tag_protocol), there is one more tag. Read those
  //    bytes only if they are inside the frame (ByteReader says std::nullopt when they are not).
  // 2. The header is 14 + 4 * tags bytes; with Fcs::present 4 more bytes must follow. Fewer:
  // truncated.
  // 3. With Fcs::present only: shorter than 64 bytes is a runt; longer than 1518 + 4 * tags is
  //    oversize; a crc32 over everything but the last 4 bytes that differs from them is bad_fcs.
  camnet::todo("TODO(lab 1): find the header's length, then check the frame against it (handout §3, §4, §6)");
}

MacAddress EthernetView::destination() const {
  return MacAddress::from_bytes(frame_.subspan(0, 6));
}

MacAddress EthernetView::source() const {
  return MacAddress::from_bytes(frame_.subspan(6, 6));
}

VlanTag EthernetView::tag(std::size_t index) const {
  if (index >= tag_count_)
    panic("EthernetView::tag: no such tag");
  // TODO(lab 1): split the TPID and the TCI of tag `index` into fields (handout §4)
  // Tag i starts at byte 12 + 4 * i: 2 bytes TPID, then 2 bytes TCI. In the TCI, priority is the
  // top 3 bits, drop eligible the next bit, the VLAN id the low 12 bits. load_u16 reads 2 bytes.
  camnet::todo("TODO(lab 1): split the TPID and the TCI of tag `index` into fields (handout §4)");
}

std::uint16_t EthernetView::ethertype() const {
  // TODO(lab 1): read the EtherType that follows the tags (handout §3)
  camnet::todo("TODO(lab 1): read the EtherType that follows the tags (handout §3)");
}

Bytes EthernetView::payload() const {
  // TODO(lab 1): everything between the header and the FCS (handout §3)
  camnet::todo("TODO(lab 1): everything between the header and the FCS (handout §3)");
}

std::uint32_t EthernetView::fcs() const {
  // TODO(lab 1): the last four bytes, least significant byte first (handout §6)
  camnet::todo("TODO(lab 1): the last four bytes, least significant byte first (handout §6)");
}

EthernetHeader EthernetHeader::parse(const EthernetView& view) {
  EthernetHeader header;
  header.destination = view.destination();
  header.source = view.source();
  header.tag_count = view.tag_count();
  for (std::size_t i = 0; i < header.tag_count; ++i)
    header.tags[i] = view.tag(i);
  header.ethertype = view.ethertype();
  return header;
}

bool EthernetHeader::emit(MutableBytes out) const {
  // TODO(lab 1): write the addresses, the tags and the EtherType; the mirror of parsing (handout §3, §4)
  // A ByteWriter writes big-endian fields one after another and says whether they all fit.
  camnet::todo("TODO(lab 1): write the addresses, the tags and the EtherType; the mirror of parsing (handout §3, §4)");
}

Result<std::size_t, FrameError> emit_frame(const EthernetHeader& header, Bytes payload,
                                           MutableBytes out, Fcs fcs) {
  // TODO(lab 1): header, payload, zero padding to 60 bytes, then the FCS if asked (handout §5, §6)
  // The FCS covers everything before it, padding included, and goes out least significant byte
  // first.
  camnet::todo("TODO(lab 1): header, payload, zero padding to 60 bytes, then the FCS if asked (handout §5, §6)");
}

bool encapsulate(const EthernetHeader& header, PacketBuffer& buffer) {
  MutableBytes space = buffer.prepend(header.size());
  if (space.empty() || !header.emit(space))
    return false;
  if (buffer.size() < ethernet::min_frame) {
    MutableBytes padding = buffer.append(ethernet::min_frame - buffer.size());
    if (padding.empty())
      return false;
    for (std::uint8_t& b : padding)
      b = 0;
  }
  return true;
}

}  // namespace camnet
