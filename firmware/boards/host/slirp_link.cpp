#include "slirp_link.hpp"

#include <arpa/inet.h>
#include <poll.h>
#include <slirp/libslirp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace camnet::host_board {

struct SlirpLink::Timer {
  void (*callback)(void*);
  void* callback_opaque;
  std::int64_t expire_ms = -1;  // -1: not armed
};

namespace {

std::int64_t now_ns() {
  static const auto start = std::chrono::steady_clock::now();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                              start)
      .count();
}

in_addr ipv4(const char* text) {
  in_addr a{};
  inet_pton(AF_INET, text, &a);
  return a;
}

// slirp_pollfds_fill/poll talk through these: the pollfd array being built, then read.
struct PollSet {
  std::vector<pollfd> fds;
};

int add_poll(int fd, int events, void* opaque) {
  auto* set = static_cast<PollSet*>(opaque);
  short e = 0;
  if (events & SLIRP_POLL_IN)
    e |= POLLIN;
  if (events & SLIRP_POLL_OUT)
    e |= POLLOUT;
  if (events & SLIRP_POLL_PRI)
    e |= POLLPRI;
  set->fds.push_back(pollfd{fd, e, 0});
  return static_cast<int>(set->fds.size() - 1);
}

int get_revents(int index, void* opaque) {
  auto* set = static_cast<PollSet*>(opaque);
  short r = set->fds[static_cast<std::size_t>(index)].revents;
  int events = 0;
  if (r & POLLIN)
    events |= SLIRP_POLL_IN;
  if (r & POLLOUT)
    events |= SLIRP_POLL_OUT;
  if (r & POLLPRI)
    events |= SLIRP_POLL_PRI;
  if (r & POLLERR)
    events |= SLIRP_POLL_ERR;
  if (r & POLLHUP)
    events |= SLIRP_POLL_HUP;
  return events;
}

}  // namespace

ssize_t SlirpLink::send_packet(const void* buf, std::size_t len, void* opaque) {
  auto* self = static_cast<SlirpLink*>(opaque);
  Bytes frame{static_cast<const std::uint8_t*>(buf), len};
  if (len > PacketBuffer::max_size || !self->inbox_.push(PacketBuffer{frame}))
    ++self->dropped_;
  return static_cast<ssize_t>(len);
}

void SlirpLink::guest_error(const char* msg, void*) {
  std::fprintf(stderr, "slirp: %s\n", msg);
}
std::int64_t SlirpLink::clock_ns(void*) {
  return now_ns();
}

void* SlirpLink::timer_new(void (*cb)(void*), void* cb_opaque, void* opaque) {
  auto* self = static_cast<SlirpLink*>(opaque);
  self->timers_.push_back(std::make_unique<Timer>(Timer{cb, cb_opaque}));
  return self->timers_.back().get();
}

void SlirpLink::timer_free(void* timer, void* opaque) {
  auto* self = static_cast<SlirpLink*>(opaque);
  std::erase_if(self->timers_,
                [timer](const std::unique_ptr<Timer>& t) { return t.get() == timer; });
}

void SlirpLink::timer_mod(void* timer, std::int64_t expire_ms, void*) {
  static_cast<Timer*>(timer)->expire_ms = expire_ms;
}

void SlirpLink::register_fd(int, void*) {}  // the poll set is rebuilt on every run()
void SlirpLink::notify(void*) {}

SlirpLink::SlirpLink() {
  // The same network QEMU's -nic user gives a guest.
  SlirpConfig config{};
  config.version = 1;
  config.restricted = 0;
  config.in_enabled = true;
  config.vnetwork = ipv4("10.0.2.0");
  config.vnetmask = ipv4("255.255.255.0");
  config.vhost = ipv4("10.0.2.2");
  config.vdhcp_start = ipv4("10.0.2.15");
  config.vnameserver = ipv4("10.0.2.3");
  config.in6_enabled = false;

  static const SlirpCb callbacks = [] {
    SlirpCb cb{};
    cb.send_packet = &SlirpLink::send_packet;
    cb.guest_error = &SlirpLink::guest_error;
    cb.clock_get_ns = &SlirpLink::clock_ns;
    cb.timer_new = &SlirpLink::timer_new;
    cb.timer_free = &SlirpLink::timer_free;
    cb.timer_mod = &SlirpLink::timer_mod;
    cb.register_poll_fd = &SlirpLink::register_fd;
    cb.unregister_poll_fd = &SlirpLink::register_fd;
    cb.notify = &SlirpLink::notify;
    return cb;
  }();
  slirp_ = slirp_new(&config, &callbacks, this);
  if (slirp_ == nullptr)
    throw std::runtime_error("libslirp: cannot create the user-mode network");
}

SlirpLink::~SlirpLink() {
  if (slirp_ != nullptr)
    slirp_cleanup(slirp_);
}

bool SlirpLink::forward_udp(std::uint16_t host_port, std::uint16_t guest_port) {
  return slirp_add_hostfwd(slirp_, 1, ipv4("127.0.0.1"), host_port, ipv4("10.0.2.15"),
                           guest_port) == 0;
}

SendStatus SlirpLink::send(Bytes frame) {
  if (frame.size() > PacketBuffer::max_size)
    return SendStatus::too_big;
  slirp_input(slirp_, frame.data(), static_cast<int>(frame.size()));
  return SendStatus::sent;
}

std::optional<PacketBuffer> SlirpLink::receive() {
  return inbox_.pop();
}

void SlirpLink::run(int timeout_ms) {
  PollSet set;
  auto timeout = static_cast<std::uint32_t>(timeout_ms);
  slirp_pollfds_fill(slirp_, &timeout, &add_poll, &set);
  int ready = ::poll(set.fds.data(), set.fds.size(),
                     static_cast<int>(std::min<std::uint32_t>(timeout, 1000)));
  slirp_pollfds_poll(slirp_, ready < 0 ? 1 : 0, &get_revents, &set);
  // Timers whose time has come (libslirp counts them in milliseconds of its clock).
  std::int64_t now_ms = now_ns() / 1'000'000;
  for (std::size_t i = 0; i < timers_.size(); ++i) {
    Timer& t = *timers_[i];
    if (t.expire_ms >= 0 && t.expire_ms <= now_ms) {
      t.expire_ms = -1;
      t.callback(t.callback_opaque);
    }
  }
}

}  // namespace camnet::host_board
