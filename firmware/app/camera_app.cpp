// The camera's network life, in the order the book tells it: bring the link up (12.4), take an
// address (12.5), find the gateway's MAC with ARP (12.7), answer whoever asks for us, and report.
// Each lab adds a step here when it lands: lab 3 answers pings (12.6), lab 4 takes its address by
// DHCP and opens sockets.
#include "camera_app.hpp"

#include <array>
#include <cstdio>

#include "address/ipv4_header.hpp"
#include "address/network_interface.hpp"
#include "board.hpp"
#include "frame/port.hpp"
#include "route/icmp.hpp"

namespace camnet {
namespace {

// One console line, "[  1.234] what happened", formatted without a heap or iostreams.
template <class... Args>
void say(const char* format, Args... args) {
  std::array<char, 160> line{};
  auto ms = board::now().count();
  // (newlib-nano's printf has no %lld: 32-bit values are enough for 49 days of milliseconds.)
  int used =
      std::snprintf(line.data(), line.size(), "[%4lu.%03lu] ",
                    static_cast<unsigned long>(ms / 1000), static_cast<unsigned long>(ms % 1000));
  if (used > 0 && static_cast<std::size_t>(used) < line.size()) {
    std::snprintf(line.data() + used, line.size() - static_cast<std::size_t>(used), format,
                  args...);
  }
  board::log(line.data());
}

// 12.6 (lab 3): a ping to the camera is answered with the same identifier, sequence and data,
// from the address it was sent to, back through the gateway if the sender is not on our network.
// True if `ip` was an echo request for us and the reply went to the interface.
bool answer_ping(NetworkInterface& interface, const Ipv4View& ip, const CameraConfig& config) {
  if (ip.protocol() != ip_protocol::icmp || ip.destination() != config.address.address() ||
      ip.more_fragments() || ip.fragment_offset() != 0)
    return false;  // (a fragmented ping would need reassembly, which the camera does not do)
  Result<IcmpView, IcmpError> request = IcmpView::check(ip.payload());
  if (!request || request->type() != icmp::echo_request)
    return false;
  std::optional<Ipv4Address> hop = next_hop(config.address, config.gateway, ip.source());
  if (!hop)
    return false;

  static std::array<std::uint8_t, PacketBuffer::max_size> reply{};
  static std::uint16_t identification = 0;
  Ipv4Header header;
  header.identification = ++identification;
  header.protocol = ip_protocol::icmp;
  header.source = config.address.address();
  header.destination = ip.source();
  MutableBytes after_header = MutableBytes(reply).subspan(header.header_length());
  Result<std::size_t, IcmpError> icmp_length =
      IcmpHeader::echo_reply(request->identifier(), request->sequence())
          .emit(after_header, request->data());
  if (!icmp_length || !header.emit(reply, *icmp_length))
    return false;
  interface.send_datagram(Bytes(reply).first(header.header_length() + *icmp_length), *hop);
  return true;
}

}  // namespace

int run_camera(const CameraConfig& config) {
  // The stack lives in static storage: it is large (the interface's queues hold whole frames) and
  // lives as long as the board.
  static Port port(board::ethernet());
  static NetworkInterface interface(port, board::mac(), config.address);

  say("camnet camera on %s, MAC %s", board::name(), board::mac().text().c_str());

  // 12.4: nothing is sent until the link is up.
  while (port.poll_link() != LinkChange::went_up)
    board::wait();
  say("link up");

  // 12.5: the address (static until lab 4's DHCP client), announced with a gratuitous ARP.
  interface.set_address(config.address);
  say("address %s, gateway %s (static until lab 4 brings DHCP)", config.address.text().c_str(),
      config.gateway.text().c_str());

  // 12.7: find the gateway's MAC before anything needs it; ask again every 5 s until it answers.
  interface.resolve(config.gateway);
  say("who has %s? (ARP request for the gateway)", config.gateway.text().c_str());
  Timestamp asked = board::now();
  bool gateway_known = false;
  std::uint64_t replies = 0;

  Timestamp last = board::now();
  while (config.run_for == Duration::zero() || board::now() < Timestamp(config.run_for)) {
    board::wait();
    Timestamp now = board::now();
    interface.tick(now - last);
    last = now;
    interface.poll();

    if (!gateway_known) {
      if (std::optional<MacAddress> mac = interface.lookup(config.gateway)) {
        gateway_known = true;
        say("gateway %s is at %s (after %lu ms)", config.gateway.text().c_str(),
            mac->text().c_str(), static_cast<unsigned long>((now - asked).count()));
      } else if (now - asked >= NetworkInterface::arp_retry) {
        interface.resolve(config.gateway);
        asked = now;
        say("no answer from the gateway yet: asking again");
      }
    }
    if (interface.counters().arp_replies_sent > replies) {
      replies = interface.counters().arp_replies_sent;
      say("answered an ARP request for %s", config.address.address().text().c_str());
    }
    while (std::optional<PacketBuffer> datagram = interface.pop_datagram()) {
      Result<Ipv4View, Ipv4Error> ip = Ipv4View::check(datagram->bytes());
      if (!ip)
        continue;  // the interface hands up only datagrams that check out
      if (answer_ping(interface, *ip, config)) {
        say("answered a ping from %s", ip->source().text().c_str());
        continue;
      }
      const char* protocol = ip_protocol::name(ip->protocol());
      say("received a %u-byte %s datagram from %s (nothing answers it until lab 4)",
          static_cast<unsigned>(ip->total_length()), protocol != nullptr ? protocol : "IPv4",
          ip->source().text().c_str());
    }
    LinkChange change = port.poll_link();
    if (change == LinkChange::went_down)
      say("link down");
    if (change == LinkChange::went_up)
      say("link up again");
  }

  const InterfaceCounters& c = interface.counters();
  say("summary: gateway %s; %lu ARP requests and %lu replies sent; %lu frames in, %lu out, %lu not "
      "sent",
      gateway_known ? "resolved" : "NOT resolved", static_cast<unsigned long>(c.arp_requests_sent),
      static_cast<unsigned long>(c.arp_replies_sent),
      static_cast<unsigned long>(port.counters().rx_frames),
      static_cast<unsigned long>(port.counters().tx_frames),
      static_cast<unsigned long>(port.counters().tx_dropped));
  return gateway_known ? 0 : 1;
}

}  // namespace camnet
