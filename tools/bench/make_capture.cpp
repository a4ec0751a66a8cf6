// bench_make_capture: writes the capture that the dissect benchmark reads (see README.md).
//
//   bench_make_capture OUTPUT.pcap [FRAMES] [SEED]      (defaults: 1000000 frames, seed 1)
//
// A realistic mix of Ethernet traffic on a small camera network, the same bytes for the same seed
// on every machine (the random numbers come from splitmix64, not from <random>'s distributions,
// whose results differ between standard libraries). About, per 1000 frames:
//   ~880  IPv4 and IPv6 traffic of 96 conversations between 8 hosts: TCP, whose sequence numbers
//         advance as on a real link, and UDP, some of it to IPv4 multicast groups. Lengths 54..1514
//         (1518, 1522 with tags): half small, a fifth full-size, the rest in between.
//     60  ARP, 42 bytes (as the sender's own stack captures it) or 60 (padded, as on the wire);
//         requests go to the broadcast address
//     15  ICMPv6 neighbour solicitations, to 33:33:ff:.. multicast addresses
//      5  UDP broadcasts (255.255.255.255)
//     15  LLDP, spanning tree BPDUs (802.3 length field + LLC) and an unnamed EtherType (0x88b5)
//      5  malformed: the first 1 to 13 bytes of a frame, too few for an Ethernet header
// About one frame in five (ARP and neighbour solicitations included) carries an 802.1Q tag or an
// 802.1ad service tag outside an 802.1Q tag, as its conversation's VLAN says.
// Every Ethernet header is valid, and so are the IPv4, IPv6, TCP, UDP, ARP, ICMPv6, LLDP and BPDU
// headers behind it, checksums included, so tcpdump (and camnet, as the labs add layers) decode
// them as they would real traffic. Payload bytes are random. Timestamps increase by 1 to 120
// microseconds, with an occasional longer gap.
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "camnet/host/capture.hpp"

namespace {

// splitmix64: tiny, fast and fully specified.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // A number in [0, n). The modulo bias is irrelevant here.
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
  // A number in [low, high].
  std::uint32_t between(std::uint32_t low, std::uint32_t high) {
    return low + below(high - low + 1);
  }

 private:
  std::uint64_t state_;
};

using Mac = std::array<std::uint8_t, 6>;

// The Internet checksum of a sum from Frame::sum: folded to 16 bits, then complemented.
std::uint16_t fold(std::uint64_t total) {
  while ((total >> 16) != 0)
    total = (total & 0xffff) + (total >> 16);
  return static_cast<std::uint16_t>(~total & 0xffff);
}

// Builds one frame, field by field, in network byte order.
class Frame {
 public:
  std::size_t size() const { return size_; }
  const std::uint8_t* data() const { return bytes_.data(); }
  void u8(std::uint32_t v) { bytes_[size_++] = static_cast<std::uint8_t>(v); }
  void u16(std::uint32_t v) {
    u8(v >> 8);
    u8(v);
  }
  void u32(std::uint32_t v) {
    u16(v >> 16);
    u16(v);
  }
  void mac(const Mac& m) {
    for (std::uint8_t b : m)
      u8(b);
  }
  void zeros(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      u8(0);
  }
  // Random bytes up to `length` (the frame's final size).
  void fill_random(Random& rng, std::size_t length) {
    while (size_ + 8 <= length) {
      std::uint64_t v = rng.next();
      for (int i = 0; i < 8; ++i)
        u8(static_cast<std::uint32_t>(v >> (8 * i)));
    }
    while (size_ < length)
      u8(rng.below(256));
  }
  // Zero padding up to Ethernet's 60-byte minimum (without FCS).
  void pad() {
    if (size_ < 60)
      zeros(60 - size_);
  }
  void truncate(std::size_t n) { size_ = n; }
  void set_u16(std::size_t at, std::uint32_t v) {
    bytes_[at] = static_cast<std::uint8_t>(v >> 8);
    bytes_[at + 1] = static_cast<std::uint8_t>(v);
  }
  std::uint8_t at(std::size_t i) const { return bytes_[i]; }
  // The sum of the big-endian 16-bit words of bytes [at, at + n), an odd last byte padded with
  // zero: the start of the Internet checksum (RFC 1071).
  std::uint64_t sum(std::size_t at, std::size_t n) const {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i + 1 < n; i += 2)
      total += static_cast<std::uint32_t>(bytes_[at + i] << 8 | bytes_[at + i + 1]);
    if (n % 2 == 1)
      total += static_cast<std::uint32_t>(bytes_[at + n - 1] << 8);
    return total;
  }

 private:
  std::array<std::uint8_t, 1600> bytes_{};
  std::size_t size_ = 0;
};

