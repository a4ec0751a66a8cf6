// What this board's own startup code and main() need from board.cpp. (The camera application sees
// only the board contract, ../../app/board.hpp.)
#pragma once

namespace camnet::qemu {

// Brings the board up: the console, then the Ethernet chip (a panic if it does not answer), whose
// reset also starts the clock board::now() reads.
void start_board();

// Reports on the console (the Ethernet counters, the stack's high-water mark), then ends the
// emulation with `status` as QEMU's exit status.
[[noreturn]] void power_off(int status);

}  // namespace camnet::qemu
