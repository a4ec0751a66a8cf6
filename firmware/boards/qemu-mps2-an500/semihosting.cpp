#include "semihosting.hpp"

#include <cstdint>

namespace camnet::qemu {
namespace {

// ARM semihosting: the operation number in r0, a pointer to its parameter block in r1, then
// `bkpt 0xAB` (the M-profile's semihosting trap).
constexpr std::uint32_t sys_exit_extended = 0x20;
// Plain SYS_EXIT (0x18) on 32-bit ARM only says "success" or "failure"; SYS_EXIT_EXTENDED carries a
// reason and a status: "the application exited" and its exit code.
constexpr std::uint32_t adp_stopped_application_exit = 0x20026;

}  // namespace

void semihosting_exit(int status) {
  const std::uint32_t block[2] = {adp_stopped_application_exit, static_cast<std::uint32_t>(status)};
  asm volatile(
      "mov r0, %0\n"
      "mov r1, %1\n"
      "bkpt 0xAB\n"
      :
      : "r"(sys_exit_extended), "r"(block)
      : "r0", "r1", "memory");
  // Only reached if the debugger ignored the request: stop here.
  for (;;) {
    asm volatile("wfi");
  }
}

}  // namespace camnet::qemu
