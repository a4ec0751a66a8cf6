// The console: ARM's CMSDK APB UART, as QEMU's mps2 boards model it (UART0, QEMU's `-serial`).
//
// Transmit only, by polling: the camera writes log lines and reads nothing from the console.
#pragma once

#include <cstdint>
#include <string_view>

namespace camnet::qemu {

class CmsdkUart {
 public:
  explicit constexpr CmsdkUart(std::uintptr_t base) : base_(base) {}

  // Turns the transmitter on. Without it nothing is sent and write() would wait forever for room.
  // Safe to call again (a panic calls it in case the board never got as far as start_board()).
  void enable() const;
  // Writes `text` byte by byte, waiting while the transmit buffer is full.
  void write(std::string_view text) const;

 private:
  std::uintptr_t base_;
};

// UART0 on mps2-an500.
inline constexpr CmsdkUart console_uart{0x4000'4000};

}  // namespace camnet::qemu
