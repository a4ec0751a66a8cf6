// What the camera application needs from a board. Each board (boards/<name>/) defines these
// functions once; the application (camera_app.cpp) is the same on every board.
//
// Plain functions rather than an interface class: a firmware image is built for exactly one board,
// so the linker picks the implementation, and nothing is decided at run time.
#pragma once

#include <string_view>

#include "camnet/clock.hpp"
#include "camnet/link.hpp"
#include "frame/mac_address.hpp"

namespace camnet::board {

// "qemu-mps2-an500", "host (libslirp user-mode network)", ...
const char* name();
// The board's Ethernet MAC address.
MacAddress mac();
// The board's Ethernet port.
Link& ethernet();
// Time since the board started, from a free-running clock.
Timestamp now();
// Writes one line on the console (the UART on a board, standard output on the host).
void log(std::string_view line);
// Waits a little, until a frame may have arrived or time has passed (at most a few milliseconds).
void wait();

}  // namespace camnet::board
