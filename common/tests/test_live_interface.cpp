// The live-interface wrapper on the loopback interface: needs root (or CAP_NET_RAW), so it skips
// elsewhere. One handle injects a frame, a second one captures it.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "camnet/testing/catch.hpp"

#include "camnet/host/capture.hpp"
#include "camnet/testing/skip.hpp"

using namespace camnet;

TEST_CASE("a frame injected on a live interface is captured there", "[common][root]") {
  if (geteuid() != 0)
    camnet::testing::skip_test("live capture needs root (CI runs this test as root)");
  host::LiveInterface capture("lo");
  host::LiveInterface sender("lo");
  // A broadcast frame with the IEEE "local experimental" EtherType 0x88b5 and a marker payload.
  std::vector<std::uint8_t> frame{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02,
                                  0,    0,    0,    0,    0x01, 0x88, 0xb5};
  for (char c : std::string("camnet live test"))
    frame.push_back(static_cast<std::uint8_t>(c));
  frame.resize(60, 0);
  REQUIRE(sender.inject(frame));
  bool seen = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    while (auto record = capture.poll()) {
      if (std::equal(frame.begin(), frame.end(), record->bytes.begin(), record->bytes.end()))
        seen = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(seen);
}

TEST_CASE("opening an interface that does not exist fails with one line naming it",
          "[common][root]") {
  if (geteuid() != 0)
    camnet::testing::skip_test("live capture needs root (CI runs this test as root)");
  try {
    host::LiveInterface nope("camnet-none0");
    FAIL("opened an interface that does not exist");
  } catch (const host::CaptureError& e) {
    std::string message = e.what();
    CHECK(message.rfind("camnet-none0: ", 0) == 0);
    CHECK(message.find('\n') == std::string::npos);
  }
}