// The hosts on the network: cameras with locally administered addresses (02:..), PCs and a switch
// with vendor ones.
struct Host {
  Mac mac;
  std::uint32_t ipv4;
  std::uint16_t ipv6_tail;  // 2001:db8::<tail>
};

constexpr std::array<Host, 8> hosts{{
    {{0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01}, 0xc0a80a02, 0x0002},  // camera 1
    {{0x02, 0x00, 0x00, 0xc4, 0x3e, 0x02}, 0xc0a80a03, 0x0003},  // camera 2
    {{0x02, 0x00, 0x00, 0x7a, 0x10, 0x05}, 0xc0a80a04, 0x0004},  // camera 3
    {{0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10}, 0xc0a80a01, 0x0001},  // pc (Intel)
    {{0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x11}, 0xc0a80a0a, 0x000a},  // pc 2
    {{0x3c, 0xec, 0xef, 0x01, 0x22, 0x33}, 0xc0a80a14, 0x0014},  // server
    {{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}, 0xc0a80afe, 0x00fe},  // router (a VM)
    {{0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x12}, 0xc0a80a0b, 0x000b},  // pc 3
}};
constexpr Mac broadcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

struct Counts {
  std::uint64_t ipv4 = 0, arp = 0, ipv6 = 0, vlan = 0, qinq = 0, other = 0, group = 0,
                malformed = 0, bytes = 0;
};

// Where a frame goes: an untagged link, one 802.1Q VLAN, or a service VLAN (802.1ad) carrying one.
struct Tagging {
  int tags = 0;                // 0, 1 (802.1Q) or 2 (802.1ad outside 802.1Q)
  std::uint16_t service = 0;   // the 802.1ad tag's TCI
  std::uint16_t customer = 0;  // the 802.1Q tag's TCI
};

