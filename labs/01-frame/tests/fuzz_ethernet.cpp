// libFuzzer target: the Ethernet parser, and everything the dissector does with what it parsed,
// on arbitrary bytes. Build with the `fuzz` preset; see the README's "Fuzzing" section.
#include <cstddef>
#include <cstdint>

#include "frame/ethernet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  camnet::Bytes bytes{data, size};
  for (camnet::Fcs fcs : {camnet::Fcs::absent, camnet::Fcs::present}) {
    auto view = camnet::EthernetView::check(bytes, fcs);
    if (!view)
      continue;
    camnet::EthernetHeader header = camnet::EthernetHeader::parse(*view);
    static std::uint8_t out[2048];
    auto length = camnet::emit_frame(header, view->payload(), out, fcs);
    // Parse and emit are mirror images: what was emitted parses back to the same header.
    if (length) {
      auto again = camnet::EthernetView::check(camnet::Bytes{out, *length}, fcs);
      if (!again || !(camnet::EthernetHeader::parse(*again) == header))
        __builtin_trap();
    }
  }
  return 0;
}
