// camera-host: the camera firmware as a Linux process.
//
//   camera-host                              # on libslirp's user-mode network (no root)
//   camera-host --link tap:camtap0           # on a TAP device (root)
//   camera-host --link pcap:eth1             # on a real interface through libpcap (root)
//   camera-host --seconds 5 --capture camera.pcap
//   camera-host --greet      # the host sends the camera a UDP datagram after 0.5 s (see below)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "board.hpp"
#include "camera_app.hpp"
#include "camnet/host/runtime.hpp"
#include "host_board.hpp"
#include "tap_link.hpp"

int main(int argc, char* argv[]) {
  using namespace camnet;
  CLI::App app{"camera-host: the camnet camera firmware as a Linux process"};
  std::string link = "slirp";
  std::string capture;
  double seconds = 3;
  std::string mac_text = "02:00:00:c4:3e:01";
  app.add_option("--link", link, "slirp (default, no root), tap:NAME or pcap:INTERFACE (root)");
  app.add_option("--seconds", seconds, "how long to run (0: until stopped)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--capture", capture, "record every frame of the camera's port to this pcap file");
  app.add_option("--mac", mac_text,
                 "the camera's MAC (the OpenMV cams use a locally administered 02:...)");
  bool greet = false;
  app.add_flag(
      "--greet", greet,
      "on libslirp: after 0.5 s the host sends a UDP datagram to the camera through a "
      "forwarded port, so the camera has an ARP request to answer and a datagram to receive");
  CLI11_PARSE(app, argc, argv);

  host_board::HostBoard& board = host_board::the_board();
  try {
    std::optional<MacAddress> mac = MacAddress::parse(mac_text);
    if (!mac)
      throw std::runtime_error("--mac '" + mac_text + "' is not a MAC address");
    board.mac = *mac;
    if (link == "slirp") {
      auto slirp = std::make_unique<host_board::SlirpLink>();
      board.slirp = slirp.get();
      board.port = std::move(slirp);
      board.name = "host (libslirp user-mode network)";
    } else if (link.rfind("tap:", 0) == 0) {
      auto tap = std::make_unique<host_board::TapLink>(link.substr(4));
      board.wait_fd = tap->fd();
      board.port = std::move(tap);
      board.name = "host (TAP device " + link.substr(4) + ")";
    } else if (link.rfind("pcap:", 0) == 0) {
      auto live = std::make_unique<host::LiveLink>(link.substr(5));
      board.wait_fd = live->selectable_fd();
      board.port = std::move(live);
      board.name = "host (live interface " + link.substr(5) + ")";
    } else {
      throw std::runtime_error("--link '" + link + "': use slirp, tap:NAME or pcap:INTERFACE");
    }
    board.link = board.port.get();
    if (greet) {
      if (board.slirp == nullptr)
        throw std::runtime_error("--greet works on the slirp link only");
      // A free host port, forwarded to the camera's UDP port 5555.
      std::uint16_t port = static_cast<std::uint16_t>(40000 + getpid() % 20000);
      if (!board.slirp->forward_udp(port, 5555))
        throw std::runtime_error("cannot forward a UDP port");
      board.on_wait = [port, sent = false]() mutable {
        if (sent || board::now() < std::chrono::milliseconds(500))
          return;
        sent = true;
        int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(port);
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const char hello[] = "hello, camera";
        ::sendto(s, hello, sizeof hello - 1, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
        ::close(s);
      };
    }
    if (!capture.empty()) {
      board.capture = std::make_unique<host::CaptureWriter>(capture);
      board.recorder = std::make_unique<host::RecordingLink>(*board.port, *board.capture, [] {
        return std::chrono::duration_cast<host::CaptureTime>(
            std::chrono::system_clock::now().time_since_epoch());
      });
      board.link = board.recorder.get();
    }
    CameraConfig config;
    config.run_for = Duration(static_cast<std::int64_t>(seconds * 1000));
    int status = run_camera(config);
    if (board.capture)
      board.capture->flush();
    return status;
  } catch (const host::TodoReached& todo) {
    std::fprintf(stderr, "camera-host: %s (the camera needs this part of the lab)\n", todo.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "camera-host: %s\n", e.what());
    return 1;
  }
}
