#include "frame/port.hpp"

#include "camnet/panic.hpp"

namespace camnet {

SendStatus Port::send(Bytes frame) {
  // TODO(lab 1): send only on a link that is up, and count every frame one way or the other (handout §7)
  // Ask the link itself (link_.is_up()): it may have gone down since poll_link() last
  // looked.
  camnet::todo("TODO(lab 1): send only on a link that is up, and count every frame one way or the other (handout §7)");
}

std::optional<PacketBuffer> Port::receive() {
  std::optional<PacketBuffer> frame = link_.receive();
  if (frame)
    ++counters_.rx_frames;
  return frame;
}

LinkChange Port::poll_link() {
  // TODO(lab 1): compare the link's state with the one last seen (handout §7)
  camnet::todo("TODO(lab 1): compare the link's state with the one last seen (handout §7)");
}

}  // namespace camnet
