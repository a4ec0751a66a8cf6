// The camera's Ethernet port: an SMSC LAN9118 (MAC and PHY on one chip), as QEMU models it on
// mps2-an500, behind the stack's Link interface.
//
// The driver polls: no interrupt, no DMA. Frames go in and out through the chip's FIFOs, one
// 32-bit word at a time. Register names and the bring-up sequence follow
// ../shared/notes/qemu-mps2-an500.md (and the LAN9118 datasheet they come from).
#pragma once

#include <cstdint>
#include <optional>

#include "camnet/link.hpp"
#include "frame/mac_address.hpp"

namespace camnet::qemu {

struct Lan9118Counters {
  std::uint32_t rx_frames = 0;    // handed to the stack
  std::uint32_t rx_errors = 0;    // dropped: the chip flagged them (bad CRC, runt, collision, ...)
  std::uint32_t rx_oversize = 0;  // dropped: longer than an Ethernet frame with two VLAN tags
  std::uint32_t tx_frames = 0;    // handed to the chip
  std::uint32_t tx_errors = 0;    // the chip's transmit status reported an error
  std::uint32_t tx_oversize = 0;  // refused (SendStatus::too_big)
  std::uint32_t tx_no_room = 0;   // refused: the transmit FIFO was full (SendStatus::no_room)
};

enum class Lan9118Error : std::uint8_t {
  no_chip,        // BYTE_TEST did not read 0x87654321: nothing (or something else) at that address
  reset_stuck,    // HW_CFG's soft reset bit never cleared
  never_ready,    // PMT_CTRL never said the chip was ready
  mac_csr_stuck,  // an indirect MAC register access never finished
};
const char* to_string(Lan9118Error error);

class Lan9118 final : public Link {
 public:
  explicit constexpr Lan9118(std::uintptr_t base) : base_(base) {}

  // Resets the chip and starts it with `mac` as its address: afterwards it receives frames for
  // that address and broadcasts (no longer everything, as after reset) and transmits.
  std::optional<Lan9118Error> start(MacAddress mac);

  SendStatus send(Bytes frame) override;
  std::optional<PacketBuffer> receive() override;
  // The link bit of the PHY's basic status register. QEMU's PHY follows the netdev's link state,
  // so `set_link n0 off` in the QEMU monitor takes the link down here too.
  bool is_up() const override;

  // True if at least one received frame waits in the chip (without taking it).
  bool frame_waiting() const;
  // The chip's free-running counter: 25 MHz, 32 bits, counting from the last reset.
  std::uint32_t free_run() const;
  std::uint32_t id_rev() const;
  const Lan9118Counters& counters() const { return counters_; }

 private:
  // Register accesses are const: they change the chip, not this object.
  volatile std::uint32_t& reg(std::uintptr_t at) const;
  bool wait_mac_csr() const;
  std::uint32_t read_mac_csr(std::uint32_t index) const;
  void write_mac_csr(std::uint32_t index, std::uint32_t value) const;
  std::uint16_t read_phy(std::uint32_t index) const;
  void collect_tx_status();
  void discard_rx_words(std::size_t words);

  std::uintptr_t base_;
  std::uint16_t next_tag_ = 0;
  Lan9118Counters counters_;
};

// The LAN9118 on mps2-an500 (on mps2-an385/an386 it sits at 0x40200000).
inline constexpr std::uintptr_t lan9118_base = 0xA000'0000;

}  // namespace camnet::qemu
