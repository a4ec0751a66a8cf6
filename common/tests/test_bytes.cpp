#include <array>

#include "camnet/testing/catch.hpp"

#include "camnet/bytes.hpp"
#include "camnet/result.hpp"

using namespace camnet;

TEST_CASE("a big-endian u16 is read most significant byte first", "[common]") {
  std::array<std::uint8_t, 4> bytes{0x08, 0x00, 0x45, 0x10};
  ByteReader in{bytes};
  CHECK(in.u16_at(0) == 0x0800);
  CHECK(in.u32_at(0) == 0x08004510u);
  CHECK(in.u8_at(3) == 0x10);
}

TEST_CASE("a read that would pass the end of the bytes says nullopt instead", "[common]") {
  std::array<std::uint8_t, 3> bytes{1, 2, 3};
  ByteReader in{bytes};
  CHECK_FALSE(in.u16_at(2).has_value());
  CHECK_FALSE(in.u32_at(0).has_value());
  CHECK_FALSE(in.u8_at(3).has_value());
  CHECK_FALSE(in.bytes_at(1, 3).has_value());
  CHECK(in.bytes_at(1, 2).has_value());
  // An offset near SIZE_MAX must not wrap around into a "valid" range.
  CHECK_FALSE(in.u16_at(static_cast<std::size_t>(-1)).has_value());
  CHECK_FALSE(in.bytes_at(2, static_cast<std::size_t>(-1)).has_value());
}

TEST_CASE("a writer stops at the end of its buffer and remembers that it did", "[common]") {
  std::array<std::uint8_t, 5> out{};
  ByteWriter w{out};
  CHECK(w.put_u16(0x0806));
  CHECK(w.put_u16(0x0001));
  CHECK_FALSE(w.put_u16(0xffff));  // only one byte left
  CHECK_FALSE(w.ok());
  CHECK(w.written() == 4);
  CHECK(out == std::array<std::uint8_t, 5>{0x08, 0x06, 0x00, 0x01, 0x00});
}

TEST_CASE("a Result holds either a value or the reason there is none", "[common]") {
  enum class Why { broken };
  Result<int, Why> good = 42;
  Result<int, Why> bad = fail(Why::broken);
  REQUIRE(good.ok());
  CHECK(*good == 42);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error() == Why::broken);
  CHECK_THROWS_WITH(bad.value(), Catch::Contains("check ok() first"));
}
