// Chapter 12.1, "Why networks": many cameras on one shared medium.
//
// Four stations share one medium (camnet::MemoryMedium): whatever one of them sends, every other
// one hears, as on a hub or on the coaxial Ethernet of the 1980s.
//   1. The PC sends bare messages, with no addresses. Every camera receives every message and has
//      nothing to tell it which one is its own.
//   2. The PC sends the same messages as Ethernet frames with a destination MAC address. Every
//      camera still hears every frame, but keeps only the ones addressed to it (or to everyone).
//
// Build and run, from the top of the repository:
//   cmake --build --preset default --target chapter_shared_medium
//   build/default/chapters/chapter_shared_medium
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "camnet/host/format.hpp"
#include "camnet/host/runtime.hpp"
#include "camnet/memory_link.hpp"
#include "frame/ethernet.hpp"
#include "frame/mac_address.hpp"
#include "run_example.hpp"

using namespace camnet;

namespace {

// IEEE keeps EtherType 0x88b5 free for local experiments: the right label for a message format we
// made up for this example.
constexpr std::uint16_t experimental_type = 0x88b5;

struct Station {
  std::string_view name;
  MacAddress mac;
};

// The PC and the first camera have the addresses of two-hosts.pcap (lab 1's captures). The cameras'
// addresses start with 02: locally administered, as OpenMV cams choose them.
constexpr std::size_t station_count = 4;
const std::array<Station, station_count> stations{{
    {"pc", MacAddress({0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10})},
    {"cam1", MacAddress({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01})},
    {"cam2", MacAddress({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x02})},
    {"cam3", MacAddress({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x03})},
}};
constexpr std::size_t pc = 0;

Bytes as_bytes(std::string_view text) {
  return Bytes{reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// The text in a frame's payload. emit_frame pads short frames to 60 bytes with zeros, and our
// messages contain no zero byte, so the text ends at the first zero.
std::string_view as_text(Bytes payload) {
  std::size_t length = 0;
  while (length < payload.size() && payload[length] != 0) {
    ++length;
  }
  return std::string_view{reinterpret_cast<const char*>(payload.data()), length};
}

// Builds an Ethernet frame carrying `text` and sends it on `link`.
bool send_frame(Link& link, MacAddress destination, MacAddress source, std::string_view text) {
  EthernetHeader header;
  header.destination = destination;
  header.source = source;
  header.ethertype = experimental_type;
  std::array<std::uint8_t, ethernet::max_frame> out{};
  Result<std::size_t, FrameError> length = emit_frame(header, as_bytes(text), out);
  if (!length) {
    fmt::print("FAILED: emit_frame: {}\n", to_string(length.error()));
    return false;
  }
  return link.send(Bytes{out.data(), *length}) == SendStatus::sent;
}

// Part 1: no addresses. Returns true if every camera received every message.
bool without_addresses(MemoryMedium<station_count>& medium) {
  fmt::print("1. No addresses: pc sends three bare messages, one meant for each camera.\n");
  const std::array<std::string_view, 3> messages{"cam1: take a photo", "cam2: take a photo",
                                                 "cam3: take a photo"};
  for (std::string_view message : messages) {
    if (medium.station(pc).send(as_bytes(message)) != SendStatus::sent) {
      return false;
    }
  }
  bool ok = true;
  for (std::size_t cam = 1; cam < station_count; ++cam) {
    std::vector<std::string> heard;
    while (std::optional<PacketBuffer> message = medium.station(cam).receive()) {
      heard.emplace_back(as_text(message->bytes()));
    }
    fmt::print("   {} received {}: \"{}\"\n", stations[cam].name, heard.size(),
               fmt::join(heard, "\", \""));
    if (heard.size() != messages.size()) {
      ok = false;
    }
  }
  fmt::print("   Each camera got all three and must read every one to find its own.\n\n");
  return ok;
}

// Part 2: destination MAC addresses. Returns true if every station kept exactly the frames
// addressed to it or to everyone.
bool with_addresses(MemoryMedium<station_count>& medium) {
  fmt::print("2. With addresses: the same messages as Ethernet frames, each to one MAC address.\n");
  for (const Station& station : stations) {
    fmt::print("   {:<5} {}\n", station.name, station.mac);
  }

  // pc asks each camera for a photo and then asks everyone (broadcast); cam2 answers pc.
  const MacAddress pc_mac = stations[pc].mac;
  bool sent = true;
  for (std::size_t cam = 1; cam < station_count; ++cam) {
    sent = sent && send_frame(medium.station(pc), stations[cam].mac, pc_mac,
                              fmt::format("{}: take a photo", stations[cam].name));
  }
  sent = sent && send_frame(medium.station(pc), MacAddress::broadcast(), pc_mac,
                            "everyone: report your battery");
  sent = sent && send_frame(medium.station(2), pc_mac, stations[2].mac, "pc: cam2 took the photo");
  if (!sent) {
    return false;
  }
  fmt::print("   pc sent 3 frames to the cameras and 1 broadcast; cam2 sent 1 frame to pc.\n");

  bool ok = true;
  for (std::size_t i = 0; i < station_count; ++i) {
    const Station& me = stations[i];
    std::size_t heard = 0;
    std::vector<std::string> kept;
    while (std::optional<PacketBuffer> frame = medium.station(i).receive()) {
      ++heard;
      Result<EthernetView, FrameError> view = EthernetView::check(frame->bytes());
      if (!view) {
        continue;  // not a whole Ethernet frame: nobody's
      }
      // The filter every Ethernet interface applies (in hardware, on a real one): keep frames to
      // my address and to broadcast, drop the rest before anyone has to read them.
      MacAddress destination = view->destination();
      if (destination != me.mac && !destination.is_broadcast()) {
        continue;
      }
      std::string text{as_text(view->payload())};
      kept.push_back(text);
      // The check: the message itself says who it was for.
      bool for_me = text.starts_with(fmt::format("{}:", me.name)) || text.starts_with("everyone:");
      if (!for_me) {
        ok = false;
      }
    }
    fmt::print("   {:<5} heard {} frame{}, kept {}: \"{}\"\n", me.name, heard,
               heard == 1 ? "" : "s", kept.size(), fmt::join(kept, "\", \""));
    std::size_t expected = i == pc ? 1 : 2;
    if (kept.size() != expected) {
      ok = false;
    }
  }
  return ok;
}

int run() {
  MemoryMedium<station_count> medium;
  fmt::print("Four stations share one medium: whatever one sends, the other three hear.\n\n");
  if (!without_addresses(medium)) {
    fmt::print("FAILED: a camera did not receive all three bare messages\n");
    return 1;
  }
  if (!with_addresses(medium)) {
    fmt::print("FAILED: a station kept a frame that was not addressed to it, or missed one\n");
    return 1;
  }
  fmt::print("\nEvery station kept only the frames addressed to it or to everyone.\n");
  return 0;
}

}  // namespace

int main() {
  return camnet::examples::run_example(run);
}
