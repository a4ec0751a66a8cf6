// camnet trace: the book's hop-by-hop figure (section 12.6) as a simulation you can run.
//
// A camera, two routers and a server, with the addresses of lab 3's captures, joined by wires
// that each take a fixed time to cross:
//
//   camera 10.0.0.42/24 -- R1 (10.0.0.1/24, 192.0.2.1/30) -- R2 (192.0.2.2/30, 198.51.100.1/24)
//     -- server 198.51.100.20/24
//
// The routers are lab 3's Router (the student's, on the student track); the camera and the server
// are lab 2's NetworkInterface with a default gateway and a few lines of host code here: the server
// answers an echo request with an echo reply and a UDP datagram with ICMP port unreachable (no
// program listens on a traceroute port), as a Linux host does; the camera runs traceroute.
//
// traceroute works as Linux's does by default: UDP probes of 60 bytes (20 IP + 8 UDP + 32 data)
// from one source port to port 33434, 33435, ..., with TTL 1, 2, 3, ... The router where a probe's
// TTL runs out answers with ICMP time exceeded, from the address of the interface the probe came in
// on (RFC 1812 4.3.2.4); the destination answers with port unreachable; each answer quotes the
// probe, whose destination port says which probe it was. One probe per hop, one a second (as ping
// sends them); a probe with no answer is given up after 5 s.
//
// Time is simulated: routers and hosts take no time, each wire its delay, and every part is told
// with tick() how much time passed, so ARP (which the first probes wait for) and every timer run as
// they would. Options: --to another destination, --loop (R2 has lost its server link and sends
// everything back to R1 by a default route: the routers point at each other), -m, and -w to record
// the camera's wire as a capture.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "address/checksum.hpp"
#include "address/ipv4_address.hpp"
#include "address/ipv4_header.hpp"
#include "address/network_interface.hpp"
#include "camnet/bytes.hpp"
#include "camnet/clock.hpp"
#include "camnet/host/capture.hpp"
#include "camnet/host/capture_link.hpp"
#include "camnet/host/format.hpp"
#include "camnet/link.hpp"
#include "commands.hpp"
#include "frame/ethernet.hpp"
#include "frame/mac_address.hpp"
#include "frame/port.hpp"
#include "route/icmp.hpp"
#include "route/router.hpp"
#include "route/routing_table.hpp"

namespace camnet::cli {
namespace {

constexpr std::uint16_t probe_source_port = 40002;  // as in the traceroute capture
constexpr std::uint16_t first_probe_port = 33434;   // traceroute's default base port
constexpr std::size_t probe_data = 32;              // 60-byte probes, as Linux's
constexpr Duration probe_interval = std::chrono::seconds(1);
constexpr Duration probe_wait = std::chrono::seconds(5);

Ipv4Address address(const char* text) {
  return *Ipv4Address::parse(text);
}
Ipv4Prefix prefix(const char* text) {
  return *Ipv4Prefix::parse(text);
}

// ---------------------------------------------------------------------------------------------
// The wires: what one end sends arrives at the other end `delay` later (on the shared clock).

class DelayWire {
 public:
  DelayWire(const Timestamp& now, Duration delay) : now_(now), delay_(delay) {
    ends_[0].attach(this, 0);
    ends_[1].attach(this, 1);
  }
  DelayWire(const DelayWire&) = delete;
  DelayWire& operator=(const DelayWire&) = delete;

  Link& end(std::size_t i) { return ends_[i]; }
  Duration delay() const { return delay_; }
  // When the next frame arrives at either end, if one is on its way.
  std::optional<Timestamp> next_arrival() const {
    std::optional<Timestamp> next;
    for (const End& e : ends_) {
      if (!e.inbox.empty() && (!next || e.inbox.front().first < *next))
        next = e.inbox.front().first;
    }
    return next;
  }
  // Called with every frame put on the wire.
  std::function<void(Bytes)> tap;

