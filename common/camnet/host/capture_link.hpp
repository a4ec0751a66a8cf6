// Links built on capture files (host only).
//
// CaptureFileLink turns a capture into a link: receive() hands out its frames in order (the replay
// tools use it). RecordingLink wraps any link and writes every frame it sends and receives to a
// pcap file, so whatever a link carried can be opened in Wireshark.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "camnet/host/capture.hpp"
#include "camnet/link.hpp"

namespace camnet::host {

class CaptureFileLink final : public Link {
 public:
  explicit CaptureFileLink(CaptureReader& reader) : reader_(reader) {}

  // Frames sent into a capture file go nowhere; they are counted.
  SendStatus send(Bytes) override {
    ++sent_;
    return SendStatus::sent;
  }
  std::optional<PacketBuffer> receive() override {
    std::optional<CaptureRecord> record = reader_.next();
    if (!record)
      return std::nullopt;
    last_time_ = record->time;
    return PacketBuffer{record->bytes};
  }
  bool is_up() const override { return true; }

  // When the frame last returned by receive() was captured.
  CaptureTime last_time() const { return last_time_; }
  std::uint64_t sent() const { return sent_; }

 private:
  CaptureReader& reader_;
  CaptureTime last_time_{0};
  std::uint64_t sent_ = 0;
};

// A link whose far end is a capture file: what is sent is written there, nothing ever arrives.
// The replay tools give each output port one of these.
class CaptureSinkLink final : public Link {
 public:
  CaptureSinkLink(CaptureWriter& writer, std::function<CaptureTime()> now)
      : writer_(writer), now_(std::move(now)) {}

  SendStatus send(Bytes frame) override {
    writer_.write(now_(), frame);
    return SendStatus::sent;
  }
  std::optional<PacketBuffer> receive() override { return std::nullopt; }
  bool is_up() const override { return true; }

 private:
  CaptureWriter& writer_;
  std::function<CaptureTime()> now_;
};

// A real network interface as a link, through libpcap (needs root): what the stack sends is
// injected on the interface, and what arrives there is handed to the stack.
class LiveLink final : public Link {
 public:
  explicit LiveLink(const std::string& interface) : live_(interface) {}

  SendStatus send(Bytes frame) override {
    return live_.inject(frame) ? SendStatus::sent : SendStatus::no_room;
  }
  std::optional<PacketBuffer> receive() override {
    std::optional<CaptureRecord> record = live_.poll();
    if (!record)
      return std::nullopt;
    return PacketBuffer{record->bytes};
  }
  bool is_up() const override { return true; }
  int selectable_fd() const { return live_.selectable_fd(); }

 private:
  LiveInterface live_;
};

class RecordingLink final : public Link {
 public:
  // `now` says what time to stamp each record with (a replay's clock, or the wall clock).
  RecordingLink(Link& inner, CaptureWriter& writer, std::function<CaptureTime()> now)
      : inner_(inner), writer_(writer), now_(std::move(now)) {}

  SendStatus send(Bytes frame) override {
    SendStatus status = inner_.send(frame);
    if (status == SendStatus::sent)
      writer_.write(now_(), frame);
    return status;
  }
  std::optional<PacketBuffer> receive() override {
    std::optional<PacketBuffer> frame = inner_.receive();
    if (frame)
      writer_.write(now_(), frame->bytes());
    return frame;
  }
  bool is_up() const override { return inner_.is_up(); }

 private:
  Link& inner_;
  CaptureWriter& writer_;
  std::function<CaptureTime()> now_;
};

}  // namespace camnet::host
