// From power-on to main(): the vector table, the reset handler, and a handler that reports faults.
//
// A Cortex-M core starts by reading two words at address 0: the initial stack pointer and the
// address of the reset handler. Nothing is set up yet: the reset handler makes the machine look
// the way C++ expects (FPU on, .data copied, .bss zeroed, static constructors run) and calls
// main(). When main() returns, the board reports and ends the emulation with main's result.
#include <array>
#include <cstdint>
#include <cstdio>

#include "camnet/panic.hpp"
#include "mmio.hpp"
#include "qemu_board.hpp"
#include "startup.hpp"

using Handler = void (*)();

// Symbols the linker script (mps2-an500.ld) defines: where things are, not variables.
extern "C" {
extern std::uint32_t __stack_top[];
extern std::uint32_t __stack_limit[];
extern const std::uint32_t __data_load[];
extern std::uint32_t __data_start[];
extern std::uint32_t __data_end[];
extern std::uint32_t __bss_start[];
extern std::uint32_t __bss_end[];
extern const Handler __preinit_array_start[];
extern const Handler __preinit_array_end[];
extern const Handler __init_array_start[];
extern const Handler __init_array_end[];

[[noreturn]] void reset_handler();
void fault_handler();
[[noreturn]] void fault_report(const std::uint32_t* frame);

// C++ forbids naming main() inside the program ([basic.start.main]); the C runtime's startup code
// calls it by its symbol, and so does ours.
int application_main() __asm__("main");
}

namespace {

// System control block registers (ARMv7-M architecture manual).
constexpr std::uintptr_t cpacr = 0xE000'ED88;  // coprocessor access control
constexpr std::uint32_t cp10_cp11_full_access = 0xFu << 20;
constexpr std::uintptr_t cfsr = 0xE000'ED28;  // configurable fault status
constexpr std::uintptr_t hfsr = 0xE000'ED2C;  // hard fault status
constexpr std::uintptr_t bfar = 0xE000'ED38;  // bus fault address

// The stack is painted with this at reset; stack_use() looks for where the paint is gone.
constexpr std::uint32_t stack_paint = 0x5A5A'5A5A;
// Words just below the reset handler's own stack pointer that are left unpainted: room for the
// painting code itself.
constexpr std::size_t paint_margin_words = 16;

// Exceptions 1 to 15 (reset, NMI, HardFault, ...) and the 32 interrupts of mps2-an500. None is
// enabled: anything but reset that arrives here is a fault, and fault_handler says which.
constexpr std::size_t exception_count = 15 + 32;

struct VectorTable {
  const std::uint32_t* initial_stack;
  std::array<Handler, exception_count> handlers;  // handlers[n - 1] for exception number n
};

constexpr std::array<Handler, exception_count> make_handlers() {
  std::array<Handler, exception_count> handlers{};
  handlers.fill(fault_handler);
  handlers[0] = reset_handler;
  return handlers;
}

}  // namespace

// The linker script puts .vectors at address 0.
extern "C" [[gnu::section(".vectors"), gnu::used]] const VectorTable vector_table = {
    __stack_top, make_handlers()};

void reset_handler() {
  // 1. The FPU, before anything might use a floating-point register: the compiler may use them
  // even for copying memory, and an M7 with the FPU off faults on the first such instruction.
  camnet::qemu::register_at(cpacr) |= cp10_cp11_full_access;
  asm volatile("dsb\n\tisb" ::: "memory");

  // 2. Paint the stack below us, so stack_use() can find the high-water mark at exit. (volatile:
  // the compiler must not turn this loop into a call to memset, whose own stack frame would be in
  // the area being painted.)
  std::uint32_t* sp = nullptr;
  asm volatile("mov %0, sp" : "=r"(sp));
  for (volatile std::uint32_t* p = __stack_limit; p < sp - paint_margin_words; ++p)
    *p = stack_paint;

  // 3. Initialised variables: their values are stored in flash after the code.
  const std::uint32_t* from = __data_load;
  for (std::uint32_t* to = __data_start; to < __data_end;)
    *to++ = *from++;
  // 4. Zero-initialised variables.
  for (std::uint32_t* p = __bss_start; p < __bss_end;)
    *p++ = 0;
  // 5. Constructors of static objects.
  for (const Handler* f = __preinit_array_start; f < __preinit_array_end; ++f)
    (*f)();
  for (const Handler* f = __init_array_start; f < __init_array_end; ++f)
    (*f)();

  camnet::qemu::power_off(application_main());
}

// A fault (or an interrupt nobody enabled). The core has pushed r0-r3, r12, lr, pc and xPSR on
// the stack: hand fault_report a pointer to them, touching nothing else (naked: no prologue).
[[gnu::naked]] void fault_handler() {
  asm volatile(
      "mov r0, sp\n\t"
      "b fault_report\n\t");
}

void fault_report(const std::uint32_t* frame) {
  std::uint32_t ipsr = 0;
  asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  const std::uint32_t exception = ipsr & 0x1FF;  // the exception number
  std::array<char, 32> name{};
  switch (exception) {
    case 2:
      std::snprintf(name.data(), name.size(), "NMI");
      break;
    case 3:
      std::snprintf(name.data(), name.size(), "HardFault");
      break;
    default:
      if (exception >= 16) {
        std::snprintf(name.data(), name.size(), "interrupt %lu",
                      static_cast<unsigned long>(exception - 16));
      } else {
        std::snprintf(name.data(), name.size(), "exception %lu",
                      static_cast<unsigned long>(exception));
      }
  }
  // pc is where it happened (arm-none-eabi-addr2line -e camera-qemu.elf 0x...); CFSR and HFSR
  // say why, BFAR where a bus fault tried to read or write.
  std::array<char, 128> text{};
  std::snprintf(text.data(), text.size(),
                "%s at pc 0x%08lx (lr 0x%08lx, CFSR 0x%08lx, HFSR 0x%08lx, BFAR 0x%08lx)",
                name.data(), static_cast<unsigned long>(frame[6]),
                static_cast<unsigned long>(frame[5]),
                static_cast<unsigned long>(camnet::qemu::register_at(cfsr)),
                static_cast<unsigned long>(camnet::qemu::register_at(hfsr)),
                static_cast<unsigned long>(camnet::qemu::register_at(bfar)));
  camnet::panic(text.data());
}

namespace camnet::qemu {

StackUse stack_use() {
  StackUse use;
  use.size = static_cast<std::size_t>(__stack_top - __stack_limit) * sizeof(std::uint32_t);
  const volatile std::uint32_t* p = __stack_limit;
  while (p < __stack_top && *p == stack_paint)
    ++p;
  use.used = static_cast<std::size_t>(__stack_top - p) * sizeof(std::uint32_t);
  use.overflowed = p == __stack_limit;
  return use;
}

}  // namespace camnet::qemu
