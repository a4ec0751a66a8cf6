// The camera firmware as a Linux process on libslirp's user-mode network: no root needed. The
// expected addresses are libslirp's (the same as QEMU's -nic user): gateway 10.0.2.2 at
// 52:55:0a:00:02:02 (shared/notes/qemu-mps2-an500.md).
#include <filesystem>
#include <string>
#include <vector>

#include "camnet/testing/catch.hpp"

#include "address/arp.hpp"
#include "address/ipv4_header.hpp"
#include "camnet/host/capture.hpp"
#include "camnet/testing/process.hpp"
#include "frame/ethernet.hpp"

using namespace camnet;
namespace fs = std::filesystem;

namespace {
const std::string camera = CAMERA_HOST_EXE;
}

TEST_CASE("the camera on libslirp resolves its gateway and logs each step", "[firmware]") {
  fs::path capture = fs::path(testing::scratch_dir()) / "camera.pcap";
  testing::CommandResult run =
      testing::run_command(camera + " --seconds 1.5 --greet --capture " + capture.string());
  INFO("camera-host printed:\n" << run.out << run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.out, Catch::Contains("] link up\n"));
  CHECK_THAT(run.out, Catch::Contains("] address 10.0.2.15/24, gateway 10.0.2.2"));
  CHECK_THAT(run.out, Catch::Contains("] gateway 10.0.2.2 is at 52:55:0a:00:02:02"));
  CHECK_THAT(run.out, Catch::Contains("] received a 41-byte UDP datagram from 10.0.2.2"));
  CHECK_THAT(run.out, Catch::Contains("] summary: gateway resolved"));

  // The capture of the camera's port: its request for the gateway and the gateway's reply.
  host::CaptureReader reader(capture.string());
  bool asked = false, answered = false;
  while (auto r = reader.next()) {
    auto eth = EthernetView::check(r->bytes);
    REQUIRE(eth.ok());
    if (eth->ethertype() != ethertype::arp)
      continue;
    auto arp = ArpView::check(eth->payload());
    REQUIRE(arp.ok());
    ArpMessage m = ArpMessage::parse(*arp);
    if (m.is_request() && m.target_ip.text() == "10.0.2.2" &&
        m.sender_mac.text() == "02:00:00:c4:3e:01")
      asked = true;
    if (m.is_reply() && m.sender_ip.text() == "10.0.2.2" &&
        m.sender_mac.text() == "52:55:0a:00:02:02" && m.target_ip.text() == "10.0.2.15") {
      answered = true;
    }
  }
  CHECK(asked);
  CHECK(answered);
}

TEST_CASE("camera-host refuses an unknown link with one line", "[firmware]") {
  testing::CommandResult run = testing::run_command(camera + " --link carrier-pigeon --seconds 1");
  CHECK(run.status == 1);
  CHECK(run.err == "camera-host: --link 'carrier-pigeon': use slirp, tap:NAME or pcap:INTERFACE\n");
}
