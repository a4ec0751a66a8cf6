// Lab 2, handout §6: the Internet checksum (RFC 1071).
#include <vector>

#include "camnet/testing/catch.hpp"

#include "address/checksum.hpp"

using namespace camnet;

namespace {
// A textbook checksum, straight from the definition, to compare against on random data.
std::uint16_t by_the_definition(const std::vector<std::uint8_t>& data) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < data.size(); i += 2) {
    std::uint32_t word = std::uint32_t{data[i]} << 8;
    if (i + 1 < data.size())
      word |= data[i + 1];
    sum += word;
    sum = (sum & 0xffff) + (sum >> 16);
  }
  return static_cast<std::uint16_t>(~sum);
}
}  // namespace

TEST_CASE("the checksum of RFC 1071's example bytes is the complement of its sum 0xddf2",
          "[lab2][points:2]") {
  // RFC 1071 section 3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2; the checksum is its
  // complement.
  std::vector<std::uint8_t> data{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  CHECK(internet_checksum(data) == static_cast<std::uint16_t>(~0xddf2));
}

TEST_CASE("a header with its correct checksum in place sums to a checksum of 0",
          "[lab2][points:1]") {
  // A widely published IPv4 header (192.168.0.1 -> 192.168.0.199, UDP) whose checksum is 0xb861.
  std::vector<std::uint8_t> header{0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                                   0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
  CHECK(internet_checksum(header) == 0);
  header[10] = 0;
  header[11] = 0;
  CHECK(internet_checksum(header) == 0xb861);
}

TEST_CASE("an odd last byte counts as the high byte of a word padded with zero",
          "[lab2][points:1]") {
  // 0x0102 + 0x0300 = 0x0402, complement 0xfbfd.
  std::vector<std::uint8_t> data{0x01, 0x02, 0x03};
  CHECK(internet_checksum(data) == 0xfbfd);
}

TEST_CASE("carries out of the top bit are added back in at the bottom", "[lab2][points:1]") {
  // 0xffff + 0xffff = 0x1fffe -> 0xfffe + 1 = 0xffff, complement 0x0000.
  std::vector<std::uint8_t> data{0xff, 0xff, 0xff, 0xff};
  CHECK(internet_checksum(data) == 0x0000);
  std::vector<std::uint8_t> carry{0x80, 0x00, 0x80, 0x00};  // 0x8000 + 0x8000 = 0x10000 -> 0x0001
  CHECK(internet_checksum(carry) == 0xfffe);
}

TEST_CASE("the checksum of any data of any length matches the definition", "[lab2][points:2]") {
  std::uint32_t seed = 12345;
  for (std::size_t length = 0; length < 200; ++length) {
    std::vector<std::uint8_t> data(length);
    for (auto& b : data) {
      seed = seed * 1103515245u + 12345u;
      b = static_cast<std::uint8_t>(seed >> 16);
    }
    INFO("random data of " << length << " bytes");
    // REQUIRE: the first length that goes wrong is the one to look at, not all 200.
    REQUIRE(internet_checksum(data) == by_the_definition(data));
  }
}
