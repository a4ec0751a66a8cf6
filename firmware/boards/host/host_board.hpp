// The host board's state: which link the camera's Ethernet port is on (main.cpp sets it up).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "camnet/host/capture.hpp"
#include "camnet/host/capture_link.hpp"
#include "camnet/link.hpp"
#include "frame/mac_address.hpp"
#include "slirp_link.hpp"

namespace camnet::host_board {

struct HostBoard {
  std::string name = "host";
  MacAddress mac;
  Link* link = nullptr;           // what the camera uses: the port, or a recorder wrapped around it
  SlirpLink* slirp = nullptr;     // set when the port is on libslirp: wait() runs it
  int wait_fd = -1;               // otherwise, a descriptor wait() polls (TAP, live interface)
  std::function<void()> on_wait;  // the host side's own doings (see --greet in main.cpp)
  std::unique_ptr<Link> port;
  std::unique_ptr<host::CaptureWriter> capture;
  std::unique_ptr<host::RecordingLink> recorder;
};

HostBoard& the_board();

}  // namespace camnet::host_board
