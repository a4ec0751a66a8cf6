#include "route_replay.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "camnet/link.hpp"

namespace camnet::replay {

// A link that keeps every frame sent on it, and never has anything to receive (the replay hands
// frames to the router itself, so that it knows which interface each arrived on).
class CollectingLink final : public Link {
 public:
  SendStatus send(Bytes frame) override {
    sent_.emplace_back(frame.begin(), frame.end());
    return SendStatus::sent;
  }
  std::optional<PacketBuffer> receive() override { return std::nullopt; }
  bool is_up() const override { return true; }
  std::vector<std::vector<std::uint8_t>> take() { return std::exchange(sent_, {}); }

 private:
  std::vector<std::vector<std::uint8_t>> sent_;
};

ConfiguredRouter::ConfiguredRouter(const RouterConfig& config) : config_(config) {
  router_ = std::make_unique<Router>();
  for (const InterfaceConfig& i : config_.interfaces) {
    links_.push_back(std::make_unique<CollectingLink>());
    ports_.push_back(std::make_unique<Port>(*links_.back()));
    Result<std::size_t, RouterError> index = router_->add_interface(
        *ports_.back(), i.mac, Ipv4Prefix(i.address, i.prefix_length), i.mtu);
    if (!index) {
      throw ConfigError(fmt::format("{}:{}: the router refused interface '{}': {}", config_.file,
                                    i.line, i.name, to_string(index.error())));
    }
    if (*index != links_.size() - 1) {
      throw ConfigError(fmt::format("{}:{}: the router gave interface '{}' index {}, not {}",
                                    config_.file, i.line, i.name, *index, links_.size() - 1));
    }
  }
  for (const RouteConfig& r : config_.routes) {
    Route route{Ipv4Prefix(r.network, r.prefix_length), r.via.value_or(Ipv4Address{}), r.interface,
                r.metric};
    Result<Route, RouteError> added = router_->add_route(route);
    if (!added) {
      throw ConfigError(fmt::format("{}:{}: the router refused the route to {}: {}", config_.file,
                                    r.line, prefix_text(r.network, r.prefix_length),
                                    to_string(added.error())));
    }
  }
  if (config_.nat) {
    const InterfaceConfig& outside = config_.interfaces[config_.nat->interface];
    nat_ = std::make_unique<Nat>(outside.address);
    for (const ForwardConfig& f : config_.nat->forwards) {
      if (!nat_->add_port_forward(f.protocol, f.public_port, f.inside_address, f.inside_port)) {
        throw ConfigError(
            fmt::format("{}:{}: the NAT refused the port forward", config_.file, f.line));
      }
    }
    router_->attach_nat(*nat_, config_.nat->interface);
  }
}

ConfiguredRouter::~ConfiguredRouter() = default;

std::vector<std::vector<std::uint8_t>> ConfiguredRouter::take_sent(std::size_t interface) {
  return links_.at(interface)->take();
}

std::vector<Ipv4Address> ConfiguredRouter::addresses() const {
  std::vector<Ipv4Address> out;
  for (const InterfaceConfig& i : config_.interfaces)
    out.push_back(i.address);
  return out;
}

std::vector<InputFrame> read_inputs(
    const std::vector<std::pair<std::size_t, std::string>>& inputs) {
  std::vector<InputFrame> frames;
  for (const auto& [interface, path] : inputs) {
    host::CaptureReader reader(path);
    while (std::optional<host::CaptureRecord> r = reader.next()) {
      if (r->truncated()) {
        throw host::CaptureError(
            fmt::format("{}: record {}: cut short by the capture (snap length): {} of {} bytes",
                        path, r->number, r->bytes.size(), r->wire_length));
      }
      frames.push_back({interface, path, r->number, r->time, r->wire_length,
                        std::vector<std::uint8_t>(r->bytes.begin(), r->bytes.end())});
    }
  }
  std::stable_sort(frames.begin(), frames.end(),
                   [](const InputFrame& a, const InputFrame& b) { return a.time < b.time; });
  return frames;
}

ReplayResult replay(ConfiguredRouter& setup, const std::vector<InputFrame>& input,
                    const std::function<void(const ReplayStep&)>& on_step) {
  Router& router = setup.router();
  ReplayResult result;
  result.sent.resize(setup.interface_count());
  Duration clock{0};
  for (std::size_t k = 0; k < input.size(); ++k) {
    const InputFrame& frame = input[k];
    host::CaptureTime since_start = frame.time - input.front().time;
    Duration elapsed = std::chrono::duration_cast<Duration>(since_start) - clock;
    if (elapsed > Duration::zero()) {
      router.tick(elapsed);
      clock += elapsed;
    }
    RouterCounters before = router.counters();
    std::vector<InterfaceCounters> interfaces_before;
    for (std::size_t i = 0; i < setup.interface_count(); ++i)
      interfaces_before.push_back(router.interface(i).counters());
    std::optional<NatCounters> nat_before;
    if (setup.nat())
      nat_before = setup.nat()->counters();

    router.receive(frame.interface, Bytes{frame.bytes});
    router.route();

    ReplayStep step;
    step.input = &frame;
    step.index = k;
    step.since_start = since_start;
    for (std::size_t i = 0; i < setup.interface_count(); ++i) {
      for (std::string& s : describe_changes(interfaces_before[i], router.interface(i).counters()))
        step.actions.push_back(fmt::format("{}: {}", setup.name(i), s));
    }
    for (std::string& s : describe_changes(before, router.counters()))
      step.actions.push_back(std::move(s));
    if (nat_before) {
      for (std::string& s : describe_changes(*nat_before, setup.nat()->counters()))
        step.actions.push_back(std::move(s));
    }
    for (std::size_t i = 0; i < setup.interface_count(); ++i) {
      for (std::vector<std::uint8_t>& bytes : setup.take_sent(i)) {
        SentFrame sent{frame.time, k, std::move(bytes)};
        step.sent.emplace_back(i, sent);
        result.sent[i].push_back(std::move(sent));
      }
    }
    if (on_step)
      on_step(step);
  }
  result.counters = router.counters();
  return result;
}

namespace {

// One phrase per counter that went up ("name" or "name (N)" if by more than one).
struct Changes {
  std::vector<std::string> out;
  void add(std::uint64_t before, std::uint64_t after, const char* what) {
    if (after <= before)
      return;
    out.push_back(after - before == 1 ? std::string(what)
                                      : fmt::format("{} ({})", what, after - before));
  }
};

}  // namespace

std::vector<std::string> describe_changes(const RouterCounters& b, const RouterCounters& a) {
  Changes c;
  c.add(b.for_router, a.for_router, "addressed to the router itself");
  c.add(b.echo_replies_sent, a.echo_replies_sent, "answered with an echo reply");
  c.add(b.forwarded, a.forwarded, "forwarded (TTL - 1)");
  c.add(b.fragments_sent, a.fragments_sent, "fragments sent");
  c.add(b.dropped_no_route, a.dropped_no_route, "no route: dropped");
  c.add(b.dropped_ttl_exceeded, a.dropped_ttl_exceeded, "TTL would reach 0: dropped");
  c.add(b.dropped_fragmentation_needed, a.dropped_fragmentation_needed,
        "larger than the next link's MTU with DF set: dropped");
  c.add(b.dropped_port_unreachable, a.dropped_port_unreachable,
        "UDP for the router, which has no UDP service: dropped");
  c.add(b.dropped_protocol_unreachable, a.dropped_protocol_unreachable,
        "a protocol the router does not speak: dropped");
  c.add(b.icmp_errors_sent, a.icmp_errors_sent, "ICMP error sent");
  c.add(b.icmp_errors_suppressed, a.icmp_errors_suppressed,
        "no ICMP error allowed about it (RFC 1812 4.3.2.7)");
  c.add(b.icmp_errors_rate_limited, a.icmp_errors_rate_limited, "ICMP error rate-limited");
  c.add(b.dropped_martian_source, a.dropped_martian_source, "martian source: dropped");
  c.add(b.dropped_martian_destination, a.dropped_martian_destination,
        "martian destination: dropped");
  c.add(b.dropped_broadcast, a.dropped_broadcast, "broadcast or multicast: not forwarded");
  c.add(b.dropped_link_broadcast, a.dropped_link_broadcast,
        "unicast IP in a link-layer broadcast: not forwarded");
  c.add(b.dropped_local, a.dropped_local, "for the router, nothing to answer: dropped");
  c.add(b.dropped_unroutable_reply, a.dropped_unroutable_reply,
        "no route back for the answer: dropped");
  return c.out;
}

std::vector<std::string> describe_changes(const InterfaceCounters& b, const InterfaceCounters& a) {
  Changes c;
  c.add(b.arp_replies_sent, a.arp_replies_sent, "ARP reply sent");
  c.add(b.arp_requests_sent, a.arp_requests_sent, "ARP request sent (resolving a next hop)");
  c.add(b.dropped_unresolved, a.dropped_unresolved, "the next hop never answered ARP: dropped");
  c.add(b.dropped_queue_full, a.dropped_queue_full, "no room to wait for ARP: dropped");
  c.add(b.dropped_inbox_full, a.dropped_inbox_full, "interface inbox full: dropped");
  c.add(b.ignored, a.ignored, "ignored by the interface (not for its MAC, or not ARP/IPv4)");
  c.add(b.malformed, a.malformed, "malformed: dropped by the interface");
  return c.out;
}

std::vector<std::string> describe_changes(const NatCounters& b, const NatCounters& a) {
  Changes c;
  c.add(b.mappings_created, a.mappings_created, "NAT: new flow");
  c.add(b.translated_out, a.translated_out, "NAT: source translated to the public address");
  c.add(b.translated_in, a.translated_in, "NAT: destination translated back to the inside host");
  c.add(b.dropped_malformed, a.dropped_malformed, "NAT: malformed, dropped");
  c.add(b.dropped_fragment, a.dropped_fragment, "NAT: a fragment, dropped");
  c.add(b.dropped_unsupported, a.dropped_unsupported, "NAT: protocol not translated, dropped");
  c.add(b.dropped_unsolicited, a.dropped_unsolicited, "NAT: matches no flow");
  c.add(b.dropped_table_full, a.dropped_table_full, "NAT: table full, dropped");
  c.add(b.mappings_expired, a.mappings_expired, "NAT: flow expired");
  return c.out;
}

}  // namespace camnet::replay
