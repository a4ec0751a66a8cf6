// libFuzzer target: the IPv4 header parser on arbitrary bytes. Whatever parses must emit and parse
// back to the same header (parse and emit are mirror images), with a checksum that verifies.
#include <cstddef>
#include <cstdint>

#include "address/ipv4_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto view = camnet::Ipv4View::check(camnet::Bytes{data, size});
  if (!view)
    return 0;
  (void)view->payload();
  camnet::Ipv4Header header = camnet::Ipv4Header::parse(*view);
  static std::uint8_t out[65536];
  auto length = header.emit(out, view->payload().size());
  if (!length)
    __builtin_trap();
  auto again = camnet::Ipv4View::check(camnet::Bytes{out, view->total_length()});
  if (!again || !(camnet::Ipv4Header::parse(*again) == header))
    __builtin_trap();
  return 0;
}
