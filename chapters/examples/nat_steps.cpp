// Chapter 12.7, NAT: the three steps on a real UDP datagram, a stranger turned away, and a port
// forward that lets one in.
//
// The datagrams are those of lab 3's nat-udp capture: the camera 10.0.0.42 sends "camnet 1\n" from
// UDP port 40000 to 198.51.100.20:5000, and R1, a Linux router with one public address
// (192.0.2.1), translates it. Here lab 3's Nat does the translating:
//   1-2. outbound: the NAT records (camera, port 40000) and rewrites the source to 192.0.2.1:40000;
//   3.   inbound: the server's reply to 192.0.2.1:40000 is rewritten back to 10.0.0.42:40000;
//   then a datagram nobody inside asked for is dropped, and a port forward lets one in.
//
// The expected bytes are not printed by the NAT and pasted back. Each is a datagram this program
// builds from scratch with its own checksum loop (RFC 1071, written out below), the translated
// addresses and ports filled in by hand. And for the first two, the checksums Linux wrote in the
// capture are checked too (tshark's decode, labs/03-route/captures/nat-udp/): the UDP checksum
// does not cover the TTL, so Linux's value must match exactly; the IPv4 checksum does, and Linux
// also took one off the TTL, so its value is adjusted by hand (see `linux` below).
//
// Build and run, from the top of the repository:
//   cmake --build --preset default --target chapter_nat_steps
//   build/default/chapters/chapter_nat_steps
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "address/ipv4_address.hpp"
#include "address/ipv4_header.hpp"
#include "camnet/host/format.hpp"
#include "route/nat.hpp"
#include "run_example.hpp"

using namespace camnet;

