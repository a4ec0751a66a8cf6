// An example of an instructor's hidden tests for lab 2 (see ../README.md).
#include <vector>

#include "camnet/testing/catch.hpp"

#include "address/checksum.hpp"
#include "address/ipv4_address.hpp"

using namespace camnet;

TEST_CASE("an odd number of bytes is summed as if a zero byte followed",
          "[lab2][points:2][visibility:hidden]") {
  // RFC 1071 section 4.1: the odd byte is the high byte of a last word. 0x4500 + 0x0100 = 0x4600,
  // whose complement is 0xb9ff.
  std::vector<std::uint8_t> data{0x45, 0x00, 0x01};
  CHECK(internet_checksum(data) == 0xb9ff);
}

TEST_CASE("169.254.0.0/16 is link-local, and the addresses just outside it are not",
          "[lab2][points:1][visibility:after_due_date]") {
  CHECK(Ipv4Address::from_octets(169, 254, 0, 0).is_link_local());
  CHECK(Ipv4Address::from_octets(169, 254, 255, 255).is_link_local());
  CHECK_FALSE(Ipv4Address::from_octets(169, 253, 255, 255).is_link_local());
  CHECK_FALSE(Ipv4Address::from_octets(169, 255, 0, 0).is_link_local());
}
