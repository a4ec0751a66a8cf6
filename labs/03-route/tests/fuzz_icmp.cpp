// libFuzzer target: the ICMP parser on arbitrary bytes. Whatever checks must emit the same bytes
// back (parse and emit are mirror images, the checksum included).
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "route/icmp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto view = camnet::IcmpView::check(camnet::Bytes{data, size});
  if (!view)
    return 0;
  (void)view->identifier();
  (void)view->sequence();
  (void)view->next_hop_mtu();
  (void)camnet::icmp::type_name(view->type());
  static std::uint8_t out[65536];
  auto header = camnet::IcmpHeader::parse(*view);
  auto length = header.emit(camnet::MutableBytes{out, sizeof out}, view->data());
  // Two checksums can both be right: 0x0000 and 0xffff are the same number in ones' complement,
  // and emit writes the one a computation gives. Compare the rest byte for byte.
  if (!length || *length != size || std::memcmp(out, data, 2) != 0 ||
      std::memcmp(out + 4, data + 4, size - 4) != 0)
    __builtin_trap();
  if (!camnet::IcmpView::check(camnet::Bytes{out, size}))
    __builtin_trap();
  return 0;
}
