// libFuzzer target: a network interface fed arbitrary frames (the input split into frames at
// every 0xff 0x00 pair), with time passing between them. It must never crash, read out of bounds,
// or let its cache grow past its bound.
#include <cstddef>
#include <cstdint>

#include "address/network_interface.hpp"
#include "camnet/memory_link.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static camnet::MemoryMedium<2, 64>* wire = new camnet::MemoryMedium<2, 64>();
  camnet::Port port(wire->station(0));
  camnet::NetworkInterface interface(port, camnet::MacAddress({2, 0, 0, 0xc4, 0x3e, 1}),
                                     camnet::Ipv4Prefix(camnet::Ipv4Address(0xc0a80a2a), 24));
  std::size_t start = 0;
  for (std::size_t i = 0; i + 1 <= size; ++i) {
    bool end = i + 1 == size || (data[i] == 0xff && data[i + 1] == 0x00);
    if (!end)
      continue;
    interface.receive(camnet::Bytes{data + start, i + 1 - start});
    interface.send_datagram(camnet::Bytes{data + start, i + 1 - start},
                            camnet::Ipv4Address(0xc0a80a00u + (i & 0xff)));
    interface.tick(std::chrono::milliseconds(data[i] * 40));
    start = i + 1;
  }
  if (interface.cache_size() > camnet::NetworkInterface::cache_capacity)
    __builtin_trap();
  while (wire->station(1).receive()) {
  }
  while (interface.pop_datagram()) {
  }
  return 0;
}
