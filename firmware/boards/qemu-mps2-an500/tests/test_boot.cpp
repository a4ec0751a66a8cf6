// The emulated camera board, booted for real: QEMU's mps2-an500 runs camera-qemu.elf on its
// user-mode network (no root), and the test reads what the board printed on its UART and what
// went over its Ethernet port, with camnet's own capture reader and lab parsers.
//
// The expected addresses are QEMU's user-mode network's (../shared/notes/qemu-mps2-an500.md): the
// board is 52:54:00:12:34:56 (QEMU's default MAC), the gateway 10.0.2.2 at 52:55:0a:00:02:02.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "address/arp.hpp"
#include "camnet/host/capture.hpp"
#include "camnet/testing/process.hpp"
#include "camnet/testing/story.hpp"
#include "dissect.hpp"
#include "frame/ethernet.hpp"

using namespace camnet;
namespace fs = std::filesystem;

namespace {

const MacAddress board_mac({0x52, 0x54, 0x00, 0x12, 0x34, 0x56});
const MacAddress gateway_mac({0x52, 0x55, 0x0a, 0x00, 0x02, 0x02});
const Ipv4Address board_ip = Ipv4Address::from_octets(10, 0, 2, 15);
const Ipv4Address gateway_ip = Ipv4Address::from_octets(10, 0, 2, 2);

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// What QEMU's exit status means here.
std::string meaning(int status) {
  switch (status) {
    case 0:
      return "the camera resolved its gateway";
    case 1:
      return "the camera ran, but never resolved its gateway";
    case 2:
      return "the board stopped in panic() or todo(): see the last UART lines";
    case 124:
      return "QEMU still ran after 30 s and was stopped: the board never reached the end of main()";
    case 134:
      return "QEMU aborted: the semihosting exit trapped (was -semihosting given?)";
    default:
      return "unexpected";
  }
}

// Every frame in the capture, one line each, as `camnet dissect` shows them.
std::string capture_summary(const fs::path& path) {
  fmt::memory_buffer out;
  host::CaptureReader reader(path.string());
  std::optional<host::CaptureTime> first;
  while (auto record = reader.next()) {
    if (!first)
      first = record->time;
    dissect::append_summary_line(out, record->number, record->time - *first, record->wire_length,
                                 record->bytes);
  }
  return fmt::to_string(out);
}

}  // namespace

TEST_CASE("the emulated Cortex-M7 board boots the camera, which resolves its gateway and exits",
          "[firmware]") {
  const fs::path dir = fs::path(CAMNET_BOOT_DIR) / "boot-test";
  fs::create_directories(dir);
  const fs::path uart = dir / "uart.log";
  const fs::path capture = dir / "capture.pcap";
  fs::remove(uart);
  fs::remove(capture);

  testing::Story story;
  const std::string qemu = fmt::format(
      "timeout 30 '{}' -M mps2-an500 -display none -monitor none -serial 'file:{}' -semihosting "
      "-kernel '{}' -nic user,id=n0,model=lan9118 -object 'filter-dump,id=f0,netdev=n0,file={}'",
      CAMNET_QEMU, uart.string(), CAMNET_QEMU_IMAGE, capture.string());
  story.step("boot {} in QEMU: {}", fs::path(CAMNET_QEMU_IMAGE).filename().string(), qemu);
  const auto start = std::chrono::steady_clock::now();
  const testing::CommandResult run = testing::run_command(qemu);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  const std::string console = read_text(uart);
  story.step("QEMU exited with status {} after {:.2f} s ({})", run.status, took.count(),
             meaning(run.status));
  std::printf("QEMU exited with status %d after %.2f s. The board's UART (%s):\n%s", run.status,
              took.count(), uart.c_str(), console.c_str());
  std::fflush(stdout);
  // (The UART log is printed above, before the first failed check.)
  const std::string qemu_said = run.out + run.err;
  INFO("QEMU printed: " << (qemu_said.empty() ? "nothing" : qemu_said));

  // 1. The exit status is main()'s result, passed out through semihosting.
  REQUIRE(run.status == 0);

  // 2. The console: the steps of the camera's life, in order.
  story.step("read the UART log {}", uart.string());
  std::size_t at = 0;
  for (std::string line : {"] link up\n", "] address 10.0.2.15/24, gateway 10.0.2.2",
                           "] gateway 10.0.2.2 is at 52:55:0a:00:02:02",
                           "] summary: gateway resolved", "\nstack: ", "\nexit status 0\n"}) {
    INFO("looking for \"" << line << "\" after character " << at);
    const std::size_t found = console.find(line, at);
    CHECK(found != std::string::npos);
    if (found != std::string::npos)
      at = found + line.size();
  }
  CHECK(console.find("panic") == std::string::npos);

  // 3. The capture at QEMU's netdev, read by content (frame numbers and timing may vary).
  story.step("read the capture {}", capture.string());
  INFO("the capture holds:\n" << capture_summary(capture));
  bool asked = false;
  bool answered = false;
  std::size_t board_frames = 0;
  host::CaptureReader reader(capture.string());
  while (auto record = reader.next()) {
    auto frame = EthernetView::check(record->bytes);
    REQUIRE(frame.ok());
    if (frame->source() == board_mac) {
      ++board_frames;
      // The LAN9118 driver pads what it sends to Ethernet's minimum (QEMU's model does not).
      INFO("frame " << record->number << " from the board is " << record->bytes.size()
                    << " bytes long");
      CHECK(record->bytes.size() >= ethernet::min_frame);
    }
    if (frame->ethertype() != ethertype::arp)
      continue;
    auto view = ArpView::check(frame->payload());
    REQUIRE(view.ok());
    const ArpMessage arp = ArpMessage::parse(*view);
    if (frame->source() == board_mac && frame->destination().is_broadcast() && arp.is_request() &&
        arp.sender_mac == board_mac && arp.sender_ip == board_ip && arp.target_ip == gateway_ip)
      asked = true;
    if (frame->source() == gateway_mac && frame->destination() == board_mac && arp.is_reply() &&
        arp.sender_mac == gateway_mac && arp.sender_ip == gateway_ip && arp.target_ip == board_ip)
      answered = true;
  }
  CHECK(board_frames > 0);
  {
    INFO(
        "expected: an ARP request from 52:54:00:12:34:56 (10.0.2.15), broadcast: who has "
        "10.0.2.2?");
    CHECK(asked);
  }
  {
    INFO("expected: the gateway's reply to the board: 10.0.2.2 is at 52:55:0a:00:02:02");
    CHECK(answered);
  }
}
