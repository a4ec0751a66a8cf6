// libFuzzer target: a router with two interfaces fed arbitrary frames on either (the input split
// into frames at every 0xff 0x00 pair; the byte before each split picks the interface and how much
// time passes). It must never crash or read out of bounds, and everything it sends must be a
// well-formed frame no larger than a PacketBuffer.
#include <cstddef>
#include <cstdint>

#include "camnet/memory_link.hpp"
#include "route/router.hpp"

namespace {
struct Bench {
  camnet::MemoryMedium<2, 64> lan, wan;
  camnet::Port lan_port{lan.station(0)}, wan_port{wan.station(0)};
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Bench* bench = new Bench();
  static camnet::Router* router = nullptr;
  delete router;  // a fresh router for every input, on the same wires
  router = new camnet::Router();
  // The addresses of lab 2's captures (the gateway's two sides), so seeds from them reach the
  // forwarding paths: cam and pc on the LAN, far on the WAN. The WAN's MTU is small, to fragment.
  (void)router->add_interface(bench->lan_port, camnet::MacAddress({0x52, 0x54, 0, 0, 0x0a, 1}),
                              camnet::Ipv4Prefix(camnet::Ipv4Address(0xc0a80a01), 24));
  (void)router->add_interface(bench->wan_port, camnet::MacAddress({0x52, 0x54, 0, 0, 0x0b, 1}),
                              camnet::Ipv4Prefix(camnet::Ipv4Address(0xc6336401), 24), 576);
  (void)router->add_route(camnet::Route{camnet::Ipv4Prefix(camnet::Ipv4Address(0x0a000000), 8),
                                        camnet::Ipv4Address(0xc6336402), 1, 0});
  std::size_t start = 0;
  for (std::size_t i = 0; i < size; ++i) {
    bool end = i + 1 == size || (data[i] == 0xff && data[i + 1] == 0x00);
    if (!end)
      continue;
    router->receive(data[i] & 1, camnet::Bytes{data + start, i + 1 - start});
    router->tick(std::chrono::milliseconds(data[i] * 8));
    start = i + 1;
  }
  router->route();
  for (auto* wire : {&bench->lan, &bench->wan}) {
    while (auto frame = wire->station(1).receive()) {
      if (frame->size() < 60 || frame->size() > 14 + 1500)
        __builtin_trap();
    }
  }
  return 0;
}
