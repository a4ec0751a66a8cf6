#include "dissect.hpp"

#include <algorithm>

#include <fmt/compile.h>

#include "camnet/host/format.hpp"
#include "camnet/host/runtime.hpp"
#include "dissect_address.hpp"
#include "dissect_linux_cooked.hpp"
#include "dissect_parts.hpp"
#include "frame/crc32.hpp"

namespace camnet::dissect {
namespace {

std::string hex16(std::uint16_t v) {
  return fmt::format("0x{:04x}", v);
}

std::string describe_mac(MacAddress mac) {
  if (mac.is_broadcast())
    return fmt::format("{} (broadcast)", mac);
  const char* kind = mac.is_multicast() ? "multicast" : "unicast";
  const char* admin =
      mac.is_locally_administered() ? "locally administered" : "universally administered";
  return fmt::format("{} ({}, {})", mac, kind, admin);
}

bool is_tag_protocol(std::uint16_t type) {
  return type == ethertype::vlan || type == ethertype::qinq;
}

// The FCS at the end of `frame`, least significant byte first (IEEE 802.3).
std::uint32_t trailing_fcs(Bytes frame) {
  const std::uint8_t* at = frame.data() + frame.size() - ethernet::fcs_size;
  return std::uint32_t{at[0]} | (std::uint32_t{at[1]} << 8) | (std::uint32_t{at[2]} << 16) |
         (std::uint32_t{at[3]} << 24);
}

// Every way `frame` breaks IEEE 802.3 as far as camnet checks it, "; "-separated, "" for none:
// a header cut short and, when the frame ends with its FCS, its size limits and the FCS itself.
// Read from fixed offsets (the tag rule is EthernetView's: up to two, while the type field holds
// 0x8100 or 0x88a8), independently of the lab's check, which stops at its first complaint.
std::string ethernet_faults(Bytes frame, Fcs fcs) {
  ByteReader in(frame);
  std::size_t tags = 0;
  while (tags < ethernet::max_tags) {
    std::optional<std::uint16_t> type = in.u16_at(12 + ethernet::tag_size * tags);
    if (!type || !is_tag_protocol(*type))
      break;
    ++tags;
  }
  std::size_t header = ethernet::header_size + ethernet::tag_size * tags;
  bool with_fcs = fcs == Fcs::present;
  if (frame.size() < header + (with_fcs ? ethernet::fcs_size : 0)) {
    return fmt::format("truncated: {} bytes captured, too few for the Ethernet header{}",
                       frame.size(), with_fcs ? " and FCS" : "");
  }
  if (!with_fcs)
    return "";
  std::string faults;
  auto also = [&faults](const std::string& fault) {
    faults += (faults.empty() ? "" : "; ") + fault;
  };
  std::size_t max = ethernet::max_frame + ethernet::fcs_size + ethernet::tag_size * tags;
  if (frame.size() < ethernet::min_frame + ethernet::fcs_size)
    also(fmt::format("runt: {} bytes, under the 64-byte minimum", frame.size()));
  else if (frame.size() > max)
    also(fmt::format("oversize: {} bytes, over the {}-byte maximum", frame.size(), max));
  std::uint32_t right = crc32(frame.first(frame.size() - ethernet::fcs_size));
  if (trailing_fcs(frame) != right)
    also(fmt::format("bad FCS 0x{:08x}, should be 0x{:08x}", trailing_fcs(frame), right));
  return faults;
}

// The view to decode a frame the lab's check refused by, if its header is whole (a runt, an
// oversize frame or a bad FCS: the frame without its FCS reads as any other); else a failure.
Result<EthernetView, FrameError> recheck(Bytes frame, FrameError error, Fcs fcs) {
  if (error == FrameError::truncated || fcs == Fcs::absent || frame.size() < ethernet::fcs_size)
    return fail(error);
  return EthernetView::check(frame.first(frame.size() - ethernet::fcs_size), Fcs::absent);
}

std::string refused_ethernet_faults(Bytes frame, FrameError error, Fcs fcs) {
  std::string faults = ethernet_faults(frame, fcs);
  return faults.empty() ? fmt::format("EthernetView::check refused it: {}", to_string(error))
                        : faults;
}

// The addresses of a frame too short for its whole header, where the bytes hold them.
void add_truncated_ethernet(Dissection& d, Bytes frame, std::size_t at, int depth,
                            const std::string& faults) {
  ByteReader in(frame);
  add(d, "eth", "Ethernet II", "malformed: " + faults, at, 0, depth);
  if (std::optional<Bytes> mac = in.bytes_at(0, 6))
    add(d, "eth.dst", "Destination", describe_mac(MacAddress::from_bytes(*mac)), at, 6, depth + 1);
  if (std::optional<Bytes> mac = in.bytes_at(6, 6)) {
    add(d, "eth.src", "Source", describe_mac(MacAddress::from_bytes(*mac)), at + 6, 6, depth + 1);
  }
  std::size_t shown = frame.size() >= 12 ? 12 : frame.size() >= 6 ? 6 : 0;
  if (frame.size() > shown) {
    add(d, "data", "Not decoded", fmt::format("{} bytes", frame.size() - shown), at + shown,
        frame.size() - shown, depth + 1);
  }
}

void put_mac_or_cut(fmt::memory_buffer& out, const ByteReader& in, std::size_t offset) {
  if (std::optional<Bytes> mac = in.bytes_at(offset, 6))
    put(out, MacAddress::from_bytes(*mac).text());
  else
    put(out, "(cut off)");
}

void put_length(fmt::memory_buffer& out, std::uint32_t wire_length, Bytes frame) {
  put_uint(out, wire_length);
  put(out, " bytes");
  if (frame.size() < wire_length) {
    put(out, " (");
    put_uint(out, frame.size());
    put(out, " captured)");
  }
}

// "source > destination  [tags]  EtherType  length  [what the payload says]".
void append_ethernet_line(fmt::memory_buffer& out, std::uint32_t wire_length, Bytes frame,
                          const EthernetView& view, const Options& options) {
  put(out, view.source().text());
  put(out, " > ");
  put(out, view.destination().text());
  put(out, "  ");
  for (std::size_t i = 0; i < view.tag_count(); ++i) {
    VlanTag tag = view.tag(i);
    put(out, tag.tpid == ethertype::qinq ? "s-vlan " : "vlan ");
    put_uint(out, tag.vlan_id);
    put(out, " p");
    put_uint(out, tag.priority);
    put(out, tag.drop_eligible ? " dei  " : "  ");
  }
  std::uint16_t type = view.ethertype();
  put_ethertype(out, type);
  put(out, "  ");
  put_length(out, wire_length, frame);
  append_payload_summary(out, type, view.payload(), options);
}

// The line of a frame the lab's check refused: the whole line and the faults if the header is
// whole, else the addresses the bytes hold. Kept apart from the hot path of good frames.
void append_refused_ethernet_summary(fmt::memory_buffer& out, std::uint32_t wire_length,
                                     Bytes frame, FrameError error, const Options& options) {
  std::string faults = refused_ethernet_faults(frame, error, options.fcs);
  Result<EthernetView, FrameError> view = recheck(frame, error, options.fcs);
  if (view) {
    append_ethernet_line(out, wire_length, frame, *view, options);
  } else {
    ByteReader in(frame);
    put_mac_or_cut(out, in, 6);
    put(out, " > ");
    put_mac_or_cut(out, in, 0);
    put(out, "  ");
    put_length(out, wire_length, frame);
  }
  put_fault(out, faults);
}

void append_ethernet_summary(fmt::memory_buffer& out, std::uint32_t wire_length, Bytes frame,
                             const Options& options) {
  Result<EthernetView, FrameError> view = EthernetView::check(frame, options.fcs);
  if (view)
    append_ethernet_line(out, wire_length, frame, *view, options);
  else
    append_refused_ethernet_summary(out, wire_length, frame, view.error(), options);
}

}  // namespace

void add(Dissection& d, std::string key, std::string label, std::string value, std::size_t offset,
         std::size_t length, int depth) {
  d.fields.push_back({std::move(key), std::move(label), std::move(value), offset, length, depth});
}

std::string describe_ethertype(std::uint16_t type) {
  if (type <= ethertype::max_length_field)
    return fmt::format("{} (802.3 length: LLC follows)", type);
  const char* name = ethertype::name(type);
  return name != nullptr ? fmt::format("{} ({})", hex16(type), name) : hex16(type);
}

void put_ethertype(fmt::memory_buffer& out, std::uint16_t type) {
  const char* name = ethertype::name(type);
  if (type <= ethertype::max_length_field) {
    put(out, "802.3 length ");
    put_uint(out, type);
  } else if (name != nullptr) {
    put(out, name);
    put(out, " (");
    put_hex4(out, type);
    put(out, ")");
  } else {
    put_hex4(out, type);
  }
}

void add_payload_fields(Dissection& d, std::uint16_t type, Bytes payload, std::size_t offset,
                        int depth, const Options& options, PaddingName padding) {
  bool decoded = false;
  if (options.labs >= 2) {
    try {
      decoded = add_address_fields(d, type, payload, offset, depth, padding);
    } catch (const host::TodoReached& todo) {  // the student's lab 2 is not finished yet
      add(d, "todo", "Not decoded", todo.what(), offset, 0, depth);
    }
  }
  if (!decoded) {
    add(d, "payload", "Payload", fmt::format("{} bytes", payload.size()), offset, payload.size(),
        depth);
  }
}

void append_payload_summary(fmt::memory_buffer& out, std::uint16_t type, Bytes payload,
                            const Options& options) {
  if (options.labs < 2)
    return;
  std::size_t before = out.size();
  try {
    append_address_summary(out, type, payload);
  } catch (const host::TodoReached& todo) {  // the student's lab 2 is not finished yet
    out.resize(before);
    put(out, "  [");
    put(out, todo.what());
    put(out, "]");
  }
}

void add_ethernet_fields(Dissection& d, Bytes frame, std::size_t at, int depth,
                         const Options& options) {
  Result<EthernetView, FrameError> view = EthernetView::check(frame, options.fcs);
  bool accepted = view.ok();
  std::string faults;
  if (!view) {
    faults = refused_ethernet_faults(frame, view.error(), options.fcs);
    d.problem = faults;
    view = recheck(frame, view.error(), options.fcs);
    if (!view) {
      add_truncated_ethernet(d, frame, at, depth, faults);
      return;
    }
  }
  add(d, "eth", "Ethernet II",
      fmt::format("{} bytes of header{}", view->header_size(),
                  faults.empty() ? "" : "; malformed: " + faults),
      at, 0, depth);
  int f = depth + 1;
  add(d, "eth.dst", "Destination", describe_mac(view->destination()), at, 6, f);
  add(d, "eth.src", "Source", describe_mac(view->source()), at + 6, 6, f);
  for (std::size_t i = 0; i < view->tag_count(); ++i) {
    VlanTag tag = view->tag(i);
    std::size_t tag_at = at + 12 + 4 * i;
    const char* kind = tag.tpid == ethertype::qinq ? "802.1ad service tag" : "802.1Q tag";
    add(d, "vlan", fmt::format("{} {}", kind, i + 1), "", tag_at, 0, f);
    // Keys as tshark names them: the first TPID is its eth.type; an 802.1ad tag is ieee8021ad.*.
    add(d, i == 0 ? "eth.type" : "tpid", "Tag protocol id", describe_ethertype(tag.tpid), tag_at, 2,
        f + 1);
    add(d, tag.tpid == ethertype::qinq ? "ieee8021ad.priority/dei/id" : "vlan.priority/dei/id",
        "Priority | DEI | VLAN id",
        fmt::format("priority {}, drop eligible {}, VLAN {}", tag.priority,
                    tag.drop_eligible ? 1 : 0, tag.vlan_id),
        tag_at + 2, 2, f + 1);
  }
  std::size_t type_at = at + 12 + 4 * view->tag_count();
  add(d, view->tag_count() == 0 ? "eth.type" : "vlan.etype", "EtherType",
      describe_ethertype(view->ethertype()), type_at, 2, f);
  add_payload_fields(d, view->ethertype(), view->payload(), at + view->header_size(), f, options,
                     PaddingName{"eth.padding", "Ethernet padding"});
  if (options.fcs == Fcs::present) {
    std::string value;
    if (accepted) {
      value = fmt::format("0x{:08x} (correct)", view->fcs());
    } else {  // the view read the frame without its FCS
      std::uint32_t right = crc32(frame.first(frame.size() - ethernet::fcs_size));
      value = trailing_fcs(frame) == right
                  ? fmt::format("0x{:08x} (correct)", right)
                  : fmt::format("0x{:08x} (wrong, should be 0x{:08x})", trailing_fcs(frame), right);
    }
    add(d, "eth.fcs", "FCS (CRC-32)", value, at + frame.size() - ethernet::fcs_size,
        ethernet::fcs_size, f);
  }
}

Dissection dissect_frame(Bytes frame, Options options) {
  Dissection d;
  if (options.link == host::LinkType::ethernet)
    add_ethernet_fields(d, frame, 0, 0, options);
  else
    add_linux_cooked_fields(d, frame, options);
  return d;
}

void append_summary_line(fmt::memory_buffer& out, std::uint64_t number,
                         std::chrono::nanoseconds since_first, std::uint32_t wire_length,
                         Bytes frame, Options options) {
  put_uint(out, number, 6);
  put(out, "  ");
  if (since_first.count() >= 0) {
    std::int64_t micros = (since_first.count() + 500) / 1000;
    put_uint(out, static_cast<std::uint64_t>(micros / 1'000'000), 4);
    char fraction[7];
    auto rest = static_cast<std::uint32_t>(micros % 1'000'000);
    for (int i = 5; i >= 0; --i, rest /= 10)
      fraction[i + 1] = static_cast<char>('0' + rest % 10);
    fraction[0] = '.';
    out.append(fraction, fraction + 7);
  } else {  // a capture whose records go back in time
    fmt::format_to(fmt::appender(out), FMT_COMPILE("{:>11.6f}"),
                   std::chrono::duration<double>(since_first).count());
  }
  put(out, "  ");
  append_frame_summary(out, wire_length, frame, options);
  out.push_back('\n');
}

void append_frame_summary(fmt::memory_buffer& out, std::uint32_t wire_length, Bytes frame,
                          Options options) {
  if (options.link == host::LinkType::ethernet)
    append_ethernet_summary(out, wire_length, frame, options);
  else
    append_linux_cooked_summary(out, wire_length, frame, options);
}

std::string explain_frame(std::uint64_t number, std::uint32_t wire_length, Bytes frame,
                          Options options) {
  constexpr std::size_t per_row = 8;
  fmt::memory_buffer out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "Frame {}: {} bytes on the wire, {} captured\n", number, wire_length,
                 frame.size());
  // Every byte of the frame belongs to one field; a malformed header says so in its heading.
  Dissection d = dissect_frame(frame, options);
  fmt::format_to(it, "  {:<6}  {:<23}  {}\n", "offset", "bytes", "field");
  for (const DecodedField& f : d.fields) {
    std::string indent(static_cast<std::size_t>(2 * f.depth), ' ');
    if (f.length == 0) {  // a heading: the start of a header
      fmt::format_to(it, "  {:<6}  {:<23}  {}{}{}{}\n", "", "", indent, f.label,
                     f.value.empty() ? "" : ", ", f.value);
      continue;
    }
    std::size_t rows = (f.length + per_row - 1) / per_row;
    for (std::size_t row = 0; row < rows; ++row) {
      std::size_t at = f.offset + row * per_row;
      std::size_t count = std::min(per_row, f.offset + f.length - at);
      std::string bytes = fmt::format("{}", HexBytes{frame.subspan(at, count), per_row});
      if (row == 0) {
        std::string key = f.key.find('.') != std::string::npos ? fmt::format(" [{}]", f.key) : "";
        fmt::format_to(it, "  {:<6}  {:<23}  {}{}: {}{}\n", at, bytes, indent, f.label, f.value,
                       key);
      } else {
        fmt::format_to(it, "  {:<6}  {}\n", at, bytes);
      }
    }
  }
  return fmt::to_string(out);
}

}  // namespace camnet::dissect
