// Semihosting: the image asks the debugger (here QEMU, started with -semihosting) to do something
// on the host. The board uses one request: exit, so that the camera's result becomes QEMU's exit
// status and a test can check it.
#pragma once

namespace camnet::qemu {

// Ends the emulation with `status` as QEMU's exit status (SYS_EXIT_EXTENDED). Without
// -semihosting QEMU treats the request as a fault and aborts (status 134); on a real board with no
// debugger attached it hangs here.
[[noreturn]] void semihosting_exit(int status);

}  // namespace camnet::qemu
