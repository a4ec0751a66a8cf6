#include "camnet/testing/catch.hpp"

#include "camnet/bounded_queue.hpp"
#include "camnet/fixed_string.hpp"
#include "camnet/packet_buffer.hpp"

using namespace camnet;

TEST_CASE("a bounded queue refuses an item when full and keeps first-in first-out order",
          "[common]") {
  BoundedQueue<int, 3> q;
  CHECK(q.push(1));
  CHECK(q.push(2));
  CHECK(q.push(3));
  CHECK_FALSE(q.push(4));
  CHECK(q.size() == 3);
  CHECK(q.pop() == 1);
  CHECK(q.push(5));  // wraps around the ring
  CHECK(q.pop() == 2);
  CHECK(q.pop() == 3);
  CHECK(q.pop() == 5);
  CHECK_FALSE(q.pop().has_value());
}

TEST_CASE("a packet buffer prepends headers into its headroom without moving the payload",
          "[common]") {
  const std::uint8_t payload[] = {0xde, 0xad};
  PacketBuffer buffer{Bytes{payload}};
  const std::uint8_t* payload_at = buffer.bytes().data();
  MutableBytes header = buffer.prepend(14);
  REQUIRE(header.size() == 14);
  CHECK(buffer.size() == 16);
  CHECK(buffer.bytes().data() + 14 == payload_at);
  CHECK(buffer.consume_front(14));
  CHECK(buffer.bytes().data() == payload_at);
}

TEST_CASE("a packet buffer says no when the headroom or the tail room runs out", "[common]") {
  PacketBuffer buffer;
  CHECK(buffer.prepend(PacketBuffer::headroom + 1).empty());
  CHECK(buffer.prepend(PacketBuffer::headroom).size() == PacketBuffer::headroom);
  CHECK(buffer.append(PacketBuffer::max_size + 1).empty());
  CHECK_FALSE(buffer.consume_front(PacketBuffer::headroom + 1));
}

TEST_CASE("a packet buffer given more than max_size bytes keeps max_size and says it was cut",
          "[common]") {
  std::vector<std::uint8_t> big(PacketBuffer::max_size + 10, 0xab);
  PacketBuffer buffer{big};
  CHECK(buffer.size() == PacketBuffer::max_size);
  CHECK(buffer.truncated());
}

TEST_CASE("a fixed string keeps what fits and says when it had to cut", "[common]") {
  FixedString<5> s;
  CHECK(s.append("abc"));
  CHECK_FALSE(s.append("def"));
  CHECK(s == "abcde");
}
