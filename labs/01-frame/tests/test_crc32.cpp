// Lab 1, handout §6: the frame check sequence.
#include <string_view>

#include "camnet/testing/catch.hpp"

#include "frame/crc32.hpp"

using namespace camnet;

namespace {
Bytes ascii(std::string_view text) {
  return Bytes{reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}
}  // namespace

TEST_CASE("the CRC-32 of \"123456789\" is the standard check value 0xCBF43926",
          "[lab1][points:2]") {
  // The check value listed for CRC-32 (ISO-HDLC, as used by IEEE 802.3) in every CRC catalogue.
  CHECK(crc32(ascii("123456789")) == 0xCBF43926u);
}

TEST_CASE("the CRC-32 of no bytes is 0", "[lab1][points:1]") {
  // Start 0xFFFFFFFF, nothing processed, inverted: 0.
  CHECK(crc32(Bytes{}) == 0u);
}

TEST_CASE("the CRC-32 of a single byte matches the value other implementations give",
          "[lab1][points:1]") {
  // Values from Python's zlib.crc32 (an independent implementation of the same CRC).
  CHECK(crc32(ascii("a")) == 0xE8B7BE43u);
  CHECK(crc32(ascii("The quick brown fox jumps over the lazy dog")) == 0x414FA339u);
}

TEST_CASE("changing any single bit of the data changes the CRC-32", "[lab1][points:1]") {
  std::vector<std::uint8_t> data(64);
  for (std::size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<std::uint8_t>(i * 7);
  std::uint32_t original = crc32(data);
  for (std::size_t bit = 0; bit < data.size() * 8; ++bit) {
    data[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    INFO("flipped bit " << bit);
    REQUIRE(crc32(data) != original);  // the first bit that goes unnoticed, not all 512
    data[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
  }
}
