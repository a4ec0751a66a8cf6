// The camera firmware for QEMU's mps2-an500: bring the board up, run the camera, and return its
// result, which the reset handler passes to power_off() and QEMU returns as its exit status.
#include "camera_app.hpp"
#include "qemu_board.hpp"

int main() {
  camnet::qemu::start_board();
  return camnet::run_camera(camnet::CameraConfig{});
}
