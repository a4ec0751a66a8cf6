#include "camnet/host/runtime.hpp"

#include "camnet/panic.hpp"

namespace camnet {

void panic(const char* what) {
  throw host::Panic(what);
}
void todo(const char* what) {
  throw host::TodoReached(what);
}

}  // namespace camnet
