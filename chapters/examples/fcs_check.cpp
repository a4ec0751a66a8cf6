// Chapter 12.3, "The cable and the frame": the frame check sequence (FCS) catches damaged frames.
//
// The sender appends a CRC-32 of the whole frame; the receiver computes it again and drops the
// frame if the two differ. This example
//   1. builds a short frame with its FCS (emit_frame with Fcs::present): the 14-byte header and a
//      28-byte message are padded to 60 bytes, then the 4 FCS bytes make 64;
//   2. checks it as a receiver would (EthernetView::check with Fcs::present): it passes;
//   3. flips one bit, as noise on the cable might: the check now fails with FrameError::bad_fcs,
//      while a check that ignores the FCS (as for a capture without one) accepts the damaged frame;
//   4. flips every bit of the frame in turn, one at a time: CRC-32 catches each of them.
//
// Build and run, from the top of the repository:
//   cmake --build --preset default --target chapter_fcs_check
//   build/default/chapters/chapter_fcs_check
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "camnet/host/format.hpp"
#include "camnet/host/runtime.hpp"
#include "frame/crc32.hpp"
#include "frame/ethernet.hpp"
#include "frame/mac_address.hpp"
#include "run_example.hpp"

using namespace camnet;

namespace {

// IEEE keeps EtherType 0x88b5 free for local experiments: the right label for a message format we
// made up for this example.
constexpr std::uint16_t experimental_type = 0x88b5;
constexpr std::string_view message = "frame 1207: 3 faces detected";  // 28 bytes

// Prints `frame` 16 bytes to a line, with each line's offset.
void print_bytes(Bytes frame) {
  for (std::size_t at = 0; at < frame.size(); at += 16) {
    std::size_t count = frame.size() - at < 16 ? frame.size() - at : 16;
    fmt::print("   {:>3}  {}\n", at, HexBytes{frame.subspan(at, count), 16});
  }
}

// "passes", or the reason the check failed.
std::string_view verdict(Bytes frame, Fcs fcs) {
  Result<EthernetView, FrameError> view = EthernetView::check(frame, fcs);
  return view ? "passes" : to_string(view.error());
}

int run() {
  EthernetHeader header;
  header.destination = MacAddress({0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10});  // the PC
  header.source = MacAddress({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01});       // the camera
  header.ethertype = experimental_type;

  // 1. Build the frame, FCS included.
  std::array<std::uint8_t, 128> out{};
  Bytes text{reinterpret_cast<const std::uint8_t*>(message.data()), message.size()};
  Result<std::size_t, FrameError> length = emit_frame(header, text, out, Fcs::present);
  if (!length) {
    fmt::print("FAILED: emit_frame: {}\n", to_string(length.error()));
    return 1;
  }
  MutableBytes frame{out.data(), *length};
  Bytes covered = frame.first(frame.size() - ethernet::fcs_size);
  fmt::print("1. A frame with its FCS, {} bytes:\n", frame.size());
  fmt::print("   {} bytes of header + {} of message, padded with zeros to {}, + 4 bytes of FCS\n",
             header.size(), message.size(), covered.size());
  print_bytes(frame);
  std::uint32_t sum = crc32(covered);
  fmt::print("   CRC-32 of bytes 0-{}: 0x{:08x}, sent least significant byte first: {}\n\n",
             covered.size() - 1, sum, HexBytes{frame.last(ethernet::fcs_size)});

  // 2. The receiver's check.
  fmt::print("2. The receiver checks it: {}\n\n", verdict(frame, Fcs::present));
  if (verdict(frame, Fcs::present) != "passes") {
    fmt::print("FAILED: a correct frame did not pass its FCS check\n");
    return 1;
  }

  // 3. One bit flipped inside the message.
  constexpr std::size_t damaged_byte = 20;
  frame[damaged_byte] ^= 0x01;
  std::string_view now_reads{reinterpret_cast<const char*>(frame.data()) + header.size(),
                             message.size()};
  fmt::print("3. Noise flips one bit of byte {} (0x{:02x} becomes 0x{:02x}).\n", damaged_byte,
             frame[damaged_byte] ^ 0x01, frame[damaged_byte]);
  fmt::print("   The message now reads \"{}\": wrong, but nothing looks odd.\n", now_reads);
  fmt::print("   checked with its FCS:      {}\n", verdict(frame, Fcs::present));
  fmt::print("   checked as if it had none: {} (nothing can tell)\n\n",
             verdict(frame.first(covered.size()), Fcs::absent));
  Result<EthernetView, FrameError> damaged = EthernetView::check(frame, Fcs::present);
  if (damaged || damaged.error() != FrameError::bad_fcs) {
    fmt::print("FAILED: the damaged frame was not reported as bad_fcs\n");
    return 1;
  }
  frame[damaged_byte] ^= 0x01;  // repaired

  // 4. Every single-bit error, FCS bits included.
  std::size_t caught = 0;
  std::size_t tried = 0;
  for (std::size_t byte = 0; byte < frame.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      const auto mask = static_cast<std::uint8_t>(1u << bit);
      frame[byte] ^= mask;
      Result<EthernetView, FrameError> view = EthernetView::check(frame, Fcs::present);
      if (!view && view.error() == FrameError::bad_fcs) {
        ++caught;
      }
      ++tried;
      frame[byte] ^= mask;
    }
  }
  fmt::print("4. Flipping each of the {} bits in turn, one at a time: {} caught.\n", tried, caught);
  if (caught != tried) {
    fmt::print("FAILED: {} single-bit errors went unnoticed\n", tried - caught);
    return 1;
  }
  fmt::print("\nEvery one of the {} single-bit errors was caught by the FCS.\n", tried);
  return 0;
}

}  // namespace

int main() {
  return camnet::examples::run_example(run);
}
