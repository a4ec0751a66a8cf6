// Lab 3, handout §7: NAT (book section 12.7). Datagrams are built byte by byte from the RFC
// layouts (RFC 791, 768, 793, 792) with checksums computed here by the definition (RFC 1071), never
// with the code under test. The usual oracle: a datagram translated by the NAT must equal, byte for
// byte, the same datagram built directly with the translated addresses and ports, so every
// incrementally updated checksum (RFC 1624) is compared with a full recomputation.
#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "address/ipv4_header.hpp"
#include "camnet/host/format.hpp"
#include "camnet/testing/story.hpp"
#include "route/nat.hpp"

using namespace camnet;

namespace {

using Datagram = std::vector<std::uint8_t>;

constexpr std::uint8_t udp_protocol = 17;
constexpr std::uint8_t tcp_protocol = 6;
constexpr std::uint8_t icmp_protocol = 1;

const Ipv4Address public_ip = Ipv4Address::from_octets(203, 0, 113, 5);
const Ipv4Address camera = Ipv4Address::from_octets(192, 168, 1, 10);
const Ipv4Address laptop = Ipv4Address::from_octets(192, 168, 1, 11);
const Ipv4Address printer = Ipv4Address::from_octets(192, 168, 1, 12);
const Ipv4Address server = Ipv4Address::from_octets(198, 51, 100, 7);
const Ipv4Address other_server = Ipv4Address::from_octets(198, 51, 100, 8);
const Ipv4Address isp_router = Ipv4Address::from_octets(192, 0, 2, 1);

void put16(Datagram& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put32(Datagram& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}
std::uint16_t word(const Datagram& d, std::size_t at) {
  return static_cast<std::uint16_t>((d.at(at) << 8) | d.at(at + 1));
}
void set_word(Datagram& d, std::size_t at, std::uint16_t v) {
  d.at(at) = static_cast<std::uint8_t>(v >> 8);
  d.at(at + 1) = static_cast<std::uint8_t>(v);
}

// RFC 1071 by the definition: big-endian 16-bit words (an odd last byte is the high byte of a
// word), added with the carries folded back in.
std::uint32_t add_words(const Datagram& bytes, std::size_t from, std::size_t count,
                        std::uint32_t sum = 0) {
  for (std::size_t i = 0; i < count; i += 2) {
    std::uint32_t w = std::uint32_t{bytes.at(from + i)} << 8;
    if (i + 1 < count)
      w |= bytes.at(from + i + 1);
    sum += w;
    sum = (sum & 0xffff) + (sum >> 16);
  }
  return sum;
}
std::uint16_t finish(std::uint32_t sum) {
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

std::size_t header_length(const Datagram& d) {
  return std::size_t{d.at(0) & 0x0fu} * 4;
}

// The full recomputation of a transport checksum (UDP or TCP with the pseudo-header of RFC 768 and
// RFC 793; ICMP over the message alone, RFC 792) of the segment `segment`, whose checksum field is
// ignored, as if sent from `src` to `dst`.
std::uint16_t transport_checksum(Ipv4Address src, Ipv4Address dst, std::uint8_t protocol,
                                 Datagram segment) {
  std::size_t field = protocol == udp_protocol ? 6 : protocol == tcp_protocol ? 16 : 2;
  segment.at(field) = 0;
  segment.at(field + 1) = 0;
  std::uint32_t sum = 0;
  if (protocol != icmp_protocol) {
    Datagram pseudo;
    put32(pseudo, src.value());
    put32(pseudo, dst.value());
    put16(pseudo, protocol);
    put16(pseudo, static_cast<std::uint16_t>(segment.size()));
    sum = add_words(pseudo, 0, pseudo.size());
  }
  std::uint16_t checksum = finish(add_words(segment, 0, segment.size(), sum));
  if (protocol == udp_protocol && checksum == 0)
    checksum = 0xffff;  // RFC 768: a computed 0 is sent as all ones
  return checksum;
}

// An IPv4 header (RFC 791) in front of `transport`, with `options` bytes of options (NOPs then
// End of Options), identification 0x1c46, DF (or `flags_offset`), TTL 64, and its checksum
// computed by the definition. The transport checksum is the caller's.
Datagram ip_datagram(Ipv4Address src, Ipv4Address dst, std::uint8_t protocol,
                     const Datagram& transport, std::size_t options = 0,
                     std::uint16_t flags_offset = 0x4000) {
  Datagram d;
  d.push_back(static_cast<std::uint8_t>(0x40 | (5 + options / 4)));
  d.push_back(0);
  put16(d, static_cast<std::uint16_t>(20 + options + transport.size()));
  put16(d, 0x1c46);
  put16(d, flags_offset);
  d.push_back(64);
  d.push_back(protocol);
  put16(d, 0);
  put32(d, src.value());
  put32(d, dst.value());
  for (std::size_t i = 0; i < options; ++i)
    d.push_back(i + 1 == options ? 0 : 1);
  set_word(d, 10, finish(add_words(d, 0, d.size())));
  d.insert(d.end(), transport.begin(), transport.end());
  return d;
}

Datagram text(const std::string& s) {
  return Datagram(s.begin(), s.end());
}

// UDP (RFC 768). `checksum` false sends 0: "no checksum".
Datagram udp(Ipv4Address src, std::uint16_t sport, Ipv4Address dst, std::uint16_t dport,
             const Datagram& payload = text("camnet!!"), bool checksum = true,
             std::size_t options = 0) {
  Datagram seg;
  put16(seg, sport);
  put16(seg, dport);
  put16(seg, static_cast<std::uint16_t>(8 + payload.size()));
  put16(seg, 0);
  seg.insert(seg.end(), payload.begin(), payload.end());
  if (checksum)
    set_word(seg, 6, transport_checksum(src, dst, udp_protocol, seg));
  return ip_datagram(src, dst, udp_protocol, seg, options);
}

constexpr std::uint8_t fin = 0x01, syn = 0x02, rst = 0x04, ack = 0x10;

// TCP (RFC 793): a 20-byte header, sequence 0x01020304, window 64240.
Datagram tcp(Ipv4Address src, std::uint16_t sport, Ipv4Address dst, std::uint16_t dport,
             std::uint8_t flags, const Datagram& payload = {}, std::size_t options = 0) {
  Datagram seg;
  put16(seg, sport);
  put16(seg, dport);
  put32(seg, 0x01020304);
  put32(seg, (flags & ack) ? 0x0a0b0c0d : 0);
  seg.push_back(0x50);  // data offset 5 words
  seg.push_back(flags);
  put16(seg, 64240);
  put16(seg, 0);  // checksum
  put16(seg, 0);  // urgent pointer
  seg.insert(seg.end(), payload.begin(), payload.end());
  set_word(seg, 16, transport_checksum(src, dst, tcp_protocol, seg));
  return ip_datagram(src, dst, tcp_protocol, seg, options);
}

constexpr std::uint8_t echo_reply = 0, echo_request = 8;

// ICMP echo (RFC 792): type, code 0, checksum, identifier, sequence number, data.
Datagram echo(Ipv4Address src, Ipv4Address dst, std::uint8_t type, std::uint16_t id,
              std::uint16_t sequence = 1, const Datagram& data = text("ping....")) {
  Datagram seg{type, 0, 0, 0};
  put16(seg, id);
  put16(seg, sequence);
  seg.insert(seg.end(), data.begin(), data.end());
  set_word(seg, 2, transport_checksum(src, dst, icmp_protocol, seg));
  return ip_datagram(src, dst, icmp_protocol, seg);
}

// An ICMP error (RFC 792): type, code, checksum, 4 unused bytes, then the quoted datagram.
Datagram icmp_error(Ipv4Address src, Ipv4Address dst, std::uint8_t type, std::uint8_t code,
                    const Datagram& quoted) {
  Datagram seg{type, code, 0, 0, 0, 0, 0, 0};
  seg.insert(seg.end(), quoted.begin(), quoted.end());
  set_word(seg, 2, transport_checksum(src, dst, icmp_protocol, seg));
  return ip_datagram(src, dst, icmp_protocol, seg);
}

Datagram first(const Datagram& d, std::size_t n) {
  return Datagram(d.begin(), d.begin() + static_cast<long>(std::min(n, d.size())));
}

Ipv4Address source(const Datagram& d) {
  return Ipv4Address((std::uint32_t{word(d, 12)} << 16) | word(d, 14));
}
Ipv4Address destination(const Datagram& d) {
  return Ipv4Address((std::uint32_t{word(d, 16)} << 16) | word(d, 18));
}
std::uint16_t source_port(const Datagram& d) {
  return word(d, header_length(d));
}
std::uint16_t destination_port(const Datagram& d) {
  return word(d, header_length(d) + 2);
}
std::uint16_t icmp_id(const Datagram& d) {
  return word(d, header_length(d) + 4);
}

// "UDP 192.168.1.10:5000 -> 198.51.100.7:53", read from fixed offsets, safe on short input.
std::string describe(const Datagram& d) {
  if (d.size() < 20)
    return fmt::format("{} bytes (not even an IPv4 header)", d.size());
  std::size_t hl = header_length(d);
  std::uint8_t protocol = d[9];
  std::string from = source(d).text().c_str();
  std::string to = destination(d).text().c_str();
  bool fragment = (word(d, 6) & 0x3fff) != 0;
  if (fragment)
    return fmt::format("a fragment (protocol {}) {} -> {}", protocol, from, to);
  if ((protocol == udp_protocol || protocol == tcp_protocol) && d.size() >= hl + 4)
    return fmt::format("{} {}:{} -> {}:{}", protocol == udp_protocol ? "UDP" : "TCP", from,
                       source_port(d), to, destination_port(d));
  if (protocol == icmp_protocol && d.size() >= hl + 8) {
    std::uint8_t type = d[hl];
    if (type == echo_request || type == echo_reply)
      return fmt::format("ICMP echo {} id {} {} -> {}", type == echo_request ? "request" : "reply",
                         icmp_id(d), from, to);
    std::string inner;
    if (d.size() >= hl + 8 + 28) {
      Datagram quoted(d.begin() + static_cast<long>(hl + 8), d.end());
      inner = ", quoting " + describe(quoted);
    }
    return fmt::format("ICMP type {} code {} {} -> {}{}", type, d[hl + 1], from, to, inner);
  }
  return fmt::format("protocol {} {} -> {} ({} bytes)", protocol, from, to, d.size());
}

// The bytes of two datagrams, compared 16-bit word by word, naming each IPv4 field.
std::string diff(const Datagram& expected, const Datagram& got) {
  if (expected == got)
    return "";
  static const char* names[] = {"version/IHL/DSCP", "total length", "identification",
                                "flags/fragment",   "TTL/protocol", "header checksum",
                                "source (high)",    "source (low)", "destination (high)",
                                "destination (low)"};
  std::string out = fmt::format("expected {} bytes, got {}\n", expected.size(), got.size());
  for (std::size_t i = 0; i < std::max(expected.size(), got.size()); i += 2) {
    auto at = [&](const Datagram& d) {
      return i + 1 < d.size() ? fmt::format("{:04x}", word(d, i))
                              : (i < d.size() ? fmt::format("{:02x}", d[i]) : "--");
    };
    std::string e = at(expected), g = at(got);
    if (e != g)
      out += fmt::format("  bytes {:3}-{:3} {:20} expected {} got {}\n", i, i + 1,
                         i < 20 ? names[i / 2] : "(after the IPv4 header)", e, g);
  }
  return out;
}

// A NAT on a test bench: every datagram that goes through it is told as a numbered step.
class NatBench {
 public:
  NatBench() {
    story.step("the NAT's public address is 203.0.113.5; the inside network is 192.168.1.0/24");
  }
  NatVerdict out(Datagram& d) {
    story.step("from the inside: {}", describe(d));
    NatVerdict v = nat.outbound(d);
    story.step("   outbound() says {}: {}", to_string(v), describe(d));
    return v;
  }
  NatVerdict in(Datagram& d) {
    story.step("from the outside: {}", describe(d));
    NatVerdict v = nat.inbound(d);
    story.step("   inbound() says {}: {}", to_string(v), describe(d));
    return v;
  }
  void pass(Duration elapsed) {
    story.step("{} pass", elapsed);
    nat.tick(elapsed);
  }
  // The flow of the table with this inside endpoint and remote, if listed.
  std::optional<NatMapping> flow(std::uint8_t protocol, Ipv4Address inside, std::uint16_t port,
                                 Ipv4Address remote, std::uint16_t remote_port) const {
    for (std::size_t i = 0; i < nat.mapping_count(); ++i) {
      NatMapping m = nat.mapping(i);
      if (m.protocol == protocol && m.inside_address == inside && m.inside_port == port &&
          m.remote_address == remote && m.remote_port == remote_port)
        return m;
    }
    return std::nullopt;
  }

  Nat nat{public_ip};
  testing::Story story;
};

// Sends `d` outbound and checks it leaves as `expected`.
void check_out(NatBench& bench, Datagram d, const Datagram& expected) {
  REQUIRE(bench.out(d) == NatVerdict::translated);
  INFO(diff(expected, d));
  CHECK(d == expected);
}
void check_in(NatBench& bench, Datagram d, const Datagram& expected) {
  REQUIRE(bench.in(d) == NatVerdict::translated);
  INFO(diff(expected, d));
  CHECK(d == expected);
}
// Sends `d` one way and checks it is refused with `verdict`, every byte as it was.
void check_refused(NatBench& bench, Datagram d, bool outbound, NatVerdict verdict) {
  const Datagram before = d;
  NatVerdict got = outbound ? bench.out(d) : bench.in(d);
  CHECK(to_string(got) == std::string(to_string(verdict)));
  INFO(diff(before, d));
  CHECK(d == before);
}

}  // namespace

TEST_CASE("RFC 1624's example: an incremental update whose result is zero gives 0x0000",
          "[lab3][points:2]") {
  // RFC 1624 section 4: the other header words sum to 0xCD7A and a word m = 0x5555 changes to
  // m' = 0x3285. Before: HC = ~(0xCD7A + 0x5555) = ~0x22D0 = 0xDD2F. After, recomputed:
  // ~(0xCD7A + 0x3285) = ~0xFFFF = 0x0000. Equation 3, ~(~HC + ~m + m') =
  // ~(0x22D0 + 0xAAAA + 0x3285) = ~0xFFFF = 0x0000, agrees; RFC 1141's HC - m + m' gives 0xFFFF.
  CHECK(adjust_checksum(0xdd2f, 0x5555, 0x3285) == 0x0000);
  // And back again: ~(~0x0000 + ~0x3285 + 0x5555) = ~(0xFFFF + 0xCD7A + 0x5555) = ~0x22D0 (after
  // folding the carries twice) = 0xDD2F.
  CHECK(adjust_checksum(0x0000, 0x3285, 0x5555) == 0xdd2f);
}

TEST_CASE("an incremental checksum update equals a full recomputation on random data",
          "[lab3][points:2]") {
  std::mt19937 random(1624);
  for (int round = 0; round < 2000; ++round) {
    Datagram data(2 + 2 * (random() % 40));
    for (auto& b : data)
      b = static_cast<std::uint8_t>(random());
    std::uint16_t before = finish(add_words(data, 0, data.size()));
    std::size_t at = 2 * (random() % (data.size() / 2));
    std::uint16_t old_word = word(data, at);
    std::uint16_t new_word = static_cast<std::uint16_t>(random());
    set_word(data, at, new_word);
    std::uint16_t after = finish(add_words(data, 0, data.size()));
    INFO("round " << round << ": word at " << at << " from " << old_word << " to " << new_word);
    REQUIRE(adjust_checksum(before, old_word, new_word) == after);
  }
}

TEST_CASE("an outbound UDP datagram leaves from the public address, keeping its free port",
          "[lab3][points:3]") {
  NatBench bench;
  Datagram d = udp(camera, 5000, server, 53);
  // The checksums before and after, worked by hand (RFC 1071: sum the 16-bit words, fold, invert).
  // IPv4 header before: 4500 + 0024 + 1c46 + 4000 + 4011 + 0000 + c0a8 + 010a + c633 + 6407
  //   = 0x2cd67, folded 0xcd69, checksum 0x3296. After (source cb00 7105 = 203.0.113.5):
  //   4500 + 0024 + 1c46 + 4000 + 4011 + 0000 + cb00 + 7105 + c633 + 6407 = 0x347ba, folded
  //   0x47bd, checksum 0xb842.
  // UDP before (pseudo-header, header with checksum 0, "camnet!!"): c0a8 + 010a + c633 + 6407 +
  //   0011 + 0010 + 1388 + 0035 + 0010 + 0000 + 6361 + 6d6e + 6574 + 2121 = 0x3573e, folded
  //   0x5741, checksum 0xa8be. After: the same with cb00 + 7105 for the source = 0x3d191, folded
  //   0xd194, checksum 0x2e6b.
  REQUIRE(word(d, 10) == 0x3296);
  REQUIRE(word(d, 26) == 0xa8be);
  REQUIRE(bench.out(d) == NatVerdict::translated);
  CHECK(source(d) == public_ip);
  CHECK(source_port(d) == 5000);
  CHECK(destination(d) == server);
  CHECK(destination_port(d) == 53);
  CHECK(word(d, 10) == 0xb842);
  CHECK(word(d, 26) == 0x2e6b);
  CHECK(d == udp(public_ip, 5000, server, 53));
  CHECK(bench.nat.counters().translated_out == 1);
  CHECK(bench.nat.counters().mappings_created == 1);

  // The table lists the flow for a tool to print.
  REQUIRE(bench.nat.mapping_count() == 1);
  NatMapping m = bench.nat.mapping(0);
  CHECK(m.protocol == udp_protocol);
  CHECK(m.inside_address == camera);
  CHECK(m.inside_port == 5000);
  CHECK(m.public_port == 5000);
  CHECK(m.remote_address == server);
  CHECK(m.remote_port == 53);
  CHECK(m.remaining == nat::udp_timeout);

  bench.story.step("the camera sends a second datagram on the same flow");
  check_out(bench, udp(camera, 5000, server, 53, text("again")),
            udp(public_ip, 5000, server, 53, text("again")));
  CHECK(bench.nat.mapping_count() == 1);
}

TEST_CASE("an outbound TCP segment is rewritten with checksums a full recomputation agrees with",
          "[lab3][points:2]") {
  NatBench bench;
  check_out(bench, tcp(camera, 40001, server, 443, syn), tcp(public_ip, 40001, server, 443, syn));
  // An odd-length payload and IPv4 options change nothing in the rule.
  check_out(bench, tcp(camera, 40001, server, 443, ack, text("GET /"), 4),
            tcp(public_ip, 40001, server, 443, ack, text("GET /"), 4));
}

TEST_CASE("an outbound ping keeps its identifier and its ICMP checksum, which has no pseudo-header",
          "[lab3][points:2]") {
  NatBench bench;
  Datagram d = echo(camera, server, echo_request, 0x4a11);
  std::uint16_t icmp_checksum = word(d, 22);
  REQUIRE(bench.out(d) == NatVerdict::translated);
  CHECK(source(d) == public_ip);
  CHECK(icmp_id(d) == 0x4a11);
  // Only the IPv4 source changed, and the ICMP checksum does not cover it (RFC 792).
  CHECK(word(d, 22) == icmp_checksum);
  CHECK(d == echo(public_ip, server, echo_request, 0x4a11));
  REQUIRE(bench.flow(icmp_protocol, camera, 0x4a11, server, 0));
  CHECK(bench.flow(icmp_protocol, camera, 0x4a11, server, 0)->remaining == nat::icmp_query_timeout);
}

TEST_CASE("a second inside host using the same port gets the next free public port",
          "[lab3][points:3]") {
  NatBench bench;
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
  // 5000 is held by the camera: the laptop gets the next port, 5001, and the printer 5002.
  check_out(bench, udp(laptop, 5000, server, 53), udp(public_ip, 5001, server, 53));
  check_out(bench, udp(printer, 5000, server, 53), udp(public_ip, 5002, server, 53));
  // Ports are per protocol: TCP port 5000 is still free.
  check_out(bench, tcp(laptop, 5000, server, 80, syn), tcp(public_ip, 5000, server, 80, syn));
  // Ping identifiers clash the same way; the ICMP checksum now covers a changed identifier.
  check_out(bench, echo(camera, server, echo_request, 0x0100),
            echo(public_ip, server, echo_request, 0x0100));
  check_out(bench, echo(laptop, server, echo_request, 0x0100),
            echo(public_ip, server, echo_request, 0x0101));
  // The replies find their way back to each host.
  check_in(bench, udp(server, 53, public_ip, 5001), udp(server, 53, laptop, 5000));
  check_in(bench, udp(server, 53, public_ip, 5000), udp(server, 53, camera, 5000));
  check_in(bench, echo(server, public_ip, echo_reply, 0x0101),
           echo(server, laptop, echo_reply, 0x0100));
}

TEST_CASE("the search for a free port wraps from 65535 to the start of the dynamic range",
          "[lab3][points:1]") {
  NatBench bench;
  check_out(bench, udp(camera, 65535, server, 53), udp(public_ip, 65535, server, 53));
  check_out(bench, udp(laptop, 65535, server, 53),
            udp(public_ip, nat::dynamic_ports_first, server, 53));
}

TEST_CASE("one inside port keeps its public port for every remote it writes to",
          "[lab3][points:2]") {
  // Endpoint-independent mapping (RFC 4787 REQ-1).
  NatBench bench;
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
  check_out(bench, udp(laptop, 5000, server, 123), udp(public_ip, 5001, server, 123));
  check_out(bench, udp(laptop, 5000, other_server, 123), udp(public_ip, 5001, other_server, 123));
  CHECK(bench.nat.mapping_count() == 3);
}

TEST_CASE("a reply is translated back to the inside host it answers", "[lab3][points:3]") {
  NatBench bench;
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
  check_in(bench, udp(server, 53, public_ip, 5000, text("answer")),
           udp(server, 53, camera, 5000, text("answer")));
  check_out(bench, tcp(camera, 40001, server, 443, syn), tcp(public_ip, 40001, server, 443, syn));
  check_in(bench, tcp(server, 443, public_ip, 40001, syn | ack),
           tcp(server, 443, camera, 40001, syn | ack));
  check_out(bench, echo(camera, server, echo_request, 7), echo(public_ip, server, echo_request, 7));
  check_in(bench, echo(server, public_ip, echo_reply, 7), echo(server, camera, echo_reply, 7));
  CHECK(bench.nat.counters().translated_in == 3);
}

TEST_CASE("an inbound datagram that matches no flow is dropped, counted and left untouched",
          "[lab3][points:2]") {
  NatBench bench;
  check_refused(bench, udp(server, 53, public_ip, 5000), false, NatVerdict::unsolicited);
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
  // Filtering is address-and-port-dependent: only the remote the camera wrote to gets in.
  check_refused(bench, udp(other_server, 53, public_ip, 5000), false, NatVerdict::unsolicited);
  check_refused(bench, udp(server, 54, public_ip, 5000), false, NatVerdict::unsolicited);
  check_refused(bench, tcp(server, 53, public_ip, 5000, syn), false, NatVerdict::unsolicited);
  // A ping to the public address is for the router, not the NAT.
  check_refused(bench, echo(server, public_ip, echo_request, 9), false, NatVerdict::unsolicited);
  CHECK(bench.nat.counters().dropped_unsolicited == 5);
}

TEST_CASE("a port forward lets an unsolicited datagram in and the answer leaves from its port",
          "[lab3][points:3]") {
  NatBench bench;
  REQUIRE(bench.nat.add_port_forward(tcp_protocol, 8080, camera, 80));
  CHECK_FALSE(bench.nat.add_port_forward(tcp_protocol, 8080, laptop, 80));  // already forwarded
  CHECK_FALSE(bench.nat.add_port_forward(icmp_protocol, 1, laptop, 1));     // no ports in ICMP
  REQUIRE(bench.nat.port_forward_count() == 1);
  check_in(bench, tcp(server, 40000, public_ip, 8080, syn), tcp(server, 40000, camera, 80, syn));
  check_out(bench, tcp(camera, 80, server, 40000, syn | ack),
            tcp(public_ip, 8080, server, 40000, syn | ack));
  CHECK(bench.nat.counters().port_forwarded_in == 1);
  // A new flow does not take a forwarded port: the laptop's TCP port 8080 becomes 8081.
  check_out(bench, tcp(laptop, 8080, other_server, 80, syn),
            tcp(public_ip, 8081, other_server, 80, syn));
  // UDP 8080 is not forwarded.
  check_refused(bench, udp(server, 40000, public_ip, 8080), false, NatVerdict::unsolicited);
  REQUIRE(bench.nat.remove_port_forward(tcp_protocol, 8080));
  check_refused(bench, tcp(server, 40001, public_ip, 8080, syn), false, NatVerdict::unsolicited);
}

TEST_CASE("a UDP flow expires after 2 minutes of silence and not before", "[lab3][points:3]") {
  NatBench bench;
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
  bench.pass(std::chrono::milliseconds(119'999));
  REQUIRE(bench.flow(udp_protocol, camera, 5000, server, 53));
  CHECK(bench.flow(udp_protocol, camera, 5000, server, 53)->remaining ==
        std::chrono::milliseconds(1));
  bench.pass(std::chrono::milliseconds(1));
  CHECK_FALSE(bench.flow(udp_protocol, camera, 5000, server, 53));
  CHECK(bench.nat.counters().mappings_expired == 1);
  check_refused(bench, udp(server, 53, public_ip, 5000), false, NatVerdict::unsolicited);

  bench.story.step("a new flow, kept alive by traffic either way");
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
  bench.pass(std::chrono::seconds(100));
  check_in(bench, udp(server, 53, public_ip, 5000), udp(server, 53, camera, 5000));
  bench.pass(std::chrono::seconds(100));
  check_in(bench, udp(server, 53, public_ip, 5000), udp(server, 53, camera, 5000));
}

TEST_CASE("a ping flow lasts 60 seconds", "[lab3][points:1]") {
  NatBench bench;
  check_out(bench, echo(camera, server, echo_request, 3), echo(public_ip, server, echo_request, 3));
  bench.pass(std::chrono::milliseconds(59'999));
  check_in(bench, echo(server, public_ip, echo_reply, 3), echo(server, camera, echo_reply, 3));
  bench.pass(std::chrono::seconds(60));
  check_refused(bench, echo(server, public_ip, echo_reply, 3), false, NatVerdict::unsolicited);
}

TEST_CASE("a TCP flow lasts 4 minutes until the remote answers and 2 hours 4 minutes after",
          "[lab3][points:3]") {
  NatBench bench;
  check_out(bench, tcp(camera, 40001, server, 443, syn), tcp(public_ip, 40001, server, 443, syn));
  CHECK(bench.flow(tcp_protocol, camera, 40001, server, 443)->remaining == std::chrono::minutes(4));
  bench.pass(std::chrono::milliseconds(239'999));
  check_in(bench, tcp(server, 443, public_ip, 40001, syn | ack),
           tcp(server, 443, camera, 40001, syn | ack));
  REQUIRE(bench.flow(tcp_protocol, camera, 40001, server, 443));
  CHECK(bench.flow(tcp_protocol, camera, 40001, server, 443)->remaining ==
        std::chrono::minutes(124));
  bench.pass(std::chrono::milliseconds(124 * 60'000 - 1));
  CHECK(bench.flow(tcp_protocol, camera, 40001, server, 443));
  bench.pass(std::chrono::milliseconds(1));
  CHECK_FALSE(bench.flow(tcp_protocol, camera, 40001, server, 443));

  bench.story.step("a connection opened and never answered");
  check_out(bench, tcp(camera, 40002, server, 443, syn), tcp(public_ip, 40002, server, 443, syn));
  bench.pass(std::chrono::minutes(4));
  CHECK_FALSE(bench.flow(tcp_protocol, camera, 40002, server, 443));
}

TEST_CASE("after FINs both ways or a RST a TCP flow lasts only 4 minutes", "[lab3][points:2]") {
  NatBench bench;
  check_out(bench, tcp(camera, 40001, server, 443, syn), tcp(public_ip, 40001, server, 443, syn));
  check_in(bench, tcp(server, 443, public_ip, 40001, syn | ack),
           tcp(server, 443, camera, 40001, syn | ack));
  check_out(bench, tcp(camera, 40001, server, 443, fin | ack),
            tcp(public_ip, 40001, server, 443, fin | ack));
  // One FIN is a half-close: the other way may still send for hours.
  CHECK(bench.flow(tcp_protocol, camera, 40001, server, 443)->remaining ==
        std::chrono::minutes(124));
  check_in(bench, tcp(server, 443, public_ip, 40001, fin | ack),
           tcp(server, 443, camera, 40001, fin | ack));
  CHECK(bench.flow(tcp_protocol, camera, 40001, server, 443)->remaining == std::chrono::minutes(4));

  check_out(bench, tcp(camera, 40002, server, 443, syn), tcp(public_ip, 40002, server, 443, syn));
  check_in(bench, tcp(server, 443, public_ip, 40002, syn | ack),
           tcp(server, 443, camera, 40002, syn | ack));
  check_in(bench, tcp(server, 443, public_ip, 40002, rst), tcp(server, 443, camera, 40002, rst));
  CHECK(bench.flow(tcp_protocol, camera, 40002, server, 443)->remaining == std::chrono::minutes(4));
  bench.pass(std::chrono::minutes(4));
  CHECK(bench.nat.mapping_count() == 0);
}

TEST_CASE("when the table is full a new flow is dropped and counted, and old flows keep working",
          "[lab3][points:3]") {
  NatBench bench;
  bench.story.step("the camera opens {} UDP flows, from ports 10000 on", nat::max_mappings);
  for (std::size_t i = 0; i < nat::max_mappings; ++i) {
    Datagram d = udp(camera, static_cast<std::uint16_t>(10000 + i), server, 53);
    REQUIRE(bench.nat.outbound(d) == NatVerdict::translated);
  }
  CHECK(bench.nat.mapping_count() == nat::max_mappings);
  check_refused(bench, udp(laptop, 5000, server, 53), true, NatVerdict::table_full);
  CHECK(bench.nat.counters().dropped_table_full == 1);
  CHECK(bench.nat.mapping_count() == nat::max_mappings);
  check_out(bench, udp(camera, 10000, server, 53), udp(public_ip, 10000, server, 53));
  check_in(bench, udp(server, 53, public_ip, 10255), udp(server, 53, camera, 10255));
  bench.pass(nat::udp_timeout);
  check_out(bench, udp(laptop, 5000, server, 53), udp(public_ip, 5000, server, 53));
}

TEST_CASE("an ICMP port unreachable from outside is translated back, outer and quoted datagram",
          "[lab3][points:4]") {
  NatBench bench;
  const Datagram sent = udp(laptop, 5000, server, 53);
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
  Datagram translated = sent;
  REQUIRE(bench.out(translated) == NatVerdict::translated);
  REQUIRE(source_port(translated) == 5001);

  SECTION("quoting the first 28 bytes (RFC 792)") {
    // What the laptop must get: the error addressed to it, quoting the datagram it sent.
    check_in(bench, icmp_error(server, public_ip, 3, 3, first(translated, 28)),
             icmp_error(server, laptop, 3, 3, first(sent, 28)));
  }
  SECTION("quoting the whole datagram, UDP checksum and all (as Linux does)") {
    check_in(bench, icmp_error(server, public_ip, 3, 3, translated),
             icmp_error(server, laptop, 3, 3, sent));
  }
  SECTION("about a TCP segment, whose checksum is not quoted") {
    const Datagram syn_sent = tcp(laptop, 5000, server, 80, syn);
    Datagram syn_out = syn_sent;
    REQUIRE(bench.out(syn_out) == NatVerdict::translated);
    check_in(bench, icmp_error(server, public_ip, 3, 3, first(syn_out, 28)),
             icmp_error(server, laptop, 3, 3, first(syn_sent, 28)));
  }
  CHECK(bench.nat.counters().icmp_errors_translated == 1);
}

TEST_CASE("a time exceeded about a ping is translated back, as traceroute needs",
          "[lab3][points:2]") {
  NatBench bench;
  check_out(bench, echo(camera, server, echo_request, 0x0100),
            echo(public_ip, server, echo_request, 0x0100));
  const Datagram sent = echo(laptop, server, echo_request, 0x0100, 2);
  Datagram translated = sent;
  REQUIRE(bench.out(translated) == NatVerdict::translated);
  REQUIRE(icmp_id(translated) == 0x0101);
  // A router on the way (192.0.2.1) saw TTL reach 0 and quotes what it got.
  check_in(bench, icmp_error(isp_router, public_ip, 11, 0, first(translated, 28)),
           icmp_error(isp_router, laptop, 11, 0, first(sent, 28)));
}

TEST_CASE("an ICMP error from an inside host about a forwarded datagram leaves translated",
          "[lab3][points:2]") {
  NatBench bench;
  REQUIRE(bench.nat.add_port_forward(udp_protocol, 5353, camera, 53));
  const Datagram arrived = udp(server, 40000, public_ip, 5353);
  Datagram delivered = arrived;
  REQUIRE(bench.in(delivered) == NatVerdict::translated);
  // The camera has nothing on port 53 and says so, quoting what it received.
  check_out(bench, icmp_error(camera, server, 3, 3, first(delivered, 28)),
            icmp_error(public_ip, server, 3, 3, first(arrived, 28)));
}

TEST_CASE("an ICMP error about a flow the NAT never saw is dropped", "[lab3][points:1]") {
  NatBench bench;
  check_refused(bench,
                icmp_error(server, public_ip, 3, 3, first(udp(public_ip, 7, server, 53), 28)),
                false, NatVerdict::unsolicited);
  // Quoting a datagram from some other address than the public one.
  check_out(bench, udp(camera, 7, server, 53), udp(public_ip, 7, server, 53));
  check_refused(bench, icmp_error(server, public_ip, 3, 3, first(udp(camera, 7, server, 53), 28)),
                false, NatVerdict::unsolicited);
  check_refused(bench, icmp_error(camera, server, 3, 3, first(udp(server, 9, camera, 9), 28)), true,
                NatVerdict::unsolicited);
}

TEST_CASE("a UDP checksum of 0 means none and stays 0 both ways", "[lab3][points:2]") {
  NatBench bench;
  Datagram d = udp(camera, 5000, server, 53, text("camnet!!"), false);
  REQUIRE(word(d, 26) == 0);
  check_out(bench, d, udp(public_ip, 5000, server, 53, text("camnet!!"), false));
  check_out(bench, udp(laptop, 5000, server, 53, text("camnet!!"), false),
            udp(public_ip, 5001, server, 53, text("camnet!!"), false));
  check_in(bench, udp(server, 53, public_ip, 5001, text("answer"), false),
           udp(server, 53, laptop, 5000, text("answer"), false));
}

TEST_CASE("a UDP checksum that comes out 0 after the rewrite is sent as 0xffff",
          "[lab3][points:1]") {
  // Choose the payload's last word so the translated datagram's checksum computes to 0: the
  // words of the pseudo-header, the header (checksum 0) and the payload must sum to 0xffff.
  // With s the sum of all but the last word, the last word is ~s (s + ~s = 0xffff in ones'
  // complement), and RFC 768 sends the computed 0 as 0xffff.
  Datagram payload = text("camnet");
  payload.push_back(0);
  payload.push_back(0);
  Datagram probe = udp(public_ip, 5000, server, 53, payload, false);
  std::uint32_t s = add_words(probe, 12, 8);  // the two addresses of the pseudo-header
  s = add_words(Datagram{0, udp_protocol, 0, 16}, 0, 4, s);
  s = add_words(probe, 20, 16, s);
  auto last = static_cast<std::uint16_t>(~s);
  payload[6] = static_cast<std::uint8_t>(last >> 8);
  payload[7] = static_cast<std::uint8_t>(last);
  Datagram expected = udp(public_ip, 5000, server, 53, payload);
  REQUIRE(word(expected, 26) == 0xffff);
  NatBench bench;
  check_out(bench, udp(camera, 5000, server, 53, payload), expected);
}

TEST_CASE("fragments are dropped and counted, never translated", "[lab3][points:2]") {
  NatBench bench;
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
  Datagram tail(8, 0x42);
  // A non-first fragment (offset 185 units, 1480 bytes): no ports in it.
  check_refused(bench, ip_datagram(camera, server, udp_protocol, tail, 0, 185), true,
                NatVerdict::fragment);
  check_refused(bench, ip_datagram(server, public_ip, udp_protocol, tail, 0, 185), false,
                NatVerdict::fragment);
  // A first fragment (More Fragments set) has ports, but its other pieces would be dropped.
  Datagram head = udp(camera, 5000, server, 53);
  set_word(head, 6, 0x2000);
  set_word(head, 10, 0);
  set_word(head, 10, finish(add_words(head, 0, 20)));
  check_refused(bench, head, true, NatVerdict::fragment);
  CHECK(bench.nat.counters().dropped_fragment == 3);
}

TEST_CASE("a transport header cut short is counted as malformed and left untouched",
          "[lab3][points:3]") {
  NatBench bench;
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
  // Every datagram below is exactly as long as its Total Length: a read past it is caught by the
  // address sanitizer in CI.
  check_refused(bench, ip_datagram(camera, server, udp_protocol, Datagram(7, 1)), true,
                NatVerdict::malformed);
  check_refused(bench, ip_datagram(camera, server, tcp_protocol, Datagram(19, 1)), true,
                NatVerdict::malformed);
  check_refused(bench, ip_datagram(camera, server, icmp_protocol, Datagram{8, 0, 0, 0, 0, 1, 0}),
                true, NatVerdict::malformed);
  check_refused(bench, ip_datagram(server, public_ip, udp_protocol, Datagram{0, 53, 0x13}), false,
                NatVerdict::malformed);
  const Datagram translated = udp(public_ip, 5000, server, 53);
  // An ICMP error quoting a header and only 4 transport bytes (fewer than RFC 792's 8).
  check_refused(bench, icmp_error(server, public_ip, 3, 3, first(translated, 24)), false,
                NatVerdict::malformed);
  // An ICMP error whose quoted header claims 60 bytes (IHL 15) but brings 28.
  Datagram long_header = first(translated, 28);
  long_header[0] = 0x4f;
  check_refused(bench, icmp_error(server, public_ip, 3, 3, long_header), false,
                NatVerdict::malformed);
  // An IPv4 header whose checksum does not add up.
  Datagram broken = udp(camera, 5000, server, 53);
  broken[10] ^= 0x01;
  check_refused(bench, broken, true, NatVerdict::malformed);
  check_refused(bench, Datagram{0x45, 0, 0}, true, NatVerdict::malformed);
  CHECK(bench.nat.counters().dropped_malformed == 8);
  CHECK(bench.nat.mapping_count() == 1);
}

TEST_CASE("protocols other than UDP, TCP and ICMP echo are dropped and counted",
          "[lab3][points:1]") {
  NatBench bench;
  check_refused(bench, ip_datagram(camera, server, 47, Datagram(12, 0)), true,
                NatVerdict::unsupported);
  check_refused(bench, ip_datagram(server, public_ip, 47, Datagram(12, 0)), false,
                NatVerdict::unsupported);
  // An ICMP timestamp request (type 13) is a query the NAT does not translate.
  Datagram timestamp{13, 0, 0, 0, 0, 1, 0, 1};
  timestamp.resize(20, 0);
  set_word(timestamp, 2, transport_checksum(camera, server, icmp_protocol, timestamp));
  check_refused(bench, ip_datagram(camera, server, icmp_protocol, timestamp), true,
                NatVerdict::unsupported);
  CHECK(bench.nat.counters().dropped_unsupported == 3);
  // UDP from the same host still goes through.
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
}

TEST_CASE("a datagram not addressed to the public address is left alone", "[lab3][points:1]") {
  NatBench bench;
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
  // Some other address on the outside network, on the flow's port: not the NAT's business.
  check_refused(bench, udp(server, 53, other_server, 5000), false,
                NatVerdict::not_for_public_address);
  CHECK(bench.nat.counters().not_for_public_address == 1);
  check_in(bench, udp(server, 53, public_ip, 5000), udp(server, 53, camera, 5000));
}

TEST_CASE("a new public address forgets every flow and is used from then on", "[lab3][points:2]") {
  NatBench bench;
  REQUIRE(bench.nat.add_port_forward(udp_protocol, 5353, camera, 53));
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
  const Ipv4Address leased = Ipv4Address::from_octets(203, 0, 113, 77);
  bench.story.step("a new DHCP lease: the public address is now 203.0.113.77");
  bench.nat.set_public_address(leased);
  CHECK(bench.nat.mapping_count() == 0);
  CHECK(bench.nat.port_forward_count() == 1);
  check_refused(bench, udp(server, 53, leased, 5000), false, NatVerdict::unsolicited);
  check_refused(bench, udp(server, 53, public_ip, 5000), false, NatVerdict::not_for_public_address);
  check_out(bench, udp(camera, 5000, server, 53), udp(leased, 5000, server, 53));
  check_in(bench, udp(server, 9, leased, 5353), udp(server, 9, camera, 53));
}

TEST_CASE("before it has a public address the NAT drops what would leave", "[lab3][points:1]") {
  NatBench bench;
  bench.nat.set_public_address(Ipv4Address{});
  check_refused(bench, udp(camera, 5000, server, 53), true, NatVerdict::no_public_address);
  CHECK(bench.nat.counters().dropped_no_public_address == 1);
  CHECK(bench.nat.mapping_count() == 0);
  bench.story.step("a DHCP lease gives the NAT its public address, 203.0.113.5");
  bench.nat.set_public_address(public_ip);
  check_out(bench, udp(camera, 5000, server, 53), udp(public_ip, 5000, server, 53));
}

TEST_CASE("Ethernet padding after the datagram is neither read nor changed", "[lab3][points:1]") {
  NatBench bench;
  Datagram d = udp(camera, 5000, server, 53);
  d.insert(d.end(), {0xee, 0xee, 0xee, 0xee});
  Datagram expected = udp(public_ip, 5000, server, 53);
  expected.insert(expected.end(), {0xee, 0xee, 0xee, 0xee});
  check_out(bench, d, expected);
}

TEST_CASE("random flows leave and their replies come back exactly as if built by hand",
          "[lab3][points:3]") {
  // For each random datagram, the oracle is the same datagram built directly with the public
  // address and the public port the NAT chose; distinct inside endpoints never share a public
  // port (checked against a map kept here).
  NatBench bench;
  std::mt19937 random(4787);
  std::map<std::tuple<int, std::uint32_t, std::uint16_t>, std::uint16_t> given;  // inside -> public
  std::map<std::pair<int, std::uint16_t>, std::tuple<std::uint32_t, std::uint16_t>> holder;
  for (int round = 0; round < 200; ++round) {
    Ipv4Address inside =
        Ipv4Address::from_octets(192, 168, 1, static_cast<std::uint8_t>(2 + random() % 4));
    Ipv4Address remote =
        Ipv4Address::from_octets(198, 51, 100, static_cast<std::uint8_t>(random() % 3));
    auto port = static_cast<std::uint16_t>(random() % 4 == 0 ? 5000 + random() % 3 : random());
    auto remote_port = static_cast<std::uint16_t>(1 + random() % 1000);
    Datagram payload(random() % 23);
    for (auto& b : payload)
      b = static_cast<std::uint8_t>(random());
    std::size_t options = 4 * (random() % 2);
    int kind = static_cast<int>(random() % 3);
    auto build = [&](Ipv4Address src, std::uint16_t sp, Ipv4Address dst, std::uint16_t dp,
                     bool reply) {
      if (kind == 0)
        return udp(src, sp, dst, dp, payload, true, options);
      if (kind == 1)
        return tcp(src, sp, dst, dp, ack, payload, options);
      return echo(src, dst, reply ? echo_reply : echo_request, reply ? dp : sp, 1, payload);
    };
    std::uint8_t protocol = kind == 0 ? udp_protocol : kind == 1 ? tcp_protocol : icmp_protocol;
    std::uint16_t rport = kind == 2 ? 0 : remote_port;
    INFO("round " << round);
    Datagram d = build(inside, port, remote, rport, false);
    REQUIRE(bench.out(d) == NatVerdict::translated);
    std::uint16_t public_port = kind == 2 ? icmp_id(d) : source_port(d);
    auto key = std::make_tuple(int{protocol}, inside.value(), port);
    if (given.count(key))
      CHECK(given[key] == public_port);  // the same inside endpoint, the same public port
    given[key] = public_port;
    auto owner = std::make_pair(int{protocol}, public_port);
    if (holder.count(owner))
      CHECK(holder[owner] == std::make_tuple(inside.value(), port));
    holder[owner] = std::make_tuple(inside.value(), port);
    Datagram expected = build(public_ip, public_port, remote, rport, false);
    INFO(diff(expected, d));
    REQUIRE(d == expected);
    check_in(bench, build(remote, rport, public_ip, public_port, true),
             build(remote, rport, inside, port, true));
  }
}
