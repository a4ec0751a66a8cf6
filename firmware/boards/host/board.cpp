// The host board: board.hpp's functions for a Linux process (main.cpp chooses the link).
#include "host_board.hpp"

#include <poll.h>

#include <chrono>
#include <cstdio>

#include "board.hpp"

namespace camnet::host_board {

HostBoard& the_board() {
  static HostBoard board;
  return board;
}

}  // namespace camnet::host_board

namespace camnet::board {

using host_board::the_board;

const char* name() {
  return the_board().name.c_str();
}
MacAddress mac() {
  return the_board().mac;
}
Link& ethernet() {
  return *the_board().link;
}

Timestamp now() {
  static const auto start = std::chrono::steady_clock::now();
  return std::chrono::duration_cast<Timestamp>(std::chrono::steady_clock::now() - start);
}

void log(std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void wait() {
  host_board::HostBoard& b = the_board();
  if (b.on_wait)
    b.on_wait();
  if (b.slirp != nullptr) {
    b.slirp->run(2);
  } else if (b.wait_fd >= 0) {
    pollfd fd{b.wait_fd, POLLIN, 0};
    ::poll(&fd, 1, 2);
  }
}

}  // namespace camnet::board
