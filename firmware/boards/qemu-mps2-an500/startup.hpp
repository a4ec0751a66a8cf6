// What startup.cpp measures for the rest of the board.
#pragma once

#include <cstddef>

namespace camnet::qemu {

struct StackUse {
  std::size_t used = 0;     // bytes, the deepest the stack has been since reset
  std::size_t size = 0;     // bytes reserved for it (__stack_size in the linker script)
  bool overflowed = false;  // it reached its limit: everything past it is suspect
};

// The stack's high-water mark: the reset handler paints the whole stack with a pattern, and
// whatever is no longer the pattern has been used.
StackUse stack_use();

}  // namespace camnet::qemu
