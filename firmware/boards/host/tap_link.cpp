#include "tap_link.hpp"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace camnet::host_board {

TapLink::TapLink(const std::string& name) : name_(name) {
  fd_ = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0)
    throw std::runtime_error("/dev/net/tun: " + std::string(std::strerror(errno)));
  ifreq request{};
  request.ifr_flags = IFF_TAP | IFF_NO_PI;  // whole Ethernet frames, no extra header
  std::strncpy(request.ifr_name, name.c_str(), IFNAMSIZ - 1);
  if (::ioctl(fd_, TUNSETIFF, &request) < 0) {
    std::string reason = std::strerror(errno);
    ::close(fd_);
    throw std::runtime_error(name + ": cannot attach to the TAP device: " + reason +
                             " (needs root)");
  }
}

TapLink::~TapLink() {
  if (fd_ >= 0)
    ::close(fd_);
}

SendStatus TapLink::send(Bytes frame) {
  if (frame.size() > PacketBuffer::max_size)
    return SendStatus::too_big;
  ssize_t written = ::write(fd_, frame.data(), frame.size());
  if (written < 0)
    return errno == EIO ? SendStatus::link_down : SendStatus::no_room;
  return SendStatus::sent;
}

std::optional<PacketBuffer> TapLink::receive() {
  std::array<std::uint8_t, 65536> buffer;
  ssize_t n = ::read(fd_, buffer.data(), buffer.size());
  if (n <= 0)
    return std::nullopt;
  return PacketBuffer{Bytes{buffer.data(), static_cast<std::size_t>(n)}};
}

bool TapLink::is_up() const {
  // Up when the interface on the Linux side is up (ip link set NAME up).
  int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0)
    return false;
  ifreq request{};
  std::strncpy(request.ifr_name, name_.c_str(), IFNAMSIZ - 1);
  bool up = ::ioctl(s, SIOCGIFFLAGS, &request) == 0 && (request.ifr_flags & IFF_UP) != 0;
  ::close(s);
  return up;
}

}  // namespace camnet::host_board
