// What the C and C++ runtime libraries expect from the platform, answered for a board with no heap
// and no operating system.
#include <cerrno>
#include <cstddef>

#include "camnet/panic.hpp"

// newlib's malloc() asks _sbrk() for memory. The stack keeps every table in static storage, so
// there is no heap: this says "no memory" to anything that asks. (snprintf links malloc in for
// the formats that need it, which the camera never uses.)
extern "C" void* _sbrk(std::ptrdiff_t) {
  errno = ENOMEM;
  return reinterpret_cast<void*>(-1);
}

// Called if a pure virtual function is ever called (an object used during its construction or
// after its destruction). The default one would pull in std::terminate and its machinery.
extern "C" void __cxa_pure_virtual() {
  camnet::panic("pure virtual function called");
}

// Link has a virtual destructor, so every driver behind it gets a "deleting destructor" that calls
// operator delete, and the library's operator delete calls free(). Nothing on this board is ever
// created with new, so nothing is ever deleted.
void operator delete(void*) noexcept {
  camnet::panic("operator delete called on a board with no heap");
}
void operator delete(void*, std::size_t) noexcept {
  camnet::panic("operator delete called on a board with no heap");
}
