#include "frame_fields.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "camnet/testing/fields.hpp"

namespace camnet::replay {
namespace {

std::uint16_t u16(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
std::uint32_t u32(Bytes b, std::size_t at) {
  return (std::uint32_t{u16(b, at)} << 16) | u16(b, at + 2);
}
std::string mac_text(Bytes b, std::size_t at) {
  return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", b[at], b[at + 1], b[at + 2],
                     b[at + 3], b[at + 4], b[at + 5]);
}
std::string ip_text(std::uint32_t v) {
  return fmt::format("{}.{}.{}.{}", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
}
std::string hex2(unsigned v) {
  return fmt::format("0x{:02x}", v);
}
std::string hex4(unsigned v) {
  return fmt::format("0x{:04x}", v);
}

// RFC 1071: the ones' complement sum of `b` (an odd last byte padded with zero), plus `initial`.
std::uint32_t sum16(Bytes b, std::uint32_t initial = 0) {
  std::uint32_t sum = initial;
  for (std::size_t i = 0; i + 1 < b.size(); i += 2)
    sum += u16(b, i);
  if (b.size() % 2 != 0)
    sum += std::uint32_t{b.back()} << 8;
  while (sum > 0xffff)
    sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

class Decoder {
 public:
  explicit Decoder(Bytes frame) : frame_(frame) {}

  std::vector<WireField> run() {
    if (frame_.size() < 14) {
      add("eth.truncated", fmt::format("{} bytes", frame_.size()), 0, frame_.size());
      return std::move(fields_);
    }
    add("eth.dst", mac_text(frame_, 0), 0, 6);
    add("eth.src", mac_text(frame_, 6), 6, 6);
    std::uint16_t type = u16(frame_, 12);
    add("eth.type", hex4(type), 12, 2);
    std::size_t end = frame_.size();
    if (type == 0x0806) {
      end = arp(14);
    } else if (type == 0x0800) {
      end = ipv4(14, frame_.size(), 1);
    } else {
      add("data", fmt::format("{} bytes", frame_.size() - 14), 14, frame_.size() - 14);
    }
    if (end < frame_.size())
      add("eth.padding", fmt::format("{} bytes", frame_.size() - end), end, frame_.size() - end);
    return std::move(fields_);
  }

 private:
  void add(std::string name, std::string value, std::size_t offset, std::size_t length) {
    fields_.push_back({std::move(name), std::move(value), offset, length});
  }
  // `base` with tshark's occurrence suffix for the quoted datagram ("ip.ttl#2").
  static std::string named(const char* base, int occurrence) {
    return occurrence == 1 ? std::string(base) : fmt::format("{}#{}", base, occurrence);
  }

  std::size_t arp(std::size_t at) {
    if (frame_.size() < at + 28) {
      add("arp.truncated", fmt::format("{} bytes", frame_.size() - at), at, frame_.size() - at);
      return frame_.size();
    }
    add("arp.hw.type", std::to_string(u16(frame_, at)), at, 2);
    add("arp.proto.type", hex4(u16(frame_, at + 2)), at + 2, 2);
    add("arp.hw.size", std::to_string(frame_[at + 4]), at + 4, 1);
    add("arp.proto.size", std::to_string(frame_[at + 5]), at + 5, 1);
    add("arp.opcode", std::to_string(u16(frame_, at + 6)), at + 6, 2);
    add("arp.src.hw_mac", mac_text(frame_, at + 8), at + 8, 6);
    add("arp.src.proto_ipv4", ip_text(u32(frame_, at + 14)), at + 14, 4);
    add("arp.dst.hw_mac", mac_text(frame_, at + 18), at + 18, 6);
    add("arp.dst.proto_ipv4", ip_text(u32(frame_, at + 24)), at + 24, 4);
    return at + 28;
  }

  // The IPv4 datagram at `at`, of which the bytes up to `limit` are present (a quoted datagram
  // may be cut short). Gives where the datagram ends in the frame.
  std::size_t ipv4(std::size_t at, std::size_t limit, int occurrence) {
    auto n = [occurrence](const char* base) { return named(base, occurrence); };
    if (limit < at + 20) {
      add(n("ip.truncated"), fmt::format("{} bytes", limit - at), at, limit - at);
      return limit;
    }
    std::size_t ihl = std::size_t{frame_[at] & 0x0fu} * 4;
    std::uint16_t total = u16(frame_, at + 2);
    add(n("ip.version"), std::to_string(frame_[at] >> 4), at, 1);
    add(n("ip.hdr_len"), std::to_string(ihl), at, 1);
    add(n("ip.dsfield"), hex2(frame_[at + 1]), at + 1, 1);
    add(n("ip.len"), std::to_string(total), at + 2, 2);
    add(n("ip.id"), hex4(u16(frame_, at + 4)), at + 4, 2);
    std::uint16_t flags = u16(frame_, at + 6);
    add(n("ip.flags.rb"), (flags & 0x8000) != 0 ? "1" : "0", at + 6, 1);
    add(n("ip.flags.df"), (flags & 0x4000) != 0 ? "1" : "0", at + 6, 1);
    add(n("ip.flags.mf"), (flags & 0x2000) != 0 ? "1" : "0", at + 6, 1);
    add(n("ip.frag_offset"), std::to_string(flags & 0x1fff), at + 6, 2);
    add(n("ip.ttl"), std::to_string(frame_[at + 8]), at + 8, 1);
    add(n("ip.proto"), std::to_string(frame_[at + 9]), at + 9, 1);
    add(n("ip.checksum"), hex4(u16(frame_, at + 10)), at + 10, 2);
    bool header_whole = ihl >= 20 && at + ihl <= limit;
    add(n("ip.checksum.status"),
        !header_whole ? "2" : (sum16(frame_.subspan(at, ihl)) == 0xffff ? "1" : "0"), at + 10, 0);
    add(n("ip.src"), ip_text(u32(frame_, at + 12)), at + 12, 4);
    add(n("ip.dst"), ip_text(u32(frame_, at + 16)), at + 16, 4);
    if (ihl < 20 || total < ihl || !header_whole)
      return std::min(limit, at + std::max<std::size_t>(total, 20));
    if (ihl > 20) {
      std::string options;
      for (std::size_t i = at + 20; i < at + ihl; ++i)
        options += fmt::format("{:02x}", frame_[i]);
      add(n("ip.options"), options, at + 20, ihl - 20);
    }
    std::size_t end = std::min(limit, at + total);  // what is present of the datagram
    bool whole = at + total <= limit;
    std::size_t payload = at + ihl;
    if ((flags & 0x1fff) != 0 || payload >= end) {
      if (payload < end)
        add(n("data"), fmt::format("{} bytes", end - payload), payload, end - payload);
      return end;
    }
    // Can a transport checksum be verified? Only over the whole message: not in a first fragment,
    // not in a quoted datagram cut short.
    bool verifiable = whole && (flags & 0x2000) == 0;
    Bytes message = frame_.subspan(payload, end - payload);
    switch (frame_[at + 9]) {
      case 1:
        icmp(payload, end, verifiable, occurrence);
        break;
      case 17:
        udp(at, payload, end, verifiable, occurrence);
        break;
      case 6:
        tcp(at, payload, end, verifiable, occurrence);
        break;
      default:
        add(n("data"), fmt::format("{} bytes", message.size()), payload, message.size());
        break;
    }
    return end;
  }

  void icmp(std::size_t at, std::size_t end, bool verifiable, int occurrence) {
    auto n = [occurrence](const char* base) { return named(base, occurrence); };
    if (end < at + 8) {
      add(n("icmp.truncated"), fmt::format("{} bytes", end - at), at, end - at);
      return;
    }
    std::uint8_t type = frame_[at];
    std::uint8_t code = frame_[at + 1];
    add(n("icmp.type"), std::to_string(type), at, 1);
    add(n("icmp.code"), std::to_string(code), at + 1, 1);
    add(n("icmp.checksum"), hex4(u16(frame_, at + 2)), at + 2, 2);
    // tshark never verifies the checksum of an ICMP message quoted in an ICMP error (status 2),
    // even a whole one; it does verify a quoted UDP datagram's.
    verifiable = verifiable && occurrence == 1;
    add(n("icmp.checksum.status"),
        !verifiable ? "2" : (sum16(frame_.subspan(at, end - at)) == 0xffff ? "1" : "0"), at + 2, 0);
    bool error = type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    if (type == 0 || type == 8) {
      add(n("icmp.ident"), std::to_string(u16(frame_, at + 4)), at + 4, 2);
      add(n("icmp.seq"), std::to_string(u16(frame_, at + 6)), at + 6, 2);
    } else if (type == 3 && code == 4) {
      add(n("icmp.unused"), hex4(u16(frame_, at + 4)), at + 4, 2);
      add(n("icmp.mtu"), std::to_string(u16(frame_, at + 6)), at + 6, 2);
    } else {
      add(n("icmp.rest"), fmt::format("0x{:08x}", u32(frame_, at + 4)), at + 4, 4);
    }
    if (error && occurrence == 1) {
      ipv4(at + 8, end, 2);
    } else if (end > at + 8) {
      add(n("icmp.data"), fmt::format("{} bytes", end - at - 8), at + 8, end - at - 8);
    }
  }

  // The pseudo-header's sum (RFC 768, RFC 793) for the datagram whose IPv4 header is at `ip`.
  std::uint32_t pseudo_sum(std::size_t ip, std::uint8_t protocol, std::size_t length) const {
    std::uint32_t sum = sum16(frame_.subspan(ip + 12, 8));
    sum += protocol;
    sum += static_cast<std::uint32_t>(length);
    return sum;
  }

  void udp(std::size_t ip, std::size_t at, std::size_t end, bool verifiable, int occurrence) {
    auto n = [occurrence](const char* base) { return named(base, occurrence); };
    if (end < at + 8) {
      add(n("udp.truncated"), fmt::format("{} bytes", end - at), at, end - at);
      return;
    }
    std::uint16_t length = u16(frame_, at + 4);
    std::uint16_t checksum = u16(frame_, at + 6);
    add(n("udp.srcport"), std::to_string(u16(frame_, at)), at, 2);
    add(n("udp.dstport"), std::to_string(u16(frame_, at + 2)), at + 2, 2);
    add(n("udp.length"), std::to_string(length), at + 4, 2);
    add(n("udp.checksum"), hex4(checksum), at + 6, 2);
    std::string status = "2";
    if (checksum != 0 && verifiable && length >= 8 && at + length <= end) {
      std::uint32_t sum = sum16(frame_.subspan(at, length), pseudo_sum(ip, 17, length));
      while (sum > 0xffff)
        sum = (sum & 0xffff) + (sum >> 16);
      status = sum == 0xffff ? "1" : "0";
    }
    add(n("udp.checksum.status"), status, at + 6, 0);
    if (end > at + 8)
      add(n("udp.payload"), fmt::format("{} bytes", end - at - 8), at + 8, end - at - 8);
  }

  void tcp(std::size_t ip, std::size_t at, std::size_t end, bool verifiable, int occurrence) {
    auto n = [occurrence](const char* base) { return named(base, occurrence); };
    if (end < at + 20) {
      // A quoted TCP header is often cut to its first 8 bytes (RFC 792): ports and sequence.
      if (end >= at + 4) {
        add(n("tcp.srcport"), std::to_string(u16(frame_, at)), at, 2);
        add(n("tcp.dstport"), std::to_string(u16(frame_, at + 2)), at + 2, 2);
      }
      if (end >= at + 8)
        add(n("tcp.seq_raw"), std::to_string(u32(frame_, at + 4)), at + 4, 4);
      return;
    }
    std::size_t header = std::size_t{frame_[at + 12]} / 16 * 4;
    add(n("tcp.srcport"), std::to_string(u16(frame_, at)), at, 2);
    add(n("tcp.dstport"), std::to_string(u16(frame_, at + 2)), at + 2, 2);
    add(n("tcp.seq_raw"), std::to_string(u32(frame_, at + 4)), at + 4, 4);
    add(n("tcp.ack_raw"), std::to_string(u32(frame_, at + 8)), at + 8, 4);
    add(n("tcp.hdr_len"), std::to_string(header), at + 12, 1);
    add(n("tcp.flags"), fmt::format("0x{:04x}", u16(frame_, at + 12) & 0x0fff), at + 12, 2);
    add(n("tcp.window_size_value"), std::to_string(u16(frame_, at + 14)), at + 14, 2);
    add(n("tcp.checksum"), hex4(u16(frame_, at + 16)), at + 16, 2);
    // A const char*, not a std::string: GCC 12 at -O3 warns falsely (-Wrestrict) on assigning
    // a literal to a std::string here.
    const char* status = "2";
    if (verifiable) {
      std::size_t length = end - at;
      std::uint32_t sum = sum16(frame_.subspan(at, length), pseudo_sum(ip, 6, length));
      while (sum > 0xffff)
        sum = (sum & 0xffff) + (sum >> 16);
      status = sum == 0xffff ? "1" : "0";
    }
    add(n("tcp.checksum.status"), status, at + 16, 0);
    add(n("tcp.urgent_pointer"), std::to_string(u16(frame_, at + 18)), at + 18, 2);
    if (header < 20 || at + header > end)
      return;
    add(n("tcp.len"), std::to_string(end - at - header), at + 12, 0);
    if (header > 20) {
      std::string options;
      for (std::size_t i = at + 20; i < at + header; ++i)
        options += fmt::format("{:02x}", frame_[i]);
      add(n("tcp.options"), options, at + 20, header - 20);
    }
    if (end > at + header)
      add(n("tcp.payload"), fmt::format("{} bytes", end - at - header), at + header,
          end - at - header);
  }

  Bytes frame_;
  std::vector<WireField> fields_;
};

const WireField* find(const std::vector<WireField>& fields, std::string_view name) {
  for (const WireField& f : fields) {
    if (f.name == name)
      return &f;
  }
  return nullptr;
}

std::string value_of(const std::vector<WireField>& fields, std::string_view name) {
  const WireField* f = find(fields, name);
  return f != nullptr ? f->value : std::string();
}

const char* icmp_name(const std::string& type, const std::string& code) {
  if (type == "0")
    return "echo reply";
  if (type == "8")
    return "echo request";
  if (type == "11")
    return "time exceeded";
  if (type == "3") {
    if (code == "0")
      return "network unreachable";
    if (code == "1")
      return "host unreachable";
    if (code == "3")
      return "port unreachable";
    if (code == "4")
      return "fragmentation needed";
    return "destination unreachable";
  }
  return "ICMP";
}

const std::string id_reason =
    "ip.id of an ICMP message the router made itself: Linux picks it from a per-destination hash "
    "(captures/README.md, 'What changes between recordings'); the router numbers its own";
const std::string checksum_reason =
    "ip.checksum of an ICMP message the router made itself: it covers ip.id (ip.checksum.status "
    "is still compared: the checksum must be right)";
const std::string padding_reason =
    "eth.padding: Linux's veth does not pad frames to 60 bytes, an Ethernet interface must "
    "(padding bytes are not compared)";

}  // namespace

std::vector<WireField> decode_frame(Bytes frame) {
  return Decoder(frame).run();
}

std::string brief(Bytes frame) {
  std::vector<WireField> f = decode_frame(frame);
  if (find(f, "arp.opcode") != nullptr) {
    if (value_of(f, "arp.opcode") == "1")
      return fmt::format("ARP who has {}? tell {}", value_of(f, "arp.dst.proto_ipv4"),
                         value_of(f, "arp.src.proto_ipv4"));
    return fmt::format("ARP {} is at {}", value_of(f, "arp.src.proto_ipv4"),
                       value_of(f, "arp.src.hw_mac"));
  }
  if (find(f, "ip.src") == nullptr)
    return fmt::format("{} bytes, type {}", frame.size(), value_of(f, "eth.type"));
  std::string s = fmt::format("{} > {}", value_of(f, "ip.src"), value_of(f, "ip.dst"));
  std::string proto = value_of(f, "ip.proto");
  if (find(f, "icmp.type") != nullptr) {
    s += fmt::format(" ICMP {}", icmp_name(value_of(f, "icmp.type"), value_of(f, "icmp.code")));
  } else if (find(f, "udp.srcport") != nullptr) {
    s += fmt::format(" UDP {} > {}", value_of(f, "udp.srcport"), value_of(f, "udp.dstport"));
  } else if (find(f, "tcp.srcport") != nullptr) {
    s += fmt::format(" TCP {} > {} flags {}", value_of(f, "tcp.srcport"),
                     value_of(f, "tcp.dstport"), value_of(f, "tcp.flags"));
  } else {
    s += fmt::format(" proto {}", proto);
  }
  s += fmt::format(" ttl {} len {}", value_of(f, "ip.ttl"), value_of(f, "ip.len"));
  if (value_of(f, "ip.flags.mf") == "1" || (value_of(f, "ip.frag_offset") != "0"))
    s += fmt::format(" fragment offset {}{}", value_of(f, "ip.frag_offset"),
                     value_of(f, "ip.flags.mf") == "1" ? " MF" : "");
  return s;
}

FrameComparison compare_frame(std::string_view label, Bytes expected, Bytes got,
                              const std::vector<Ipv4Address>& router_addresses) {
  FrameComparison result;
  std::vector<WireField> want = decode_frame(expected);
  std::vector<WireField> have = decode_frame(got);

  // Which fields to leave out, from Linux's frame.
  std::set<std::string> skip;
  std::string source = value_of(want, "ip.src");
  bool own = std::any_of(router_addresses.begin(), router_addresses.end(), [&](Ipv4Address a) {
    return fmt::format("{}.{}.{}.{}", a.value() >> 24, (a.value() >> 16) & 0xff,
                       (a.value() >> 8) & 0xff, a.value() & 0xff) == source;
  });
  std::string type = value_of(want, "icmp.type");
  bool made_by_router =
      own && value_of(want, "ip.proto") == "1" &&
      (type == "0" || type == "3" || type == "4" || type == "5" || type == "11" || type == "12");
  if (made_by_router) {
    skip.insert("ip.id");
    skip.insert("ip.checksum");
    result.masked.push_back({"ip.id", id_reason});
    result.masked.push_back({"ip.checksum", checksum_reason});
  }
  if (find(want, "eth.padding") != nullptr || find(have, "eth.padding") != nullptr) {
    skip.insert("eth.padding");
    result.masked.push_back({"eth.padding", padding_reason});
  }

  testing::FieldList expected_fields, got_fields;
  for (const WireField& f : want) {
    if (skip.count(f.name) == 0)
      expected_fields.push_back({f.name, f.value});
  }
  for (const WireField& f : have) {
    if (skip.count(f.name) != 0)
      continue;
    got_fields.push_back({f.name, f.value});
    if (find(want, f.name) == nullptr)
      expected_fields.push_back({f.name, "(absent)"});
  }
  result.diff = testing::field_diff(label, expected_fields, got_fields);
  if (!result.diff.empty())
    return result;

  // The fields agree: compare the bytes they do not show (payloads), outside the masked ranges.
  std::vector<bool> masked(expected.size(), false);
  for (const WireField& f : want) {
    if (skip.count(f.name) != 0) {
      for (std::size_t i = f.offset; i < std::min(expected.size(), f.offset + f.length); ++i)
        masked[i] = true;
    }
  }
  for (std::size_t i = 0; i < expected.size() && i < got.size(); ++i) {
    if (masked[i] || expected[i] == got[i])
      continue;
    // Name the innermost field holding byte i.
    std::string where = "?";
    for (const WireField& f : want) {
      if (f.length > 0 && i >= f.offset && i < f.offset + f.length)
        where = f.name;
    }
    const WireField* field = find(want, where);
    std::size_t start = field != nullptr ? field->offset : i;
    result.diff = fmt::format(
        "{}: every field agrees, but byte {} of the frame ({}, byte {} of it) differs: expected "
        "0x{:02x}, got 0x{:02x}\n",
        label, i, where, i - start, expected[i], got[i]);
    return result;
  }
  return result;
}

InterfaceComparison compare_frames(std::string_view label,
                                   const std::vector<std::vector<std::uint8_t>>& expected,
                                   const std::vector<std::vector<std::uint8_t>>& got,
                                   const std::vector<Ipv4Address>& router_addresses,
                                   std::size_t max_diffs) {
  InterfaceComparison c;
  c.expected_frames = expected.size();
  c.got_frames = got.size();
  std::set<std::string> seen;
  std::string diffs;
  std::size_t shown = 0;
  for (std::size_t i = 0; i < std::min(expected.size(), got.size()); ++i) {
    FrameComparison one = compare_frame(fmt::format("{} frame {}", label, i + 1), expected[i],
                                        got[i], router_addresses);
    for (MaskedField& m : one.masked) {
      if (seen.insert(m.field).second)
        c.masked.push_back(std::move(m));
    }
    if (one.diff.empty())
      continue;
    ++c.differing_frames;
    if (shown++ < max_diffs) {
      diffs +=
          fmt::format("  Linux sent:  {}\n  router sent: {}\n", brief(expected[i]), brief(got[i]));
      diffs += one.diff;
    }
  }
  if (expected.size() != got.size()) {
    c.report += fmt::format("{}: Linux sent {} frames, the router sent {}\n", label,
                            expected.size(), got.size());
    for (std::size_t i = got.size(); i < expected.size() && i < got.size() + max_diffs; ++i)
      c.report += fmt::format("  missing frame {}: {}\n", i + 1, brief(expected[i]));
    for (std::size_t i = expected.size(); i < got.size() && i < expected.size() + max_diffs; ++i)
      c.report += fmt::format("  extra frame {}: {}\n", i + 1, brief(got[i]));
  }
  if (c.differing_frames > 0) {
    c.report += fmt::format(
        "{}: {} of {} frames differ{}\n", label, c.differing_frames,
        std::min(expected.size(), got.size()),
        c.differing_frames > max_diffs ? fmt::format(" (the first {} shown)", max_diffs) : "");
    c.report += diffs;
  }
  return c;
}

}  // namespace camnet::replay
