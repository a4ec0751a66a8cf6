// The board contract (../../app/board.hpp) on QEMU's mps2-an500, and panic() and todo().
#include <array>
#include <cstdio>

#include "board.hpp"
#include "camnet/panic.hpp"
#include "lan9118.hpp"
#include "qemu_board.hpp"
#include "semihosting.hpp"
#include "startup.hpp"
#include "uart.hpp"

namespace camnet {
namespace {

// Constant-initialised (constexpr constructor): usable before and after static constructors run.
qemu::Lan9118 lan9118{qemu::lan9118_base};

// QEMU's default MAC for the first NIC; QEMU's user-mode network expects the guest to use it.
constexpr MacAddress board_mac({0x52, 0x54, 0x00, 0x12, 0x34, 0x56});

// The clock: the LAN9118's FREE_RUN counter, 25 MHz and 32 bits, so it wraps every 171.8 s.
// Each read extends it to 64 bits: if the counter went backwards, it wrapped once since the last
// read. That holds as long as something reads the clock at least every 171 s; the camera's loop
// reads it every millisecond.
constexpr std::uint64_t free_run_hz = 25'000'000;
std::uint32_t last_free_run = 0;
std::uint64_t free_run_wraps = 0;

std::uint64_t clock_ticks() {
  const std::uint32_t now = lan9118.free_run();
  if (now < last_free_run)
    ++free_run_wraps;
  last_free_run = now;
  return free_run_wraps << 32 | now;
}

// A line on the console: a panic on the way out may come before start_board() turned it on.
void console_line(std::string_view first, std::string_view second = {}) {
  qemu::console_uart.enable();
  qemu::console_uart.write(first);
  qemu::console_uart.write(second);
  qemu::console_uart.write("\n");
}

template <class... Args>
void console_printf(const char* format, Args... args) {
  std::array<char, 160> line{};
  std::snprintf(line.data(), line.size(), format, args...);
  console_line(line.data());
}

}  // namespace

namespace board {

const char* name() {
  return "qemu-mps2-an500 (Cortex-M7, LAN9118)";
}

MacAddress mac() {
  return board_mac;
}

Link& ethernet() {
  return lan9118;
}

Timestamp now() {
  return Timestamp(static_cast<std::int64_t>(clock_ticks() / (free_run_hz / 1000)));
}

void log(std::string_view line) {
  console_line(line);
}

void wait() {
  // No interrupt is wired (the board polls): spin until a frame is waiting or 1 ms has passed.
  constexpr std::uint64_t one_ms = free_run_hz / 1000;
  const std::uint64_t start = clock_ticks();
  while (!lan9118.frame_waiting() && clock_ticks() - start < one_ms) {
  }
}

}  // namespace board

[[noreturn]] void panic(const char* what) {
  console_line("panic: ", what);
  qemu::power_off(2);
}

[[noreturn]] void todo(const char* what) {
  console_line(what);
  qemu::power_off(2);
}

namespace qemu {

void start_board() {
  console_uart.enable();
  if (std::optional<Lan9118Error> error = lan9118.start(board_mac))
    panic(to_string(*error));
  // The reset restarted FREE_RUN at zero: board::now() counts from here.
  last_free_run = 0;
  free_run_wraps = 0;
  console_printf("%s: LAN9118 (ID_REV 0x%08lx) started", board::name(),
                 static_cast<unsigned long>(lan9118.id_rev()));
}

void power_off(int status) {
  // Only once: a panic while reporting (or a fault in a panic) goes straight out.
  static bool powering_off = false;
  if (!powering_off) {
    powering_off = true;
    const Lan9118Counters& c = lan9118.counters();
    console_printf(
        "lan9118: %lu frames in (%lu errors, %lu oversized dropped), %lu out (%lu errors, %lu "
        "oversized, %lu no room)",
        static_cast<unsigned long>(c.rx_frames), static_cast<unsigned long>(c.rx_errors),
        static_cast<unsigned long>(c.rx_oversize), static_cast<unsigned long>(c.tx_frames),
        static_cast<unsigned long>(c.tx_errors), static_cast<unsigned long>(c.tx_oversize),
        static_cast<unsigned long>(c.tx_no_room));
    const StackUse stack = stack_use();
    console_printf("stack: %lu bytes used of %lu%s", static_cast<unsigned long>(stack.used),
                   static_cast<unsigned long>(stack.size),
                   stack.overflowed ? " (OVERFLOWED: memory below the stack is corrupt)" : "");
    console_printf("exit status %d", status);
  }
  semihosting_exit(status);
}

}  // namespace qemu
}  // namespace camnet
