// camnet demo: the camera firmware running the labs' stack, on the default network (the host
// board on libslirp's user-mode network, no root) or on the emulated Cortex-M7 board in QEMU.
// It builds what it needs, runs the camera for a few seconds, shows its log, and writes the
// capture of its Ethernet port.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "address/arp.hpp"
#include "camnet/host/capture.hpp"
#include "commands.hpp"
#include "frame/ethernet.hpp"

namespace camnet::cli {
namespace {

struct DemoOptions {
  std::string board = "host";
  double seconds = 3;
  std::string out = std::string(CAMNET_BINARY_DIR) + "/demo";
};

int shell(const std::string& command) {
  int raw = std::system(command.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
}

void build_target(const char* target) {
  fmt::print("camnet demo: building {} ...\n", target);
  std::fflush(stdout);
  std::string log = std::string(CAMNET_BINARY_DIR) + "/demo-build.log";
  if (shell(fmt::format("cmake --build '{}' --target {} >'{}' 2>&1", CAMNET_BINARY_DIR, target,
                        log)) != 0) {
    throw std::runtime_error(fmt::format("building {} failed; see {}", target, log));
  }
}

// What the capture shows: frames, and whether the camera's ARP exchange with its gateway is there.
void summarise(const std::string& capture) {
  host::CaptureReader reader(capture);
  std::uint64_t frames = 0;
  bool asked = false, answered = false;
  while (auto r = reader.next()) {
    ++frames;
    auto eth = EthernetView::check(r->bytes);
    if (!eth || eth->ethertype() != ethertype::arp)
      continue;
    auto arp = ArpView::check(eth->payload());
    if (!arp)
      continue;
    ArpMessage m = ArpMessage::parse(*arp);
    if (m.is_request() && m.target_ip.text() == "10.0.2.2")
      asked = true;
    if (m.is_reply() && m.sender_ip.text() == "10.0.2.2")
      answered = true;
  }
  fmt::print("\ncapture: {} ({} frames; open it in Wireshark, or: camnet dissect {})\n", capture,
             frames, capture);
  fmt::print("the camera {} its gateway 10.0.2.2, and the gateway {}\n",
             asked ? "asked for" : "never asked for", answered ? "answered" : "did not answer");
}

void run_demo(const DemoOptions& o) {
  std::filesystem::create_directories(o.out);
  std::string capture = o.out + "/camera.pcap";
  int status = 0;
  if (o.board == "host") {
    if (std::string(CAMNET_CAMERA_HOST).empty()) {
      throw std::runtime_error(
          "the host board was not built: libslirp is missing (run tools/setup.sh)");
    }
    build_target("camera-host");
    fmt::print(
        "camnet demo: the camera as a Linux process on libslirp's user-mode network, for {} s\n\n",
        o.seconds);
    std::fflush(stdout);
    status = shell(fmt::format("'{}' --greet --seconds {} --capture '{}'", CAMNET_CAMERA_HOST,
                               o.seconds, capture));
  } else if (o.board == "qemu") {
    if (std::string(CAMNET_QEMU_IMAGE).empty()) {
      throw std::runtime_error(
          "the emulated board was not built: it needs arm-none-eabi-g++ and qemu-system-arm (run "
          "tools/setup.sh, then build again)");
    }
    build_target("camera-qemu-image");
    std::string uart = o.out + "/uart.log";
    fmt::print(
        "camnet demo: the camera on the emulated Cortex-M7 board (QEMU mps2-an500, LAN9118)\n\n");
    std::fflush(stdout);
    // The UART goes to a file (a pipe could close before QEMU is done); semihosting turns the
    // image's exit status into QEMU's.
    status = shell(fmt::format(
        "timeout 60 '{}' -M mps2-an500 -display none -monitor none -serial 'file:{}' -semihosting "
        "-kernel '{}' -nic user,id=n0,model=lan9118 -object 'filter-dump,id=f0,netdev=n0,file={}' "
        "</dev/null",
        CAMNET_QEMU, uart, CAMNET_QEMU_IMAGE, capture));
    shell(fmt::format("cat '{}'", uart));
  } else {
    throw std::runtime_error(fmt::format("--board '{}': use host or qemu", o.board));
  }
  summarise(capture);
  if (status != 0)
    throw std::runtime_error(fmt::format("the camera exited with status {}", status));
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto o = std::make_shared<DemoOptions>();
  CLI::App* d = app.add_subcommand(
      "demo",
      "Run the camera firmware on the labs' stack for a few seconds: its log, a summary and a "
      "capture of its Ethernet port.");
  d->add_option("--board", o->board,
                "host (a Linux process on libslirp, the default) or qemu (the emulated Cortex-M7)");
  d->add_option("--seconds", o->seconds,
                "how long the camera runs (host board; the QEMU image runs 3 s)")
      ->check(CLI::PositiveNumber);
  d->add_option("--out", o->out, "folder for camera.pcap");
  d->callback([o] { run_demo(*o); });
}

}  // namespace camnet::cli