namespace {

using Bytes8 = std::vector<std::uint8_t>;

Ipv4Address ip(const char* text) {
  return *Ipv4Address::parse(text);
}

// RFC 1071, the plain way: add 16-bit words, fold the carries back in, invert.
std::uint16_t sum16(const Bytes8& bytes, std::size_t from, std::size_t count,
                    std::uint32_t sum = 0) {
  for (std::size_t i = 0; i < count; i += 2) {
    std::uint32_t word = static_cast<std::uint32_t>(bytes[from + i]) << 8;
    if (i + 1 < count)
      word |= bytes[from + i + 1];
    sum += word;
    sum = (sum & 0xffff) + (sum >> 16);
  }
  return static_cast<std::uint16_t>(~sum);
}

std::uint16_t word_at(const Bytes8& b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
void put16(Bytes8& b, std::size_t at, std::uint32_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(Bytes8& b, std::size_t at, std::uint32_t v) {
  put16(b, at, v >> 16);
  put16(b, at + 2, v & 0xffff);
}

// An IPv4 datagram carrying UDP, built byte by byte from RFC 791 and RFC 768: version 4, IHL 5,
// identification `id`, DF (as Linux sends UDP), TTL `ttl`, both checksums computed here.
Bytes8 udp_datagram(Ipv4Address source, std::uint16_t source_port, Ipv4Address destination,
                    std::uint16_t destination_port, std::uint16_t id, std::uint8_t ttl,
                    std::string_view text) {
  const std::size_t udp_length = 8 + text.size();
  Bytes8 d(20 + udp_length);
  d[0] = 0x45;
  put16(d, 2, static_cast<std::uint32_t>(d.size()));
  put16(d, 4, id);
  put16(d, 6, 0x4000);  // DF
  d[8] = ttl;
  d[9] = 17;  // UDP
  put32(d, 12, source.value());
  put32(d, 16, destination.value());
  put16(d, 10, sum16(d, 0, 20));
  put16(d, 20, source_port);
  put16(d, 22, destination_port);
  put16(d, 24, static_cast<std::uint32_t>(udp_length));
  for (std::size_t i = 0; i < text.size(); ++i)
    d[28 + i] = static_cast<std::uint8_t>(text[i]);
  // The pseudo-header (source, destination, zero, protocol, UDP length), then the UDP bytes.
  std::uint32_t pseudo = (source.value() >> 16) + (source.value() & 0xffff) +
                         (destination.value() >> 16) + (destination.value() & 0xffff) + 17 +
                         static_cast<std::uint32_t>(udp_length);
  pseudo = (pseudo & 0xffff) + (pseudo >> 16);
  std::uint16_t udp_sum = sum16(d, 20, udp_length, pseudo);
  put16(d, 26, udp_sum == 0 ? 0xffff : udp_sum);
  return d;
}

std::string endpoint(const Bytes8& d, std::size_t address_at, std::size_t port_at) {
  Ipv4Address a((static_cast<std::uint32_t>(word_at(d, address_at)) << 16) |
                word_at(d, address_at + 2));
  return fmt::format("{}:{}", a, word_at(d, port_at));
}

// The fields a NAT touches, before and after, side by side.
void show(const Bytes8& before, const Bytes8& after) {
  auto row = [](const char* name, const std::string& a, const std::string& b) {
    fmt::print("     {:<14} {:<22} {}{}\n", name, a, b, a == b ? "" : "   <- rewritten");
  };
  row("source", endpoint(before, 12, 20), endpoint(after, 12, 20));
  row("destination", endpoint(before, 16, 22), endpoint(after, 16, 22));
  row("IPv4 checksum", fmt::format("0x{:04x}", word_at(before, 10)),
      fmt::format("0x{:04x}", word_at(after, 10)));
  row("UDP checksum", fmt::format("0x{:04x}", word_at(before, 26)),
      fmt::format("0x{:04x}", word_at(after, 26)));
}

bool same(const char* what, const Bytes8& got, const Bytes8& expected) {
  if (got == expected)
    return true;
  for (std::size_t i = 0; i < got.size() && i < expected.size(); ++i) {
    if (got[i] != expected[i]) {
      fmt::print("FAILED: {}: byte {} is 0x{:02x}, expected 0x{:02x}\n", what, i, got[i],
                 expected[i]);
      return false;
    }
  }
  fmt::print("FAILED: {}: {} bytes, expected {}\n", what, got.size(), expected.size());
  return false;
}

bool verdict_is(const char* what, NatVerdict got, NatVerdict expected) {
  fmt::print("     the NAT says: {}\n", to_string(got));
  if (got == expected)
    return true;
  fmt::print("FAILED: {}: the NAT said {}, expected {}\n", what, to_string(got),
             to_string(expected));
  return false;
}

int run() {
  const Ipv4Address camera = ip("10.0.0.42");
  const Ipv4Address server = ip("198.51.100.20");
  const Ipv4Address public_address = ip("192.0.2.1");  // R1's address on the provider's side
  const Ipv4Address stranger = ip("203.0.113.77");
  bool ok = true;

  Nat nat(public_address);
  fmt::print("R1's NAT: inside 10.0.0.0/24, one public address, {}.\n\n", public_address);

  // 1-2. Outbound. The datagram of the capture's if0.in frame 2 (identification 0x05f2, TTL 64).
  Bytes8 request = udp_datagram(camera, 40000, server, 5000, 0x05f2, 64, "camnet 1\n");
  const Bytes8 sent = request;
  // Built here, it must be the capture's datagram: tshark read IPv4 checksum 0x0065 and UDP
  // checksum 0xbb1c in if0.in frame 2.
  if (word_at(request, 10) != 0x0065 || word_at(request, 26) != 0xbb1c) {
    fmt::print("FAILED: the datagram built here is not the capture's\n");
    return 1;
  }
  fmt::print("Steps 1 and 2. The camera sends \"camnet 1\\n\" from port 40000 to {}:5000.\n",
             server);
  fmt::print("   The NAT records the camera's address and port, and rewrites the source:\n");
  ok = verdict_is("outbound", nat.outbound(request), NatVerdict::translated) && ok;
  show(sent, request);
  // The port is free, so it is kept (as Linux's MASQUERADE keeps it: 40000 in the capture).
  ok = same("the translated request", request,
            udp_datagram(public_address, 40000, server, 5000, 0x05f2, 64, "camnet 1\n")) &&
       ok;
  // Linux, in the capture (if1.out frame 2): UDP checksum 0x0345, IPv4 checksum 0x498d with TTL
  // 63. The TTL is the high byte of the word at bytes 8-9, so 64 instead of 63 adds 0x0100 to
  // that word and takes 0x0100 off the checksum: 0x498d - 0x0100 = 0x488d.
  const std::uint16_t linux_udp = 0x0345;
  const std::uint16_t linux_ip = 0x498d - 0x0100;
  fmt::print(
      "   Linux's R1 wrote UDP checksum 0x{:04x} and, with TTL 63, IPv4 checksum 0x498d "
      "(0x{:04x} at TTL 64).\n",
      linux_udp, linux_ip);
  if (word_at(request, 26) != linux_udp || word_at(request, 10) != linux_ip) {
    fmt::print("FAILED: the checksums differ from Linux's\n");
    ok = false;
  }
  if (nat.mapping_count() != 1) {
    fmt::print("FAILED: the NAT holds {} mappings, not 1\n", nat.mapping_count());
    return 1;
  }
  NatMapping m = nat.mapping(0);
  fmt::print("   What the NAT recorded: UDP {}:{} is public port {}, talking to {}:{}, for {}.\n",
             m.inside_address, m.inside_port, m.public_port, m.remote_address, m.remote_port,
             m.remaining);

  // 3. The reply, as R1 received it (if1.in frame 2: identification 0x292e, TTL 63).
  Bytes8 reply = udp_datagram(server, 5000, public_address, 40000, 0x292e, 63, "echo: camnet 1\n");
  const Bytes8 arrived = reply;
  fmt::print("\nStep 3. The server answers \"echo: camnet 1\\n\" to {}:40000.\n", public_address);
  fmt::print("   The NAT finds the record by public port and remote, and reverses the rewrite:\n");
  ok = verdict_is("inbound reply", nat.inbound(reply), NatVerdict::translated) && ok;
  show(arrived, reply);
  ok = same("the translated reply", reply,
            udp_datagram(server, 5000, camera, 40000, 0x292e, 63, "echo: camnet 1\n")) &&
       ok;
  // Linux (if0.out frame 2): UDP 0xb31d; IPv4 0xdf22 at TTL 62, so 0xde22 at TTL 63.
  if (word_at(reply, 26) != 0xb31d || word_at(reply, 10) != 0xdf22 - 0x0100) {
    fmt::print("FAILED: the checksums differ from Linux's (UDP 0xb31d, IPv4 0xde22 at TTL 63)\n");
    ok = false;
  }

  // Strangers: nobody inside wrote to them, so no record matches.
  fmt::print("\nA stranger, {}:6000, writes to {}:8554: nobody inside asked for it.\n", stranger,
             public_address);
  Bytes8 unsolicited = udp_datagram(stranger, 6000, public_address, 8554, 0x7001, 60, "hello?");
  const Bytes8 untouched = unsolicited;
  ok = verdict_is("unsolicited", nat.inbound(unsolicited), NatVerdict::unsolicited) && ok;
  ok = same("the dropped datagram (left as it was)", unsolicited, untouched) && ok;
  fmt::print("The server itself, but from another port ({}:5001), writes to {}:40000.\n", server,
             public_address);
  Bytes8 other_port = udp_datagram(server, 5001, public_address, 40000, 0x7002, 60, "hello?");
  ok = verdict_is("another remote port", nat.inbound(other_port), NatVerdict::unsolicited) && ok;
  fmt::print("   (The record is for 198.51.100.20:5000 only: each flow lets in its own remote.)\n");

  // Way 1 into a NAT'ed camera: a port forward.
  fmt::print("\nA port forward: UDP {}:8554 goes to the camera's port 554.\n", public_address);
  if (!nat.add_port_forward(ip_protocol::udp, 8554, camera, 554)) {
    fmt::print("FAILED: the port forward was refused\n");
    return 1;
  }
  Bytes8 forwarded = udp_datagram(stranger, 6000, public_address, 8554, 0x7003, 60, "hello?");
  const Bytes8 before_forward = forwarded;
  ok = verdict_is("port forward", nat.inbound(forwarded), NatVerdict::translated) && ok;
  show(before_forward, forwarded);
  ok = same("the forwarded datagram", forwarded,
            udp_datagram(stranger, 6000, camera, 554, 0x7003, 60, "hello?")) &&
       ok;
  fmt::print("   The camera answers from port 554; it leaves from the forwarded public port:\n");
  Bytes8 answer = udp_datagram(camera, 554, stranger, 6000, 0x0101, 64, "hi");
  const Bytes8 before_answer = answer;
  ok = verdict_is("answer through the forward", nat.outbound(answer), NatVerdict::translated) && ok;
  show(before_answer, answer);
  ok = same("the answer", answer,
            udp_datagram(public_address, 8554, stranger, 6000, 0x0101, 64, "hi")) &&
       ok;

  if (!ok)
    return 1;
  fmt::print(
      "\nThe three steps, the strangers turned away and the port forward all match the "
      "bytes worked out by hand and Linux's checksums.\n");
  return 0;
}

}  // namespace

int main() {
  return examples::run_example(run);
}
