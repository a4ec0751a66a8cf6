// Memory-mapped registers: a peripheral is a block of 32-bit registers at fixed addresses.
//
// `volatile` tells the compiler that every read and write has an effect it cannot see (popping a
// FIFO, sending a byte), so none may be cached, merged, reordered or dropped.
#pragma once

#include <cstdint>

namespace camnet::qemu {

inline volatile std::uint32_t& register_at(std::uintptr_t address) {
  return *reinterpret_cast<volatile std::uint32_t*>(address);
}

}  // namespace camnet::qemu
