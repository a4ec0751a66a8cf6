// The camera application: what the OpenMV cam does on the network, on the stack the labs built.
#pragma once

#include "address/ipv4_address.hpp"
#include "camnet/clock.hpp"

namespace camnet {

struct CameraConfig {
  // QEMU's and libslirp's user-mode network: the camera is 10.0.2.15/24 behind the gateway
  // 10.0.2.2 (static until lab 4 brings a DHCP client).
  Ipv4Prefix address = Ipv4Prefix(Ipv4Address::from_octets(10, 0, 2, 15), 24);
  Ipv4Address gateway = Ipv4Address::from_octets(10, 0, 2, 2);
  // How long to run (board time); zero runs until the board is switched off.
  Duration run_for = std::chrono::seconds(3);
};

// Runs the camera on the board (board.hpp) and returns its exit status: 0 if everything the
// finished labs can do worked (the gateway was resolved), 1 if not.
int run_camera(const CameraConfig& config);

}  // namespace camnet
