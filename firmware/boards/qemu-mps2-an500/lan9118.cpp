#include "lan9118.hpp"

#include <algorithm>

#include "camnet/panic.hpp"
#include "frame/ethernet.hpp"
#include "mmio.hpp"

namespace camnet::qemu {
namespace {

// Registers, as offsets from the chip's base address (all 32 bits wide), named as in the notes.
namespace offset {
constexpr std::uintptr_t rx_data = 0x00;  // the RX data FIFO (0x00-0x1C all read it)
constexpr std::uintptr_t tx_data = 0x20;  // the TX data FIFO (0x20-0x3C all write it)
constexpr std::uintptr_t rx_status = 0x40;
constexpr std::uintptr_t tx_status = 0x48;
constexpr std::uintptr_t id_rev = 0x50;
constexpr std::uintptr_t int_sts = 0x58;
constexpr std::uintptr_t int_en = 0x5C;
constexpr std::uintptr_t byte_test = 0x64;
constexpr std::uintptr_t rx_cfg = 0x6C;
constexpr std::uintptr_t tx_cfg = 0x70;
constexpr std::uintptr_t hw_cfg = 0x74;
constexpr std::uintptr_t rx_fifo_inf = 0x7C;
constexpr std::uintptr_t tx_fifo_inf = 0x80;
constexpr std::uintptr_t pmt_ctrl = 0x84;
constexpr std::uintptr_t free_run = 0x9C;
constexpr std::uintptr_t mac_csr_cmd = 0xA4;
constexpr std::uintptr_t mac_csr_data = 0xA8;
}  // namespace offset

// What BYTE_TEST always reads: proof that the chip is there and the bus is the right way round.
constexpr std::uint32_t byte_test_value = 0x8765'4321;
constexpr std::uint32_t hw_cfg_soft_reset = 1u << 0;
constexpr std::uint32_t pmt_ctrl_ready = 1u << 0;
constexpr std::uint32_t tx_cfg_tx_on = 1u << 1;
constexpr std::uint32_t mac_csr_busy = 1u << 31;
constexpr std::uint32_t mac_csr_read = 1u << 30;

// The MAC's own registers, reached indirectly through MAC_CSR_CMD and MAC_CSR_DATA.
namespace mac {
constexpr std::uint32_t mac_cr = 1;
constexpr std::uint32_t addrh = 2;  // MAC address bytes 4..5
constexpr std::uint32_t addrl = 3;  // MAC address bytes 0..3
constexpr std::uint32_t mii_acc = 6;
constexpr std::uint32_t mii_data = 7;
}  // namespace mac
constexpr std::uint32_t mac_cr_rx_enable = 1u << 2;
constexpr std::uint32_t mac_cr_tx_enable = 1u << 3;
constexpr std::uint32_t mac_cr_full_duplex = 1u << 20;

// MII_ACC: which PHY register to read (the internal PHY is at address 1), and "still busy".
constexpr std::uint32_t internal_phy = 1;
constexpr std::uint32_t mii_busy = 1u << 0;
constexpr std::uint32_t mii_access(std::uint32_t phy_register) {
  return (internal_phy << 11) | (phy_register << 6);
}
// PHY basic status register and its link bit.
constexpr std::uint32_t phy_basic_status = 1;
constexpr std::uint32_t phy_link_up = 1u << 2;

// Transmit command words A and B, written before each frame's data.
constexpr std::uint32_t tx_first_segment = 1u << 13;
constexpr std::uint32_t tx_last_segment = 1u << 12;
// Receive and transmit status words: bit 15 is the error summary.
constexpr std::uint32_t status_error = 1u << 15;

// FIFO levels: status words waiting (bits 23:16), free transmit data space in bytes (15:0).
constexpr std::uint32_t status_words_used(std::uint32_t fifo_inf) {
  return (fifo_inf >> 16) & 0xFF;
}
constexpr std::uint32_t tx_data_free(std::uint32_t fifo_inf) {
  return fifo_inf & 0xFFFF;
}
constexpr std::uint32_t tx_command_bytes = 8;

// The received length in a receive status word (bits 29:16); it includes the 4-byte CRC.
constexpr std::size_t rx_length(std::uint32_t status) {
  return (status >> 16) & 0x3FFF;
}

// The longest frame accepted either way (without the FCS): 1514 bytes and two VLAN tags.
constexpr std::size_t max_frame = ethernet::max_frame + ethernet::max_tags * ethernet::tag_size;

// How many times to poll a bit the chip should change "at once" before giving up. QEMU completes
// resets and register accesses immediately; the real chip takes microseconds (milliseconds for
// its reset), and a board that waits forever on a dead chip says nothing at all.
constexpr int poll_limit = 1'000'000;

constexpr std::size_t words_for(std::size_t bytes) {
  return (bytes + 3) / 4;
}

}  // namespace

const char* to_string(Lan9118Error error) {
  switch (error) {
    case Lan9118Error::no_chip:
      return "no LAN9118 answers (BYTE_TEST is wrong)";
    case Lan9118Error::reset_stuck:
      return "the LAN9118's soft reset never finished";
    case Lan9118Error::never_ready:
      return "the LAN9118 never became ready (PMT_CTRL)";
    case Lan9118Error::mac_csr_stuck:
      return "the LAN9118's MAC registers do not answer (MAC_CSR_CMD stays busy)";
  }
  return "?";
}

volatile std::uint32_t& Lan9118::reg(std::uintptr_t at) const {
  return register_at(base_ + at);
}

std::optional<Lan9118Error> Lan9118::start(MacAddress mac) {
  if (reg(offset::byte_test) != byte_test_value)
    return Lan9118Error::no_chip;

  reg(offset::hw_cfg) = hw_cfg_soft_reset;
  int polls = 0;
  while ((reg(offset::hw_cfg) & hw_cfg_soft_reset) != 0) {
    if (++polls == poll_limit)
      return Lan9118Error::reset_stuck;
  }
  polls = 0;
  while ((reg(offset::pmt_ctrl) & pmt_ctrl_ready) == 0) {
    if (++polls == poll_limit)
      return Lan9118Error::never_ready;
  }
  if (!wait_mac_csr())
    return Lan9118Error::mac_csr_stuck;

  // The address, little-endian: 52:54:00:12:34:56 is ADDRL 0x12005452, ADDRH 0x5634.
  const auto& b = mac.octets();
  write_mac_csr(mac::addrl, std::uint32_t{b[0]} | std::uint32_t{b[1]} << 8 |
                                std::uint32_t{b[2]} << 16 | std::uint32_t{b[3]} << 24);
  write_mac_csr(mac::addrh, std::uint32_t{b[4]} | std::uint32_t{b[5]} << 8);

  // Polling only: no interrupts, and none left pending from before the reset.
  reg(offset::int_en) = 0;
  reg(offset::int_sts) = 0xFFFF'FFFF;
  // Received frames start at the first byte of the first word (no offset, no end padding).
  reg(offset::rx_cfg) = 0;
  reg(offset::tx_cfg) = tx_cfg_tx_on;
  // Receive and transmit, full duplex. This also clears the promiscuous bit set at reset, so the
  // MAC now keeps only frames for our address and broadcasts.
  write_mac_csr(mac::mac_cr, mac_cr_tx_enable | mac_cr_rx_enable | mac_cr_full_duplex);
  return std::nullopt;
}

bool Lan9118::wait_mac_csr() const {
  for (int polls = 0; polls < poll_limit; ++polls) {
    if ((reg(offset::mac_csr_cmd) & mac_csr_busy) == 0)
      return true;
  }
  return false;
}

std::uint32_t Lan9118::read_mac_csr(std::uint32_t index) const {
  reg(offset::mac_csr_cmd) = mac_csr_busy | mac_csr_read | index;
  if (!wait_mac_csr())
    panic("lan9118: a MAC register read never finished");
  return reg(offset::mac_csr_data);
}

void Lan9118::write_mac_csr(std::uint32_t index, std::uint32_t value) const {
  reg(offset::mac_csr_data) = value;
  reg(offset::mac_csr_cmd) = mac_csr_busy | index;
  if (!wait_mac_csr())
    panic("lan9118: a MAC register write never finished");
}

std::uint16_t Lan9118::read_phy(std::uint32_t index) const {
  // The PHY is two steps away: a MAC register (MII_ACC) starts the MII read, another (MII_DATA)
  // holds the result once MII_ACC is no longer busy.
  write_mac_csr(mac::mii_acc, mii_access(index) | mii_busy);
  for (int polls = 0; (read_mac_csr(mac::mii_acc) & mii_busy) != 0; ++polls) {
    if (polls == poll_limit)
      panic("lan9118: a PHY register read never finished");
  }
  return static_cast<std::uint16_t>(read_mac_csr(mac::mii_data));
}

bool Lan9118::is_up() const {
  return (read_phy(phy_basic_status) & phy_link_up) != 0;
}

bool Lan9118::frame_waiting() const {
  return status_words_used(reg(offset::rx_fifo_inf)) > 0;
}

std::uint32_t Lan9118::free_run() const {
  return reg(offset::free_run);
}

std::uint32_t Lan9118::id_rev() const {
  return reg(offset::id_rev);
}

void Lan9118::collect_tx_status() {
  // One status word per frame sent. Read them as they come: the status FIFO is small, and the
  // real chip stops transmitting when it is full.
  while (status_words_used(reg(offset::tx_fifo_inf)) > 0) {
    if ((reg(offset::tx_status) & status_error) != 0)
      ++counters_.tx_errors;
  }
}

SendStatus Lan9118::send(Bytes frame) {
  collect_tx_status();
  if (frame.size() > max_frame) {
    ++counters_.tx_oversize;
    return SendStatus::too_big;
  }
  if (!is_up())
    return SendStatus::link_down;
  // Ethernet's minimum is 60 bytes before the FCS. The real chip pads short frames itself; QEMU's
  // model sends them as they are, so pad with zeros here.
  const std::size_t length = std::max(frame.size(), ethernet::min_frame);
  const std::size_t words = words_for(length);
  if (tx_data_free(reg(offset::tx_fifo_inf)) < words * 4 + tx_command_bytes) {
    ++counters_.tx_no_room;
    return SendStatus::no_room;
  }

  // Command A: the whole frame is one buffer (first and last segment) of `length` bytes.
  // Command B: a tag of our choosing (it comes back in the frame's status word) and the length.
  const auto size = static_cast<std::uint32_t>(length);
  reg(offset::tx_data) = tx_first_segment | tx_last_segment | size;
  reg(offset::tx_data) = std::uint32_t{next_tag_++} << 16 | size;
  // The data, four bytes per word, the first byte in the least significant bits. The frame leaves
  // when its last word is written.
  for (std::size_t w = 0; w < words; ++w) {
    std::uint32_t word = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const std::size_t at = w * 4 + i;
      if (at < frame.size())
        word |= std::uint32_t{frame[at]} << (8 * i);
    }
    reg(offset::tx_data) = word;
  }
  ++counters_.tx_frames;
  return SendStatus::sent;
}

