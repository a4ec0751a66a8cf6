// Links over capture files: a capture read as a link, and a recorder that writes whatever a link
// carries to a pcap file, stamped by a deterministic clock.
#include <filesystem>
#include <vector>

#include "camnet/testing/catch.hpp"

#include "camnet/clock.hpp"
#include "camnet/host/capture_link.hpp"
#include "camnet/memory_link.hpp"
#include "camnet/testing/process.hpp"

using namespace camnet;
using namespace camnet::host;
namespace fs = std::filesystem;

namespace {
std::string scratch(const std::string& name) {
  return (fs::path(camnet::testing::scratch_dir()) / name).string();
}
std::vector<std::vector<std::uint8_t>> read_all(const std::string& path,
                                                std::vector<CaptureTime>* times = nullptr) {
  CaptureReader reader(path);
  std::vector<std::vector<std::uint8_t>> frames;
  while (auto r = reader.next()) {
    frames.emplace_back(r->bytes.begin(), r->bytes.end());
    if (times != nullptr)
      times->push_back(r->time);
  }
  return frames;
}
}  // namespace

TEST_CASE("a manual clock moves only when told, by exactly what it is told", "[common]") {
  ManualClock clock;
  CHECK(clock.now() == Timestamp{0});
  clock.advance(1500ms);
  clock.advance(1ms);
  CHECK(clock.now() == Timestamp{1501});
}

TEST_CASE("a recording link writes every frame sent and received, stamped by its clock",
          "[common]") {
  std::string path = scratch("recorded.pcap");
  ManualClock clock;
  {
    MemoryWire wire;
    CaptureWriter writer(path);
    RecordingLink recorder(wire.station(0), writer, [&clock] { return CaptureTime(clock.now()); });
    std::vector<std::uint8_t> out_frame(60, 0x11), in_frame(42, 0x22);
    clock.advance(1s);
    CHECK(recorder.send(out_frame) == SendStatus::sent);
    clock.advance(250ms);
    REQUIRE(wire.station(1).send(in_frame) == SendStatus::sent);
    CHECK(recorder.receive().has_value());
    wire.set_up(false);
    CHECK(recorder.send(out_frame) == SendStatus::link_down);  // not sent, so not recorded
  }
  std::vector<CaptureTime> times;
  auto frames = read_all(path, &times);
  REQUIRE(frames.size() == 2);
  CHECK(frames[0] == std::vector<std::uint8_t>(60, 0x11));
  CHECK(frames[1] == std::vector<std::uint8_t>(42, 0x22));
  CHECK(times[0] == std::chrono::seconds(1));
  CHECK(times[1] == std::chrono::milliseconds(1250));
}

TEST_CASE("a capture read as a link hands out its frames in order, then nothing", "[common]") {
  std::string path = scratch("source.pcap");
  {
    CaptureWriter writer(path);
    writer.write(std::chrono::seconds(5), std::vector<std::uint8_t>(60, 1));
    writer.write(std::chrono::seconds(6), std::vector<std::uint8_t>(70, 2));
  }
  CaptureReader reader(path);
  CaptureFileLink link(reader);
  auto first = link.receive();
  REQUIRE(first.has_value());
  CHECK(first->size() == 60);
  CHECK(link.last_time() == std::chrono::seconds(5));
  auto second = link.receive();
  REQUIRE(second.has_value());
  CHECK(second->bytes()[0] == 2);
  CHECK_FALSE(link.receive().has_value());
  CHECK(link.send(std::vector<std::uint8_t>(60, 0)) == SendStatus::sent);
  CHECK(link.sent() == 1);
}

TEST_CASE("a capture sink link writes what is sent to it and never receives", "[common]") {
  std::string path = scratch("sink.pcap");
  {
    CaptureWriter writer(path);
    CaptureSinkLink sink(writer, [] { return CaptureTime(std::chrono::seconds(9)); });
    CHECK(sink.send(std::vector<std::uint8_t>(64, 7)) == SendStatus::sent);
    CHECK_FALSE(sink.receive().has_value());
  }
  auto frames = read_all(path);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].size() == 64);
}