// A conversation between two hosts, so that TCP sequence numbers advance as on a real link.
// (tcpdump keeps state per TCP connection to print relative sequence numbers; a new random
// connection in every frame would make it far slower than it is on real traffic.)
struct Flow {
  std::size_t a = 0, b = 0;  // host indexes, a != b
  bool ipv6 = false, udp = false, multicast = false;
  std::uint32_t group = 0;  // multicast: the 239.192.0.x group a sends to
  Tagging tagging;
  std::uint16_t port_a = 0, port_b = 0;
  std::uint32_t seq_a = 0, seq_b = 0;  // the next TCP sequence number each way
  std::uint16_t window = 0;
};

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : r_(seed) {
    for (Flow& flow : flows_) {
      flow.a = r_.below(hosts.size());
      flow.b = (flow.a + 1 + r_.below(hosts.size() - 1)) % hosts.size();
      flow.ipv6 = r_.below(100) < 15;
      flow.udp = r_.below(100) < 30;
      flow.multicast = flow.udp && !flow.ipv6 && r_.below(100) < 10;  // video to a group
      flow.group = 0xefc00000 | r_.between(1, 20);                    // 239.192.0.x
      flow.tagging = pick_tagging();
      flow.port_a = static_cast<std::uint16_t>(r_.between(49152, 65535));
      flow.port_b = static_cast<std::uint16_t>(50000 + r_.below(8));
      flow.seq_a = static_cast<std::uint32_t>(r_.next());
      flow.seq_b = static_cast<std::uint32_t>(r_.next());
      flow.window = static_cast<std::uint16_t>(r_.between(500, 65535));
    }
  }

  // Per 1000 frames; what is left after these (about 88%) is IPv4 and IPv6 traffic of the flows.
  static constexpr std::uint32_t per_mille_malformed = 5;
  static constexpr std::uint32_t per_mille_arp = 60;
  static constexpr std::uint32_t per_mille_solicit = 15;   // IPv6 neighbour solicitations
  static constexpr std::uint32_t per_mille_broadcast = 5;  // UDP to 255.255.255.255
  static constexpr std::uint32_t per_mille_other = 15;     // LLDP, STP, unnamed EtherType

  void make(Frame& f) {
    std::uint32_t p = r_.below(1000);
    if (p < per_mille_malformed) {
      // The start of a real frame, cut before the EtherType: 1 to 13 bytes captured.
      Counts kept = counts_;
      flow_frame(f, flows_[r_.below(flows_.size())]);
      counts_ = kept;
      f.truncate(r_.between(1, 13));
      ++counts_.malformed;
      return;
    }
    p -= per_mille_malformed;
    if (p < per_mille_arp)
      return arp_frame(f);
    p -= per_mille_arp;
    if (p < per_mille_solicit)
      return solicit_frame(f);
    p -= per_mille_solicit;
    if (p < per_mille_broadcast)
      return broadcast_frame(f);
    p -= per_mille_broadcast;
    if (p < per_mille_other)
      return other_frame(f);
    flow_frame(f, flows_[r_.below(flows_.size())]);
  }

  Random& random() { return r_; }
  Counts& counts() { return counts_; }

 private:
  Tagging pick_tagging() {
    static constexpr std::array<std::uint16_t, 4> vlans{10, 20, 30, 4000};
    Tagging t;
    std::uint32_t p = r_.below(100);
    t.tags = p < 79 ? 0 : p < 94 ? 1 : 2;
    std::uint32_t priority = r_.below(4) == 0 ? 5 : 0;  // video at priority 5
    std::uint32_t dei = r_.below(50) == 0 ? 1 : 0;
    t.customer =
        static_cast<std::uint16_t>(priority << 13 | dei << 12 | vlans[r_.below(vlans.size())]);
    t.service = static_cast<std::uint16_t>(r_.between(100, 107));
    return t;
  }

  // Two different hosts.
  std::pair<const Host&, const Host&> two_hosts() {
    std::size_t a = r_.below(hosts.size());
    std::size_t b = (a + 1 + r_.below(hosts.size() - 1)) % hosts.size();
    return {hosts[a], hosts[b]};
  }

  void ethernet(Frame& f, const Mac& dst, const Mac& src, const Tagging& t, std::uint16_t type) {
    f.mac(dst);
    f.mac(src);
    if (t.tags == 2) {
      f.u16(0x88a8);
      f.u16(t.service);
      ++counts_.qinq;
    }
    if (t.tags >= 1) {
      f.u16(0x8100);
      f.u16(t.customer);
      if (t.tags == 1)
        ++counts_.vlan;
    }
    f.u16(type);
    if (dst[0] & 1)
      ++counts_.group;
  }

  // A frame length between the minimum and the maximum, shaped like real traffic: half are small
  // (acknowledgements, requests), a fifth are full (video, bulk), the rest anywhere in between.
  std::size_t pick_length(std::size_t header, std::size_t minimum) {
    std::size_t max = 1514 + (header - 14);  // tags add to the maximum
    std::uint32_t p = r_.below(100);
    std::size_t length = p < 50 ? r_.between(60, 100) : p < 70 ? max : r_.between(101, 1513);
    return length < minimum ? minimum : length;
  }

  void ipv6_address(Frame& f, std::uint16_t tail) {
    f.u32(0x20010db8);  // 2001:db8::<tail>
    f.zeros(10);
    f.u16(tail);
  }

  void flow_frame(Frame& f, Flow& flow) {
    bool forward = flow.multicast || r_.below(2) == 0;
    const Host& src = hosts[forward ? flow.a : flow.b];
    const Host& dst = hosts[forward ? flow.b : flow.a];
    Mac dst_mac = dst.mac;
    std::uint32_t dst_ip = dst.ipv4;
    if (flow.multicast) {
      dst_ip = flow.group;
      dst_mac = {0x01, 0x00, 0x5e, 0x40, 0x00, static_cast<std::uint8_t>(dst_ip)};
    }
    ethernet(f, dst_mac, src.mac, flow.tagging, flow.ipv6 ? 0x86dd : 0x0800);
    std::size_t l3 = f.size();
    std::size_t ip_header = flow.ipv6 ? 40 : 20;
    std::size_t transport = flow.udp ? 8 : 20;
    std::size_t length = pick_length(l3, l3 + ip_header + transport);
    // Half the small TCP frames are bare acknowledgements; over IPv4 they are padded to 60 bytes,
    // so the IP datagram is shorter than the frame, as on a real wire.
    if (!flow.udp && length < 100 && r_.below(2) == 0)
      length = l3 + ip_header + transport;
    std::size_t ip_length = length - l3;
    if (length < 60)
      length = 60;
    if (flow.ipv6) {
      f.u32(0x60000000 | flow.port_a);  // version 6, a flow label
      f.u16(static_cast<std::uint32_t>(ip_length - 40));
      f.u8(flow.udp ? 17 : 6);
      f.u8(64);
      ipv6_address(f, src.ipv6_tail);
      ipv6_address(f, dst.ipv6_tail);
      ++counts_.ipv6;
    } else {
      f.u8(0x45);
      f.u8(0);
      f.u16(static_cast<std::uint32_t>(ip_length));
      f.u16(r_.below(65536));  // identification
      f.u16(0x4000);           // don't fragment
      f.u8(flow.multicast ? 16 : 64);
      f.u8(flow.udp ? 17 : 6);
      f.u16(0);  // header checksum, filled in by checksums()
      f.u32(src.ipv4);
      f.u32(dst_ip);
      ++counts_.ipv4;
    }
    std::uint32_t payload = static_cast<std::uint32_t>(ip_length - ip_header - transport);
    f.u16(forward ? flow.port_a : flow.port_b);
    f.u16(forward ? flow.port_b : flow.port_a);
    if (flow.udp) {
      f.u16(payload + 8);
      f.u16(0);  // checksum
    } else {
      std::uint32_t& seq = forward ? flow.seq_a : flow.seq_b;
      f.u32(seq);
      f.u32(forward ? flow.seq_b : flow.seq_a);  // acknowledges all the other side sent
      seq += payload;
      f.u8(0x50);                       // data offset: 20 bytes, no options
      f.u8(payload > 0 ? 0x18 : 0x10);  // PSH+ACK with data, else ACK
      f.u16(flow.window);
      f.u16(0);  // checksum
      f.u16(0);  // urgent pointer
    }
    f.fill_random(r_, l3 + ip_length);
    checksums(f, l3, ip_length);
    f.pad();
  }

  // Fills in the IPv4 header checksum and the TCP, UDP or ICMPv6 checksum of the IP datagram of
  // `ip_length` bytes at `l3`, whose checksum fields hold zeros.
  static void checksums(Frame& f, std::size_t l3, std::size_t ip_length) {
    bool ipv6 = f.at(l3) >> 4 == 6;
    std::size_t header = ipv6 ? 40 : 20;
    std::uint8_t protocol = f.at(l3 + (ipv6 ? 6 : 9));
    if (!ipv6)
      f.set_u16(l3 + 10, fold(f.sum(l3, header)));
    std::size_t l4 = l3 + header;
    std::size_t l4_length = ip_length - header;
    // The pseudo-header: the addresses, the protocol and the length of what follows the header.
    std::uint64_t pseudo = (ipv6 ? f.sum(l3 + 8, 32) : f.sum(l3 + 12, 8)) + protocol + l4_length;
    std::size_t field = protocol == 17 ? 6 : protocol == 6 ? 16 : 2;  // UDP, TCP, ICMPv6
    std::uint16_t checksum = fold(pseudo + f.sum(l4, l4_length));
    if (protocol == 17 && checksum == 0)
      checksum = 0xffff;  // a UDP checksum of 0 would mean "none"
    f.set_u16(l4 + field, checksum);
  }

  void arp_frame(Frame& f) {
    auto [sender, target] = two_hosts();
    bool request = r_.below(2) == 0;
    ethernet(f, request ? broadcast : target.mac, sender.mac, pick_tagging(), 0x0806);
    f.u16(1);       // hardware: Ethernet
    f.u16(0x0800);  // protocol: IPv4
    f.u8(6);
    f.u8(4);
    f.u16(request ? 1 : 2);
    f.mac(sender.mac);
    f.u32(sender.ipv4);
    if (request) {
      f.zeros(6);
    } else {
      f.mac(target.mac);
    }
    f.u32(target.ipv4);
    if (r_.below(2) == 0)
      f.pad();  // 60 bytes as on the wire, else 42 as the sender captured it
    ++counts_.arp;
  }

  // ICMPv6 neighbour solicitation, to the target's solicited-node multicast group.
  void solicit_frame(Frame& f) {
    auto [src, dst] = two_hosts();
    Mac group{0x33, 0x33, 0xff, 0x00, 0x00, static_cast<std::uint8_t>(dst.ipv6_tail)};
    ethernet(f, group, src.mac, pick_tagging(), 0x86dd);
    std::size_t l3 = f.size();
    f.u32(0x60000000);
    f.u16(32);  // payload length: ICMPv6 header 4 + reserved 4 + target 16 + option 8
    f.u8(58);   // ICMPv6
    f.u8(255);  // hop limit
    ipv6_address(f, src.ipv6_tail);
    f.u32(0xff020000);  // ff02::1:ff00:<tail>
    f.zeros(4);
    f.u32(0x00000001);
    f.u32(0xff000000 | dst.ipv6_tail);
    f.u8(135);  // neighbour solicitation
    f.u8(0);
    f.u16(0);  // checksum
    f.zeros(4);
    ipv6_address(f, dst.ipv6_tail);
    f.u8(1);  // option: source link-layer address
    f.u8(1);
    f.mac(src.mac);
    checksums(f, l3, 72);
    ++counts_.ipv6;
  }

  // A small UDP datagram to everyone (255.255.255.255), as discovery protocols send.
  void broadcast_frame(Frame& f) {
    const Host& src = hosts[r_.below(hosts.size())];
    ethernet(f, broadcast, src.mac, Tagging{}, 0x0800);
    std::size_t length = r_.between(60, 342);
    f.u8(0x45);
    f.u8(0);
    f.u16(static_cast<std::uint32_t>(length - 14));
    f.u16(r_.below(65536));
    f.u16(0);
    f.u8(64);
    f.u8(17);
    f.u16(0);  // header checksum
    f.u32(src.ipv4);
    f.u32(0xffffffff);
    f.u16(50100);
    f.u16(50100);
    f.u16(static_cast<std::uint32_t>(length - 34));
    f.u16(0);  // checksum
    f.fill_random(r_, length);
    checksums(f, 14, length - 14);
    ++counts_.ipv4;
  }

  // LLDP from the switch, a spanning tree BPDU (802.3 length field + LLC), or an unnamed EtherType.
  void other_frame(Frame& f) {
    static constexpr Mac switch_mac{0x00, 0x1b, 0x21, 0x00, 0x00, 0x99};
    std::uint32_t kind = r_.below(3);
    if (kind == 0) {
      ethernet(f, {0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e}, switch_mac, Tagging{}, 0x88cc);
      f.u16(1 << 9 | 7);  // chassis id: MAC address
      f.u8(4);
      f.mac(switch_mac);
      f.u16(2 << 9 | 7);  // port id: MAC address
      f.u8(3);
      f.mac(switch_mac);
      f.u16(3 << 9 | 2);  // time to live
      f.u16(120);
      f.u16(0);  // end of LLDPDU
      f.pad();
    } else if (kind == 1) {
      ethernet(f, {0x01, 0x80, 0xc2, 0x00, 0x00, 0x00}, switch_mac, Tagging{}, 38);  // 802.3 length
      f.u8(0x42);  // LLC: DSAP, SSAP = spanning tree, UI
      f.u8(0x42);
      f.u8(0x03);
      f.u16(0);  // protocol id
      f.u8(0);   // version: STP
      f.u8(0);   // configuration BPDU
      f.u8(0);   // flags
      f.u16(0x8000);
      f.mac(switch_mac);  // root id
      f.u32(0);           // root path cost
      f.u16(0x8000);
      f.mac(switch_mac);  // bridge id
      f.u16(0x8001);      // port id
      f.u16(0);           // message age
      f.u16(20 << 8);     // max age
      f.u16(2 << 8);      // hello time
      f.u16(15 << 8);     // forward delay
      f.pad();
    } else {
      auto [src, dst] = two_hosts();
      ethernet(f, dst.mac, src.mac, Tagging{}, 0x88b5);  // local experimental EtherType
      f.fill_random(r_, r_.between(60, 200));
    }
    ++counts_.other;
  }

  Random r_;
  Counts counts_;
  std::array<Flow, 96> flows_{};
};

