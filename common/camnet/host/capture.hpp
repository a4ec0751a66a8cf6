// Capture files and live interfaces, through libpcap (host only).
//
// CaptureReader reads pcap and pcapng files record by record; CaptureWriter writes classic pcap
// files that Wireshark and tcpdump open; LiveInterface captures and injects on a real interface.
// A broken file never crashes anything: it raises CaptureError, whose message is one line naming
// the file, the record and the reason, e.g.
//   broken.pcap: record 7: truncated record: the header promises 98 bytes, the file holds 40
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "camnet/bytes.hpp"

struct pcap;
struct pcap_dumper;
struct bpf_program;

namespace camnet::host {

struct CaptureError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Time since the Unix epoch, as the capture recorded it.
using CaptureTime = std::chrono::nanoseconds;

struct CaptureRecord {
  std::uint64_t number = 0;       // 1 for the first record in the file, as in Wireshark
  CaptureTime time{0};            //
  std::uint32_t wire_length = 0;  // the frame's length on the wire
  Bytes bytes;                    // what was captured (may be shorter); valid until the next read
  bool truncated() const { return bytes.size() < wire_length; }
};

constexpr int linktype_ethernet = 1;

class CaptureReader {
 public:
  // Opens `path`. With a BPF `filter` (tcpdump's syntax), next() skips records that do not match
  // but keeps their numbers. Throws CaptureError if the file cannot be read as an Ethernet capture.
  explicit CaptureReader(const std::string& path, const std::string& filter = "");
  ~CaptureReader();
  CaptureReader(const CaptureReader&) = delete;
  CaptureReader& operator=(const CaptureReader&) = delete;

  // The next record, or std::nullopt at the end of the file. Throws CaptureError on a broken
  // record.
  std::optional<CaptureRecord> next();

  const std::string& path() const { return path_; }
  std::uint32_t snaplen() const { return snaplen_; }
  // Roughly how many bytes of the file have been read (for progress reports).
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  std::string path_;
  pcap* handle_ = nullptr;
  std::uint64_t bytes_read_ = 24;
  bpf_program* filter_ = nullptr;
  std::uint64_t records_read_ = 0;
  std::uint32_t snaplen_ = 0;
};

class CaptureWriter {
 public:
  // Creates (or replaces) `path` as an Ethernet pcap file. Throws CaptureError if it cannot.
  explicit CaptureWriter(const std::string& path);
  ~CaptureWriter();
  CaptureWriter(const CaptureWriter&) = delete;
  CaptureWriter& operator=(const CaptureWriter&) = delete;

  void write(CaptureTime time, Bytes frame);
  void flush();
  std::uint64_t records_written() const { return written_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  pcap* dead_ = nullptr;
  pcap_dumper* dumper_ = nullptr;
  std::uint64_t written_ = 0;
};

// A real network interface, opened through libpcap (needs root or CAP_NET_RAW).
class LiveInterface {
 public:
  // Throws CaptureError if the interface cannot be opened.
  explicit LiveInterface(const std::string& name);
  ~LiveInterface();
  LiveInterface(const LiveInterface&) = delete;
  LiveInterface& operator=(const LiveInterface&) = delete;

  // The next frame that has arrived, or std::nullopt if none is waiting (never blocks).
  std::optional<CaptureRecord> poll();
  // Sends one frame as it is; false if the interface refused it.
  bool inject(Bytes frame);
  // A descriptor that becomes readable when frames arrive (for poll/select), or -1.
  int selectable_fd() const;

 private:
  std::string name_;
  pcap* handle_ = nullptr;
  std::uint64_t received_ = 0;
};

}  // namespace camnet::host