void Lan9118::discard_rx_words(std::size_t words) {
  // Reading RX_DATA pops a word off the FIFO: the value is not needed, the read is.
  for (std::size_t w = 0; w < words; ++w)
    [[maybe_unused]] const std::uint32_t word = reg(offset::rx_data);
}

std::optional<PacketBuffer> Lan9118::receive() {
  // One object, returned from one place: the compiler builds it in the caller's storage instead of
  // copying 1.7 KB through the stack.
  std::optional<PacketBuffer> frame;
  while (!frame && frame_waiting()) {
    // Each frame is a status word (in its own FIFO), then its bytes in whole words, CRC included.
    const std::uint32_t status = reg(offset::rx_status);
    const std::size_t length = rx_length(status);
    const std::size_t words = words_for(length);
    if ((status & status_error) != 0 || length < ethernet::header_size + ethernet::fcs_size) {
      discard_rx_words(words);
      ++counters_.rx_errors;
      continue;
    }
    const std::size_t frame_length = length - ethernet::fcs_size;  // the stack wants no FCS
    if (frame_length > max_frame) {
      discard_rx_words(words);
      ++counters_.rx_oversize;
      continue;
    }
    MutableBytes out = frame.emplace().append(frame_length);
    for (std::size_t w = 0; w < words; ++w) {
      const std::uint32_t word = reg(offset::rx_data);
      for (std::size_t i = 0; i < 4; ++i) {
        const std::size_t at = w * 4 + i;
        if (at < frame_length)
          out[at] = static_cast<std::uint8_t>(word >> (8 * i));
      }
    }
    ++counters_.rx_frames;
  }
  return frame;
}

}  // namespace camnet::qemu
