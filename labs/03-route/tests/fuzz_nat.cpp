// libFuzzer target: a NAT fed arbitrary datagrams both ways, with time passing between them. The
// input is split into chunks after every 0xff 0x00 pair (the 0xff ends a datagram, as padding); each
// chunk is a control byte and a datagram:
//   bit 0: 0 outbound, 1 inbound        bit 1: fill in a correct IPv4 header checksum
//   bit 2: fill in a correct UDP, TCP or ICMP checksum (so the fuzzer gets past check() and the
//          checksum property below is exercised)
//   bits 4-7: how long to wait afterwards, in units of 10 s
// It must never crash or read out of bounds (ASan), and:
//   - a datagram not translated is left byte for byte as it was;
//   - a translated datagram still has a correct IPv4 header checksum, and a transport checksum that
//     was correct stays correct (RFC 1624's incremental update equals a full recomputation);
//   - bytes after Total Length (Ethernet padding) are never touched;
//   - the reply to a translated outbound datagram (addresses and ports swapped) comes back in,
//     addressed to the inside endpoint that sent it;
//   - the table never holds more than nat::max_mappings flows.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "address/checksum.hpp"
#include "address/ipv4_header.hpp"
#include "route/nat.hpp"

namespace {

using camnet::Bytes;

const camnet::Ipv4Address public_ip(0xcb007105u);  // 203.0.113.5

std::size_t header_length(const std::vector<std::uint8_t>& d) {
  return std::size_t{d[0] & 0x0fu} * 4;
}

// The datagram is whole enough to reason about: a 20..60-byte header inside the bytes, a Total
// Length that fits, not a fragment.
bool plausible(const std::vector<std::uint8_t>& d) {
  if (d.size() < 20 || (d[0] >> 4) != 4 || header_length(d) < 20 || header_length(d) > d.size())
    return false;
  std::size_t total = camnet::load_u16(d.data() + 2);
  return total >= header_length(d) && total <= d.size();
}

void fix_header(std::vector<std::uint8_t>& d) {
  d[10] = d[11] = 0;
  camnet::store_u16(d.data() + 10, camnet::internet_checksum(Bytes{d.data(), header_length(d)}));
}

// Offset of the transport checksum within the segment, or nothing for other protocols.
std::optional<std::size_t> checksum_field(std::uint8_t protocol) {
  if (protocol == camnet::ip_protocol::udp)
    return 6;
  if (protocol == camnet::ip_protocol::tcp)
    return 16;
  if (protocol == camnet::ip_protocol::icmp)
    return 2;
  return std::nullopt;
}

// The full checksum of the segment as it stands (0 if correct), or nothing if there is no whole
// segment to check or (UDP) no checksum.
std::optional<std::uint16_t> transport_sum(const std::vector<std::uint8_t>& d) {
  if (!plausible(d) || (camnet::load_u16(d.data() + 6) & 0x3fff) != 0)
    return std::nullopt;
  std::size_t hl = header_length(d);
  std::size_t total = camnet::load_u16(d.data() + 2);
  std::uint8_t protocol = d[9];
  auto field = checksum_field(protocol);
  if (!field || total - hl < *field + 2)
    return std::nullopt;
  if (protocol == camnet::ip_protocol::udp && camnet::load_u16(d.data() + hl + 6) == 0)
    return std::nullopt;
  std::vector<std::uint8_t> buffer;
  if (protocol != camnet::ip_protocol::icmp) {
    buffer.insert(buffer.end(), d.begin() + 12, d.begin() + 20);
    buffer.push_back(0);
    buffer.push_back(protocol);
    buffer.push_back(static_cast<std::uint8_t>((total - hl) >> 8));
    buffer.push_back(static_cast<std::uint8_t>(total - hl));
  }
  buffer.insert(buffer.end(), d.begin() + static_cast<long>(hl),
                d.begin() + static_cast<long>(total));
  return camnet::internet_checksum(Bytes{buffer});
}

void fix_transport(std::vector<std::uint8_t>& d) {
  if (!plausible(d))
    return;
  std::size_t hl = header_length(d);
  auto field = checksum_field(d[9]);
  std::size_t total = camnet::load_u16(d.data() + 2);
  if (!field || total - hl < *field + 2)
    return;
  std::uint8_t* at = d.data() + hl + *field;
  at[0] = at[1] = 0;
  auto sum = transport_sum(d);
  if (!sum)
    return;  // UDP with checksum 0: stays "none"
  std::uint16_t value = *sum;
  if (d[9] == camnet::ip_protocol::udp && value == 0)
    value = 0xffff;
  camnet::store_u16(at, value);
}

bool is_query_or_flow(const std::vector<std::uint8_t>& d) {
  std::size_t hl = header_length(d);
  if (d[9] == camnet::ip_protocol::icmp)
    return d[hl] == 8;  // an echo request (errors are not flows)
  return d[9] == camnet::ip_protocol::udp || d[9] == camnet::ip_protocol::tcp;
}

// The reply to `d`: addresses swapped, ports swapped (or echo request -> reply), checksums right.
std::vector<std::uint8_t> reply_to(std::vector<std::uint8_t> d) {
  std::size_t hl = header_length(d);
  std::uint8_t address[4];
  std::memcpy(address, d.data() + 12, 4);
  std::memmove(d.data() + 12, d.data() + 16, 4);
  std::memcpy(d.data() + 16, address, 4);
  if (d[9] == camnet::ip_protocol::icmp) {
    d[hl] = 0;
  } else {
    std::uint16_t source = camnet::load_u16(d.data() + hl);
    camnet::store_u16(d.data() + hl, camnet::load_u16(d.data() + hl + 2));
    camnet::store_u16(d.data() + hl + 2, source);
  }
  fix_header(d);
  fix_transport(d);
  return d;
}

void run(camnet::Nat& nat, std::vector<std::uint8_t>& d, bool outbound) {
  const std::vector<std::uint8_t> before = d;
  std::optional<std::uint16_t> sum_before = transport_sum(d);
  camnet::MutableBytes bytes{d};
  camnet::NatVerdict verdict = outbound ? nat.outbound(bytes) : nat.inbound(bytes);
  if (verdict != camnet::NatVerdict::translated) {
    if (d != before)
      __builtin_trap();  // refused, yet changed
    return;
  }
  auto view = camnet::Ipv4View::check(Bytes{d});
  if (!view)
    __builtin_trap();  // the header checksum no longer adds up
  std::size_t total = view->total_length();
  if (!std::equal(d.begin() + static_cast<long>(total), d.end(),
                  before.begin() + static_cast<long>(total)))
    __builtin_trap();  // padding touched
  if (sum_before && *sum_before == 0 && transport_sum(d) != std::optional<std::uint16_t>(0))
    __builtin_trap();  // a correct transport checksum became wrong
  if (!outbound || !is_query_or_flow(d))
    return;
  // The reply comes back to whoever sent the datagram.
  std::vector<std::uint8_t> reply =
      reply_to(std::vector<std::uint8_t>(d.begin(), d.begin() + static_cast<long>(total)));
  if (nat.inbound(camnet::MutableBytes{reply}) != camnet::NatVerdict::translated)
    __builtin_trap();
  std::size_t hl = header_length(d);
  if (std::memcmp(reply.data() + 16, before.data() + 12, 4) != 0)
    __builtin_trap();
  std::size_t port_at = d[9] == camnet::ip_protocol::icmp ? hl + 4 : hl + 2;
  std::size_t sent_port_at = d[9] == camnet::ip_protocol::icmp ? hl + 4 : hl;
  if (camnet::load_u16(reply.data() + port_at) != camnet::load_u16(before.data() + sent_port_at))
    __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  camnet::Nat nat(public_ip);
  nat.add_port_forward(camnet::ip_protocol::udp, 5353, camnet::Ipv4Address(0xc0a8010au), 53);
  nat.add_port_forward(camnet::ip_protocol::tcp, 8080, camnet::Ipv4Address(0xc0a8010au), 80);
  std::size_t start = 0;
  for (std::size_t i = 0; i < size; ++i) {
    bool end = i + 1 == size || (data[i] == 0xff && data[i + 1] == 0x00);
    if (!end)
      continue;
    if (start > i) {  // two separators in a row
      start = i + 2;
      continue;
    }
    const std::uint8_t control = data[start];
    std::vector<std::uint8_t> d(data + start + 1, data + i + 1);
    start = i + 2;  // the next chunk's control byte follows the 0x00
    if ((control & 0x02) != 0 && plausible(d))
      fix_header(d);
    if ((control & 0x04) != 0 && plausible(d)) {
      fix_transport(d);
      fix_header(d);
    }
    run(nat, d, (control & 0x01) == 0);
    nat.tick(std::chrono::seconds(10 * (control >> 4)));
    if (nat.mapping_count() > camnet::nat::max_mappings)
      __builtin_trap();
    for (std::size_t m = 0; m < nat.mapping_count(); ++m)
      (void)nat.mapping(m);
  }
  return 0;
}
