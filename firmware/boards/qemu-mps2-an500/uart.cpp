#include "uart.hpp"

#include "mmio.hpp"

namespace camnet::qemu {
namespace {

// Register offsets and bits (ARM CMSDK APB UART; see ../shared/notes/qemu-mps2-an500.md).
constexpr std::uintptr_t data = 0x00;
constexpr std::uintptr_t state = 0x04;
constexpr std::uintptr_t ctrl = 0x08;
constexpr std::uintptr_t bauddiv = 0x10;

constexpr std::uint32_t state_tx_full = 1u << 0;
constexpr std::uint32_t ctrl_tx_enable = 1u << 0;
// The smallest divider the UART accepts (QEMU complains below 16). QEMU sends at whatever speed
// the host takes the bytes; on a real MPS2 this would be the system clock / baud rate.
constexpr std::uint32_t min_bauddiv = 16;

}  // namespace

void CmsdkUart::enable() const {
  register_at(base_ + bauddiv) = min_bauddiv;
  register_at(base_ + ctrl) = ctrl_tx_enable;
}

void CmsdkUart::write(std::string_view text) const {
  for (char c : text) {
    while ((register_at(base_ + state) & state_tx_full) != 0) {
    }
    register_at(base_ + data) = static_cast<unsigned char>(c);
  }
}

}  // namespace camnet::qemu
