// Chapter 12.2, "Layered protocols": each layer wraps what the layer above gave it in its own
// header.
//
// A camera's message goes into a camnet::PacketBuffer, which keeps free space (headroom) in front
// of its contents. Each layer writes its header into that space, in front of what is already there,
// so the message itself is never copied or moved:
//   1. the message: the bytes the application wants to send;
//   2. Ethernet with an 802.1Q tag (VLAN 20), written in front of it by camnet::encapsulate;
//   3. an 802.1ad service tag (VLAN 100), added outside the 802.1Q tag, as a provider's switch
//      does with Q-in-Q. qinq.pcap in lab 1's captures holds real frames built this way.
// After each step the example prints the frame, one layer per line.
//
// Build and run, from the top of the repository:
//   cmake --build --preset default --target chapter_nested_headers
//   build/default/chapters/chapter_nested_headers
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "camnet/host/format.hpp"
#include "camnet/host/runtime.hpp"
#include "camnet/packet_buffer.hpp"
#include "frame/ethernet.hpp"
#include "frame/mac_address.hpp"
#include "run_example.hpp"

using namespace camnet;

namespace {

// IEEE keeps EtherType 0x88b5 free for local experiments: the right label for a message format we
// made up for this example.
constexpr std::uint16_t experimental_type = 0x88b5;
constexpr std::string_view message = "hello from cam1";

// One line of the printout: a name, then `count` bytes of `frame` from `offset`.
void print_part(std::string_view name, Bytes frame, std::size_t offset, std::size_t count,
                std::string_view note = "") {
  // HexBytes ignores a width, so it is formatted to a string first and that string is padded.
  std::string hex = fmt::format("{}", HexBytes{frame.subspan(offset, count), 8});
  fmt::print("   {:<12} {:<27}  {}\n", name, hex, note);
}

std::string describe(const VlanTag& tag) {
  return fmt::format("TPID 0x{:04x} ({}), VLAN {}", tag.tpid, ethertype::name(tag.tpid),
                     tag.vlan_id);
}

// Prints the frame in `buffer` layer by layer, as lab 1's EthernetView reads it.
bool print_frame(const PacketBuffer& buffer) {
  Result<EthernetView, FrameError> view = EthernetView::check(buffer.bytes());
  if (!view) {
    fmt::print("FAILED: not a whole Ethernet frame: {}\n", to_string(view.error()));
    return false;
  }
  Bytes frame = buffer.bytes();
  print_part("destination", frame, 0, 6, fmt::format("{}", view->destination()));
  print_part("source", frame, 6, 6, fmt::format("{}", view->source()));
  for (std::size_t i = 0; i < view->tag_count(); ++i) {
    const char* name = view->tag_count() == 1 ? "tag" : i == 0 ? "outer tag" : "inner tag";
    print_part(name, frame, 12 + ethernet::tag_size * i, ethernet::tag_size,
               describe(view->tag(i)));
  }
  std::size_t at = view->header_size() - 2;
  print_part("EtherType", frame, at, 2,
             fmt::format("0x{:04x} (our experiment)", view->ethertype()));
  at += 2;
  print_part("message", frame, at, message.size(), fmt::format("\"{}\"", message));
  at += message.size();
  if (at < frame.size()) {
    print_part(
        "padding", frame, at, frame.size() - at,
        fmt::format("{} zeros: encapsulate padded the frame to 60 bytes", frame.size() - at));
  }
  fmt::print("   {} bytes in all, {} of them headers\n", frame.size(), view->header_size());
  return true;
}

int run() {
  // Step 1: the message alone.
  PacketBuffer buffer{Bytes{reinterpret_cast<const std::uint8_t*>(message.data()), message.size()}};
  const std::uint8_t* message_at = buffer.bytes().data();  // where the message sits in memory
  fmt::print("1. The message, {} bytes, with {} bytes of headroom free in front of it:\n",
             buffer.size(), PacketBuffer::headroom);
  print_part("message", buffer.bytes(), 0, buffer.size(), fmt::format("\"{}\"", message));
  fmt::print("\n");

  // Step 2: Ethernet wraps it. The 802.1Q tag is part of the Ethernet header: it sits between the
  // source address and the EtherType, so encapsulate() writes all 18 bytes in one go.
  EthernetHeader header;
  header.destination = MacAddress({0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10});  // the PC
  header.source = MacAddress({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01});       // the camera
  header.tags[0] = VlanTag{.tpid = ethertype::vlan, .priority = 0, .vlan_id = 20};
  header.tag_count = 1;
  header.ethertype = experimental_type;
  if (!encapsulate(header, buffer)) {
    fmt::print("FAILED: encapsulate found no room for the header\n");
    return 1;
  }
  fmt::print("2. Ethernet with an 802.1Q tag, written in front of the message (encapsulate):\n");
  if (!print_frame(buffer)) {
    return 1;
  }

  // Step 3: a provider's switch wraps the customer's tagged frame in its own service tag. The new
  // tag goes outside the 802.1Q tag, right after the addresses, so the addresses move 4 bytes
  // forward into the headroom and the whole header is written again; the rest stays where it is.
  Result<EthernetView, FrameError> tagged = EthernetView::check(buffer.bytes());
  if (!tagged) {
    fmt::print("FAILED: the frame from step 2 does not read back\n");
    return 1;
  }
  EthernetHeader outer = EthernetHeader::parse(*tagged);
  outer.tags[1] = outer.tags[0];
  outer.tags[0] = VlanTag{.tpid = ethertype::qinq, .priority = 0, .vlan_id = 100};
  outer.tag_count = 2;
  if (buffer.prepend(ethernet::tag_size).empty() || !outer.emit(buffer.mutable_bytes())) {
    fmt::print("FAILED: no room for the service tag\n");
    return 1;
  }
  fmt::print("\n3. An 802.1ad service tag added outside the 802.1Q tag (Q-in-Q):\n");
  if (!print_frame(buffer)) {
    return 1;
  }

  // What this shows must hold: two tags, outer 802.1ad VLAN 100, inner 802.1Q VLAN 20, and the
  // message at the same address in memory as in step 1.
  Result<EthernetView, FrameError> view = EthernetView::check(buffer.bytes());
  bool ok = view && view->tag_count() == 2 && view->tag(0).tpid == ethertype::qinq &&
            view->tag(0).vlan_id == 100 && view->tag(1).tpid == ethertype::vlan &&
            view->tag(1).vlan_id == 20 && view->ethertype() == experimental_type &&
            view->payload().data() == message_at;
  if (!ok) {
    fmt::print("FAILED: the finished frame is not what the three steps should have built\n");
    return 1;
  }
  fmt::print("\nThe message never moved: every header was written in front of it ({} bytes).\n",
             view->header_size());
  return 0;
}

}  // namespace

int main() {
  return camnet::examples::run_example(run);
}
