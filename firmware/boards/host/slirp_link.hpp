// SlirpLink: an Ethernet port on libslirp's user-mode network, the same network QEMU's
// `-nic user` gives a guest: a virtual router at 10.0.2.2 (MAC 52:55:0a:00:02:02) with DHCP and
// DNS (10.0.2.3), that NATs the camera's traffic onto the host's own sockets. It needs no root.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "camnet/bounded_queue.hpp"
#include "camnet/link.hpp"

struct Slirp;

namespace camnet::host_board {

class SlirpLink final : public Link {
 public:
  SlirpLink();
  ~SlirpLink() override;
  SlirpLink(const SlirpLink&) = delete;
  SlirpLink& operator=(const SlirpLink&) = delete;

  // Forwards UDP port `host_port` on the host's 127.0.0.1 to the camera's `guest_port`.
  bool forward_udp(std::uint16_t host_port, std::uint16_t guest_port);

  SendStatus send(Bytes frame) override;
  std::optional<PacketBuffer> receive() override;
  bool is_up() const override { return true; }

  // Lets libslirp do its work (sockets, timers) for at most `timeout_ms` milliseconds.
  void run(int timeout_ms);

 private:
  struct Timer;
  static ssize_t send_packet(const void* buf, std::size_t len, void* opaque);
  static void guest_error(const char* msg, void* opaque);
  static std::int64_t clock_ns(void* opaque);
  static void* timer_new(void (*cb)(void*), void* cb_opaque, void* opaque);
  static void timer_free(void* timer, void* opaque);
  static void timer_mod(void* timer, std::int64_t expire_ms, void* opaque);
  static void register_fd(int fd, void* opaque);
  static void notify(void* opaque);

  Slirp* slirp_ = nullptr;
  BoundedQueue<PacketBuffer, 64> inbox_;
  std::vector<std::unique_ptr<Timer>> timers_;
  std::uint64_t dropped_ = 0;
};

}  // namespace camnet::host_board
