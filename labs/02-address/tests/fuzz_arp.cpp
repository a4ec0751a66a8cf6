// libFuzzer target: the ARP parser on arbitrary bytes; what parses must emit the same 28 bytes.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "address/arp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto view = camnet::ArpView::check(camnet::Bytes{data, size});
  if (!view)
    return 0;
  std::uint8_t out[camnet::arp::message_size];
  auto length = camnet::ArpMessage::parse(*view).emit(out);
  if (!length || std::memcmp(out, data, camnet::arp::message_size) != 0)
    __builtin_trap();
  return 0;
}
