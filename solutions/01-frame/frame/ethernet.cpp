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
  // BEGIN SOLUTION: find the header's length, then check the frame against it (handout §3, §4, §6)
  // 1. Count the tags: while fewer than ethernet::max_tags and the 2 bytes at 12 + 4 * tags hold a
  //    tag protocol id (0x8100 or 0x88a8, see is_tag_protocol), there is one more tag. Read those
  //    bytes only if they are inside the frame (ByteReader says std::nullopt when they are not).
  // 2. The header is 14 + 4 * tags bytes; with Fcs::present 4 more bytes must follow. Fewer:
  // truncated.
  // 3. With Fcs::present only: shorter than 64 bytes is a runt; longer than 1518 + 4 * tags is
  //    oversize; a crc32 over everything but the last 4 bytes that differs from them is bad_fcs.
  ByteReader in{frame};
  std::size_t tags = 0;
  while (tags < ethernet::max_tags) {
    std::optional<std::uint16_t> type = in.u16_at(12 + ethernet::tag_size * tags);
    if (!type || !is_tag_protocol(*type))
      break;
    ++tags;
  }
  std::size_t header = ethernet::header_size + ethernet::tag_size * tags;
  std::size_t trailer = fcs == Fcs::present ? ethernet::fcs_size : 0;
  if (frame.size() < header + trailer)
    return fail(FrameError::truncated);
  EthernetView view{frame, tags, fcs};
  if (fcs == Fcs::present) {
    if (frame.size() < ethernet::min_frame + ethernet::fcs_size)
      return fail(FrameError::runt);
    if (frame.size() > ethernet::max_frame + ethernet::fcs_size + ethernet::tag_size * tags) {
      return fail(FrameError::oversize);
    }
    if (crc32(frame.first(frame.size() - ethernet::fcs_size)) != view.fcs()) {
      return fail(FrameError::bad_fcs);
    }
  }
  return view;
  // END SOLUTION
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
  // BEGIN SOLUTION: split the TPID and the TCI of tag `index` into fields (handout §4)
  // Tag i starts at byte 12 + 4 * i: 2 bytes TPID, then 2 bytes TCI. In the TCI, priority is the
  // top 3 bits, drop eligible the next bit, the VLAN id the low 12 bits. load_u16 reads 2 bytes.
  const std::uint8_t* at = frame_.data() + 12 + ethernet::tag_size * index;
  std::uint16_t tci = load_u16(at + 2);
  VlanTag tag;
  tag.tpid = load_u16(at);
  tag.priority = static_cast<std::uint8_t>(tci >> 13);
  tag.drop_eligible = ((tci >> 12) & 1) != 0;
  tag.vlan_id = tci & 0x0fff;
  return tag;
  // END SOLUTION
}

std::uint16_t EthernetView::ethertype() const {
  // BEGIN SOLUTION: read the EtherType that follows the tags (handout §3)
  return load_u16(frame_.data() + 12 + ethernet::tag_size * tag_count_);
  // END SOLUTION
}

Bytes EthernetView::payload() const {
  // BEGIN SOLUTION: everything between the header and the FCS (handout §3)
  std::size_t trailer = fcs_ == Fcs::present ? ethernet::fcs_size : 0;
  return frame_.subspan(header_size(), frame_.size() - header_size() - trailer);
  // END SOLUTION
}

std::uint32_t EthernetView::fcs() const {
  // BEGIN SOLUTION: the last four bytes, least significant byte first (handout §6)
  const std::uint8_t* at = frame_.data() + frame_.size() - ethernet::fcs_size;
  return std::uint32_t{at[0]} | (std::uint32_t{at[1]} << 8) | (std::uint32_t{at[2]} << 16) |
         (std::uint32_t{at[3]} << 24);
  // END SOLUTION
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
  // BEGIN SOLUTION: write the addresses, the tags and the EtherType; the mirror of parsing (handout §3, §4)
  // A ByteWriter writes big-endian fields one after another and says whether they all fit.
  if (tag_count > ethernet::max_tags)
    return false;
  ByteWriter writer{out};
  writer.put_bytes(destination.octets());
  writer.put_bytes(source.octets());
  for (std::size_t i = 0; i < tag_count; ++i) {
    const VlanTag& tag = tags[i];
    writer.put_u16(tag.tpid);
    writer.put_u16(static_cast<std::uint16_t>(
        (tag.priority & 0x7) << 13 | (tag.drop_eligible ? 1 : 0) << 12 | (tag.vlan_id & 0x0fff)));
  }
  writer.put_u16(ethertype);
  return writer.ok();
  // END SOLUTION
}

Result<std::size_t, FrameError> emit_frame(const EthernetHeader& header, Bytes payload,
                                           MutableBytes out, Fcs fcs) {
  // BEGIN SOLUTION: header, payload, zero padding to 60 bytes, then the FCS if asked (handout §5, §6)
  // The FCS covers everything before it, padding included, and goes out least significant byte
  // first.
  std::size_t length = header.size() + payload.size();
  if (length < ethernet::min_frame)
    length = ethernet::min_frame;
  std::size_t total = length + (fcs == Fcs::present ? ethernet::fcs_size : 0);
  if (total > out.size() || !header.emit(out))
    return fail(FrameError::no_room);
  ByteWriter writer{out.subspan(header.size())};
  writer.put_bytes(payload);
  writer.put_zeros(length - header.size() - payload.size());
  if (fcs == Fcs::present) {
    std::uint32_t sum = crc32(out.first(length));
    for (int i = 0; i < 4; ++i)
      writer.put_u8(static_cast<std::uint8_t>(sum >> (8 * i)));
  }
  return total;
  // END SOLUTION
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