 private:
  struct End final : Link {
    void attach(DelayWire* on, std::size_t side) {
      wire = on;
      index = side;
    }
    SendStatus send(Bytes frame) override {
      if (wire->tap)
        wire->tap(frame);
      wire->ends_[1 - index].inbox.emplace_back(wire->now_ + wire->delay_, PacketBuffer{frame});
      return SendStatus::sent;
    }
    std::optional<PacketBuffer> receive() override {
      if (inbox.empty() || inbox.front().first > wire->now_)
        return std::nullopt;
      PacketBuffer frame = inbox.front().second;
      inbox.pop_front();
      return frame;
    }
    bool is_up() const override { return true; }

    DelayWire* wire = nullptr;
    std::size_t index = 0;
    std::deque<std::pair<Timestamp, PacketBuffer>> inbox;
  };

  const Timestamp& now_;
  Duration delay_;
  std::array<End, 2> ends_;
};

// ---------------------------------------------------------------------------------------------
// Building datagrams (the layouts of RFC 768 and RFC 792).

std::vector<std::uint8_t> datagram(const Ipv4Header& header,
                                   const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> bytes(header.header_length() + payload.size());
  if (!header.emit(bytes, payload.size()))
    throw std::runtime_error("trace: could not write an IPv4 header");
  std::copy(payload.begin(), payload.end(),
            bytes.begin() + static_cast<long>(header.header_length()));
  return bytes;
}

// A UDP datagram's header and data, with the checksum over the pseudo-header (RFC 768).
std::vector<std::uint8_t> udp_segment(Ipv4Address source, Ipv4Address destination,
                                      std::uint16_t source_port, std::uint16_t destination_port,
                                      const std::vector<std::uint8_t>& data) {
  const auto length = static_cast<std::uint16_t>(8 + data.size());
  std::vector<std::uint8_t> udp(length);
  store_u16(&udp[0], source_port);
  store_u16(&udp[2], destination_port);
  store_u16(&udp[4], length);
  std::copy(data.begin(), data.end(), udp.begin() + 8);
  std::vector<std::uint8_t> summed(12);
  store_u16(&summed[0], static_cast<std::uint16_t>(source.value() >> 16));
  store_u16(&summed[2], static_cast<std::uint16_t>(source.value()));
  store_u16(&summed[4], static_cast<std::uint16_t>(destination.value() >> 16));
  store_u16(&summed[6], static_cast<std::uint16_t>(destination.value()));
  summed[9] = ip_protocol::udp;
  store_u16(&summed[10], length);
  summed.insert(summed.end(), udp.begin(), udp.end());
  std::uint16_t checksum = internet_checksum(summed);
  store_u16(&udp[6], checksum == 0 ? 0xffff : checksum);
  return udp;
}

std::vector<std::uint8_t> icmp_message(const IcmpHeader& header, Bytes data) {
  std::vector<std::uint8_t> bytes(icmp::header_size + data.size());
  if (!header.emit(bytes, data))
    throw std::runtime_error("trace: could not write an ICMP message");
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// A host: a lab 2 interface with a default gateway. It answers echo requests and UDP (with port
// unreachable, quoting as much of the datagram as fits in 576 bytes, as Linux does); every ICMP
// message it receives otherwise is kept for the program that runs on it.

struct Received {
  Timestamp at;
  std::vector<std::uint8_t> datagram;
};

class Host {
 public:
  Host(std::string name, Link& link, MacAddress mac, Ipv4Prefix address, Ipv4Address gateway,
       const Timestamp& now)
      : name_(std::move(name)),
        port_(link),
        interface_(port_, mac, address),
        gateway_(gateway),
        now_(now) {}

  const std::string& name() const { return name_; }
  Ipv4Address address() const { return interface_.address().address(); }
  NetworkInterface& interface() { return interface_; }

  void send(const std::vector<std::uint8_t>& datagram) {
    Ipv4Address to(load_u32(datagram.data() + 16));
    std::optional<Ipv4Address> hop = next_hop(interface_.address(), gateway_, to);
    if (hop)
      interface_.send_datagram(datagram, *hop);
  }

  void poll() {
    interface_.poll();
    while (std::optional<PacketBuffer> d = interface_.pop_datagram()) {
      Result<Ipv4View, Ipv4Error> ip = Ipv4View::check(d->bytes());
      if (!ip || ip->destination() != address())
        continue;
      if (ip->protocol() == ip_protocol::icmp) {
        Result<IcmpView, IcmpError> icmp = IcmpView::check(ip->payload());
        if (!icmp)
          continue;
        if (icmp->type() == icmp::echo_request) {
          reply(*ip, IcmpHeader::echo_reply(icmp->identifier(), icmp->sequence()), icmp->data());
        } else {
          received_.push_back(
              {now_, std::vector<std::uint8_t>(d->bytes().begin(), d->bytes().end())});
        }
      } else if (ip->protocol() == ip_protocol::udp) {
        Bytes original = ip->datagram();
        Bytes quoted = original.first(std::min<std::size_t>(original.size(), 576 - 20 - 8));
        reply(*ip, IcmpHeader::destination_unreachable(icmp::unreachable::port), quoted);
      }
    }
  }

  void tick(Duration elapsed) { interface_.tick(elapsed); }
  std::vector<Received> take() { return std::exchange(received_, {}); }

 private:
  void reply(const Ipv4View& to, const IcmpHeader& message, Bytes data) {
    Ipv4Header header;
    header.identification = next_id_++;
    header.ttl = 64;
    header.protocol = ip_protocol::icmp;
    header.source = address();
    header.destination = to.source();
    send(datagram(header, icmp_message(message, data)));
  }

  std::string name_;
  Port port_;
  NetworkInterface interface_;
  Ipv4Address gateway_;
  const Timestamp& now_;
  std::uint16_t next_id_ = 1;
  std::vector<Received> received_;
};

// ---------------------------------------------------------------------------------------------
// The network of the book's figure.

struct NamedRouter {
  std::string name;
  std::unique_ptr<Router> router = std::make_unique<Router>();
};

class Network {
 public:
  explicit Network(bool loop) : loop_(loop) {
    camera_r1_ = std::make_unique<DelayWire>(now_, std::chrono::milliseconds(1));
    r1_r2_ = std::make_unique<DelayWire>(now_, std::chrono::milliseconds(5));
    r2_server_ = std::make_unique<DelayWire>(now_, std::chrono::milliseconds(2));
  }

  // Builds everything; `record` (if set) wraps the camera's end of its wire.
  void build(Link* camera_link) {
    Link& camera_end = camera_link != nullptr ? *camera_link : camera_r1_->end(0);
    camera_ = std::make_unique<Host>("camera", camera_end, MacAddress({2, 0, 0, 0, 0, 0x42}),
                                     prefix("10.0.0.42/24"), address("10.0.0.1"), now_);
    Router& r1 = add_router("R1");
    interface(r1, camera_r1_->end(1), MacAddress({2, 0, 0, 0, 1, 0}), "10.0.0.1/24");
    interface(r1, r1_r2_->end(0), MacAddress({2, 0, 0, 0, 1, 1}), "192.0.2.1/30");
    route(r1, "198.51.100.0/24", "192.0.2.2", 1);
    Router& r2 = add_router("R2");
    interface(r2, r1_r2_->end(1), MacAddress({2, 0, 0, 0, 2, 0}), "192.0.2.2/30");
    if (loop_) {
      route(r2, "0.0.0.0/0", "192.0.2.1", 0);
    } else {
      interface(r2, r2_server_->end(0), MacAddress({2, 0, 0, 0, 2, 1}), "198.51.100.1/24");
      route(r2, "10.0.0.0/24", "192.0.2.1", 0);
      server_ =
          std::make_unique<Host>("server", r2_server_->end(1), MacAddress({2, 0, 0, 0, 0, 0x20}),
                                 prefix("198.51.100.20/24"), address("198.51.100.1"), now_);
    }
  }

  void describe() const {
    fmt::print(
        "The simulated network (the book's figure for 12.6, with the addresses of lab 3's "
        "captures):\n");
    fmt::print("  camera  10.0.0.42/24, default gateway 10.0.0.1\n");
    fmt::print("     |    wire: {} ms each way\n", camera_r1_->delay().count());
    fmt::print(
        "  R1      10.0.0.1/24 and 192.0.2.1/30; route 198.51.100.0/24 via 192.0.2.2 "
        "(no default route)\n");
    fmt::print("     |    wire: {} ms each way\n", r1_r2_->delay().count());
    if (loop_) {
      fmt::print(
          "  R2      192.0.2.2/30 only (its link to the server is gone); "
          "default route 0.0.0.0/0 via 192.0.2.1, back to R1\n");
    } else {
      fmt::print("  R2      192.0.2.2/30 and 198.51.100.1/24; route 10.0.0.0/24 via 192.0.2.1\n");
      fmt::print("     |    wire: {} ms each way\n", r2_server_->delay().count());
      fmt::print("  server  198.51.100.20/24, default gateway 198.51.100.1\n");
    }
  }

  Host& camera() { return *camera_; }
  Link& camera_wire_end() { return camera_r1_->end(0); }
  DelayWire& r1_r2() { return *r1_r2_; }
  const std::vector<NamedRouter>& routers() const { return routers_; }
  Timestamp now() const { return now_; }
  const Timestamp& clock() const { return now_; }

  // Who has `a`, for the output: "R1", "server", or "".
  std::string owner(Ipv4Address a) const {
    for (const NamedRouter& r : routers_) {
      if (r.router->is_own_address(a))
        return r.name;
    }
    if (server_ && server_->address() == a)
      return "server";
    return "";
  }

  // Lets every router and host handle what has arrived by now, until nothing is left.
  void settle() {
    for (int pass = 0; pass < 10000; ++pass) {
      for (NamedRouter& r : routers_)
        r.router->route();
      camera_->poll();
      if (server_)
        server_->poll();
      if (!frame_due())
        return;
    }
    throw std::runtime_error("trace: the network never went quiet");
  }

  // Moves the clock to `t` (not before now), telling every part how much time passed.
  void advance_to(Timestamp t) {
    if (t <= now_)
      return;
    Duration elapsed = std::chrono::duration_cast<Duration>(t - now_);
    now_ = t;
    for (NamedRouter& r : routers_)
      r.router->tick(elapsed);
    camera_->tick(elapsed);
    if (server_)
      server_->tick(elapsed);
  }

  std::optional<Timestamp> next_arrival() const {
    std::optional<Timestamp> next;
    for (const DelayWire* w : {camera_r1_.get(), r1_r2_.get(), r2_server_.get()}) {
      std::optional<Timestamp> t = w->next_arrival();
      if (t && (!next || *t < *next))
        next = t;
    }
    return next;
  }

  // Runs the network until `done()` holds (checked whenever something arrived) or `deadline`.
  void run_until(Timestamp deadline, const std::function<bool()>& done) {
    settle();
    while (!done()) {
      std::optional<Timestamp> next = next_arrival();
      if (!next || *next > deadline) {
        advance_to(deadline);
        settle();
        return;
      }
      advance_to(*next);
      settle();
    }
  }

 private:
  Router& add_router(const char* name) {
    routers_.push_back(NamedRouter{name});
    return *routers_.back().router;
  }
  void interface(Router& r, Link& link, MacAddress mac, const char* address_text) {
    ports_.push_back(std::make_unique<Port>(link));
    if (!r.add_interface(*ports_.back(), mac, prefix(address_text)))
      throw std::runtime_error(fmt::format("trace: could not add interface {}", address_text));
  }
  void route(Router& r, const char* to, const char* via, std::size_t out) {
    if (!r.add_route(Route{prefix(to), address(via), out, 0}))
      throw std::runtime_error(fmt::format("trace: could not add the route to {}", to));
  }
  bool frame_due() const {
    std::optional<Timestamp> next = next_arrival();
    return next && *next <= now_;
  }

  bool loop_;
  Timestamp now_{0};
  std::unique_ptr<DelayWire> camera_r1_, r1_r2_, r2_server_;
  std::vector<std::unique_ptr<Port>> ports_;
  std::vector<NamedRouter> routers_;
  std::unique_ptr<Host> camera_, server_;
};

// ---------------------------------------------------------------------------------------------
// traceroute on the camera.

// "11/0 time exceeded in transit": the type and code, and what they mean (RFC 792 and RFC 1812's
// names).
std::string icmp_meaning(std::uint8_t type, std::uint8_t code) {
  const char* meaning = nullptr;
  if (type == icmp::time_exceeded && code == icmp::exceeded::ttl) {
    meaning = "time exceeded in transit";
  } else if (type == icmp::destination_unreachable) {
    switch (code) {
      case icmp::unreachable::net:
        meaning = "network unreachable";
        break;
      case icmp::unreachable::host:
        meaning = "host unreachable";
        break;
      case icmp::unreachable::protocol:
        meaning = "protocol unreachable";
        break;
      case icmp::unreachable::port:
        meaning = "port unreachable";
        break;
      case icmp::unreachable::fragmentation_needed:
        meaning = "fragmentation needed";
        break;
      default:
        meaning = "destination unreachable";
    }
  } else {
    meaning = icmp::type_name(type);
  }
  return fmt::format("{}/{} {}", type, code, meaning != nullptr ? meaning : "(unknown type)");
}

struct Answer {
  Timestamp at;
  Ipv4Address from;
  std::uint8_t type = 0;
  std::uint8_t code = 0;
};

// The answer to the probe sent to `port`, among the ICMP messages the camera received: an error
// whose quoted datagram is that probe (from the camera, UDP, to that destination port).
std::optional<Answer> match(const std::vector<Received>& received, Ipv4Address camera,
                            std::uint16_t port) {
  for (const Received& r : received) {
    Result<Ipv4View, Ipv4Error> ip = Ipv4View::check(r.datagram);
    if (!ip)
      continue;
    Result<IcmpView, IcmpError> icmp = IcmpView::check(ip->payload());
    if (!icmp || !icmp::is_error(icmp->type()))
      continue;
    Bytes quoted = icmp->data();
    if (quoted.size() < 20 + 8)
      continue;
    std::size_t ihl = (quoted[0] & 0x0fu) * 4u;
    if (quoted.size() < ihl + 8 || quoted[9] != ip_protocol::udp ||
        Ipv4Address(load_u32(quoted.data() + 12)) != camera ||
        load_u16(quoted.data() + ihl + 2) != port)
      continue;
    return Answer{r.at, ip->source(), icmp->type(), icmp->code()};
  }
  return std::nullopt;
}

struct TraceOptions {
  std::string to = "198.51.100.20";
  bool loop = false;
  int max_hops = 30;
  std::string write;
};

std::string with_owner(const Network& net, Ipv4Address a) {
  std::string name = net.owner(a);
  return name.empty() ? fmt::format("{}", a) : fmt::format("{} ({})", a, name);
}

// --loop: what the loop does to an ordinary datagram, sent with TTL 64 as a host sends it. Its
// frames on the R1-R2 wire are counted from the frames themselves (the wire's tap).
void send_into_loop(Network& net, Ipv4Address target) {
  constexpr std::uint16_t port = 9;  // the discard service: any port would do
  Host& camera = net.camera();
  int crossings = 0;
  int lowest_ttl = 256;
  net.r1_r2().tap = [&](Bytes frame) {
    if (frame.size() < 14 + 20 + 4 || load_u16(frame.data() + 12) != 0x0800)
      return;
    Bytes ip = frame.subspan(14);
    std::size_t ihl = (ip[0] & 0x0fu) * 4u;
    if (ip[9] != ip_protocol::udp || ip.size() < ihl + 4 ||
        Ipv4Address(load_u32(ip.data() + 12)) != camera.address() ||
        load_u16(ip.data() + ihl + 2) != port)
      return;
    ++crossings;
    lowest_ttl = std::min<int>(lowest_ttl, ip[8]);
  };
  Ipv4Header header;
  header.identification = 0x2000;
  header.ttl = 64;
  header.protocol = ip_protocol::udp;
  header.source = camera.address();
  header.destination = target;
  std::vector<std::uint8_t> text{'p', 'h', 'o', 't', 'o', ' ', '1'};
  const Timestamp sent = net.now();
  camera.send(
      datagram(header, udp_segment(header.source, target, probe_source_port + 1, port, text)));
  std::optional<Answer> answer;
  net.run_until(sent + probe_wait, [&] {
    if (!answer)
      answer = match(camera.take(), camera.address(), port);
    return answer.has_value();
  });
  net.r1_r2().tap = nullptr;
  fmt::print("\nAn ordinary UDP datagram for {}, sent with TTL 64 at {}:\n", target,
             Duration(sent));
  fmt::print("  it crossed the R1-R2 wire {} times, its TTL one lower each time (down to {}),\n",
             crossings, lowest_ttl);
  if (answer) {
    fmt::print(
        "  then {} received it with TTL 1 and dropped it. Its answer, {},\n"
        "  reached the camera {} ms after the datagram left.\n",
        with_owner(net, answer->from), icmp_meaning(answer->type, answer->code),
        std::chrono::duration_cast<Duration>(answer->at - sent).count());
  } else {
    fmt::print("  and no ICMP answer reached the camera within {} s.\n", probe_wait.count() / 1000);
  }
}

void run_trace(const TraceOptions& o) {
  std::optional<Ipv4Address> target = Ipv4Address::parse(o.to);
  if (!target)
    throw std::runtime_error(fmt::format("--to '{}' is not an IPv4 address (a.b.c.d)", o.to));
  if (o.max_hops < 1 || o.max_hops > 255)
    throw std::runtime_error(
        fmt::format("-m {} is not a number of hops from 1 to 255 (a TTL)", o.max_hops));

  Network net(o.loop);
  // With -w, the camera's end of its wire is recorded: every frame it sends and receives, stamped
  // with the simulated time.
  std::unique_ptr<host::CaptureWriter> writer;
  std::unique_ptr<host::RecordingLink> recording;
  if (!o.write.empty()) {
    writer = std::make_unique<host::CaptureWriter>(o.write);
    recording = std::make_unique<host::RecordingLink>(net.camera_wire_end(), *writer, [&net] {
      return std::chrono::duration_cast<host::CaptureTime>(net.now());
    });
  }
  net.build(recording.get());
  Host& camera = net.camera();
  net.describe();

  fmt::print(
      "\ntraceroute from the camera to {}: UDP probes of {} bytes from port {} to port "
      "{}, {}, ...\nwith TTL 1, 2, 3, ..., one a second; a probe with no answer is given up "
      "after {} s.\n\n",
      *target, 20 + 8 + probe_data, probe_source_port, first_probe_port, first_probe_port + 1,
      probe_wait.count() / 1000);
  fmt::print("hop  sent at  answer from             ICMP type/code                round trip\n");

  std::vector<std::uint8_t> data(probe_data);
  for (std::size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<std::uint8_t>(0x40 + i);  // Linux traceroute's "@ABC..."

  std::vector<Ipv4Address> path;
  std::optional<Answer> last;
  std::uint16_t id = 0x1000;
  bool stopped = false;
  for (int hop = 1; hop <= o.max_hops && !stopped; ++hop) {
    const auto port = static_cast<std::uint16_t>(first_probe_port + hop - 1);
    Ipv4Header header;
    header.identification = id++;
    header.ttl = static_cast<std::uint8_t>(hop);
    header.protocol = ip_protocol::udp;
    header.source = camera.address();
    header.destination = *target;
    const Timestamp sent = net.now();
    camera.send(
        datagram(header, udp_segment(header.source, *target, probe_source_port, port, data)));
    std::optional<Answer> answer;
    net.run_until(sent + probe_wait, [&] {
      std::vector<Received> got = camera.take();
      if (!answer)
        answer = match(got, camera.address(), port);
      return answer.has_value();
    });
    if (!answer) {
      fmt::print("{:>3}  {:>7}  *  (no answer within {} s)\n", hop,
                 fmt::format("{}", Duration(sent)), probe_wait.count() / 1000);
      net.advance_to(sent + probe_wait);
      continue;
    }
    Duration rtt = std::chrono::duration_cast<Duration>(answer->at - sent);
    fmt::print("{:>3}  {:>7}  {:<22}  {:<29} {:>4} ms\n", hop, fmt::format("{}", Duration(sent)),
               with_owner(net, answer->from), icmp_meaning(answer->type, answer->code),
               rtt.count());
    path.push_back(answer->from);
    last = answer;
    if (answer->type == icmp::destination_unreachable)
      stopped = true;  // the destination (port unreachable) or a router that cannot go on
    else
      net.advance_to(sent + probe_interval);
  }

  fmt::print("\n");
  if (last && last->type == icmp::destination_unreachable &&
      last->code == icmp::unreachable::port && last->from == *target) {
    std::string hops = fmt::format("{}", camera.address());
    for (Ipv4Address a : path)
      hops += fmt::format(" -> {}", a);
    fmt::print("Reached {} in {} hops: {}\n", *target, path.size(), hops);
  } else if (last && last->type == icmp::destination_unreachable) {
    fmt::print("Stopped at hop {}: {} cannot take it further ({}).\n", path.size(),
               with_owner(net, last->from), icmp_meaning(last->type, last->code));
  } else {
    fmt::print("Gave up after {} hops without reaching {}.\n", o.max_hops, *target);
    // A loop shows as addresses that answer again and again.
    for (std::size_t i = 0; i < path.size(); ++i) {
      for (std::size_t j = i + 1; j < path.size(); ++j) {
        if (path[i] == path[j]) {
          fmt::print("The path loops: hop {} and hop {} were both answered by {}.\n", i + 1, j + 1,
                     with_owner(net, path[i]));
          i = j = path.size();
        }
      }
    }
  }
  if (o.loop)
    send_into_loop(net, *target);
  for (const NamedRouter& r : net.routers()) {
    const RouterCounters& c = r.router->counters();
    fmt::print("{}: {} forwarded; {} ICMP errors sent; dropped: {} with no route, {} with TTL 1\n",
               r.name, c.forwarded, c.icmp_errors_sent, c.dropped_no_route, c.dropped_ttl_exceeded);
  }
  if (writer) {
    writer->flush();
    fmt::print("The camera's wire, both ways: {} frames written to {}\n", writer->records_written(),
               o.write);
  }
}

}  // namespace

void add_trace_command(CLI::App& app) {
  auto options = std::make_shared<TraceOptions>();
  CLI::App* t = app.add_subcommand(
      "trace",
      "traceroute in a simulated network (book section 12.6): a camera, two routers (lab 3's "
      "Router) and a server; UDP probes with TTL 1, 2, 3, ... and the ICMP answer to each.");
  t->add_option("--to", options->to, "the destination (default 198.51.100.20, the server)");
  t->add_flag("--loop", options->loop,
              "break the network: R2 loses the server and sends everything back to R1");
  t->add_option("-m,--max-hops", options->max_hops, "the largest TTL to try (default 30)");
  t->add_option("-w,--write", options->write,
                "record the camera's wire (both ways) as a capture that Wireshark opens");
  t->callback([options] { run_trace(*options); });
}

}  // namespace camnet::cli
