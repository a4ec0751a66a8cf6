// libFuzzer target: MacAddress::parse on arbitrary text. Whatever parses must print back as the
// same address: parse and text() are mirror images.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "frame/mac_address.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text{reinterpret_cast<const char*>(data), size};
  auto mac = camnet::MacAddress::parse(text);
  if (mac) {
    auto again = camnet::MacAddress::parse(mac->text());
    if (!again || !(*again == *mac))
      __builtin_trap();
  }
  return 0;
}