bool parse_number(std::string_view text, std::uint64_t& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

}  // namespace

int main(int argc, char* argv[]) {
  std::uint64_t frames = 1'000'000;
  std::uint64_t seed = 1;
  if (argc < 2 || argc > 4 || (argc >= 3 && !parse_number(argv[2], frames)) ||
      (argc == 4 && !parse_number(argv[3], seed)) || frames == 0) {
    std::fprintf(
        stderr,
        "usage: bench_make_capture OUTPUT.pcap [FRAMES (default 1000000)] [SEED (default 1)]\n");
    return 2;
  }
  try {
    camnet::host::CaptureWriter writer(argv[1]);
    Generator generator(seed);
    Random& rng = generator.random();
    // 2025-03-01 10:00:00 UTC, then 1 to 120 microseconds between frames, and now and then a pause.
    std::int64_t micros = 1'740'823'200'000'000;
    for (std::uint64_t i = 0; i < frames; ++i) {
      Frame frame;
      generator.make(frame);
      micros += rng.below(500) == 0 ? rng.between(1000, 50000) : rng.between(1, 120);
      writer.write(std::chrono::microseconds(micros), camnet::Bytes{frame.data(), frame.size()});
      generator.counts().bytes += frame.size();
    }
    writer.flush();
    const Counts& c = generator.counts();
    auto n = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
    std::printf(
        "%llu frames (seed %llu), %.1f MB of frames: %llu IPv4, %llu IPv6, %llu ARP, "
        "%llu LLDP/STP/other, %llu malformed (under 14 bytes); %llu with an 802.1Q tag, "
        "%llu with 802.1ad+802.1Q tags, %llu to a broadcast or multicast address\n",
        n(frames), n(seed), static_cast<double>(c.bytes) / 1e6, n(c.ipv4), n(c.ipv6), n(c.arp),
        n(c.other), n(c.malformed), n(c.vlan), n(c.qinq), n(c.group));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_make_capture: %s\n", e.what());
    return 1;
  }
  return 0;
}
