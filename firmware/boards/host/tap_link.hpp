// TapLink: an Ethernet port on a Linux TAP device (needs root or CAP_NET_ADMIN). Frames the camera
// sends appear on the TAP interface; Linux, or whatever is bridged to it, answers.
#pragma once

#include <optional>
#include <string>

#include "camnet/link.hpp"

namespace camnet::host_board {

class TapLink final : public Link {
 public:
  // Attaches to the TAP device `name` (creating it if it does not exist). Throws std::runtime_error.
  explicit TapLink(const std::string& name);
  ~TapLink() override;
  TapLink(const TapLink&) = delete;
  TapLink& operator=(const TapLink&) = delete;

  SendStatus send(Bytes frame) override;
  std::optional<PacketBuffer> receive() override;
  bool is_up() const override;
  int fd() const { return fd_; }

 private:
  std::string name_;
  int fd_ = -1;
};

}  // namespace camnet::host_board
