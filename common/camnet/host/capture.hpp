// Capture files and live interfaces, through libpcap (host only).
//
// CaptureReader reads pcap and pcapng files record by record; CaptureWriter writes classic pcap
// files that Wireshark and tcpdump open; LiveInterface captures and injects on a real interface.
// Records are Ethernet frames, or for a reader that accepts them, Linux "cooked" records (what
// `tcpdump -i any` writes: a header of Linux's own, then the packet without its link header).
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

// The link types camnet reads: pcap's LINKTYPE_ values, as a capture file's header names them.
enum class LinkType : std::uint16_t {
  ethernet = 1,      // Ethernet II frames (LINKTYPE_ETHERNET)
  linux_sll = 113,   // a 16-byte Linux cooked header, then the packet (LINKTYPE_LINUX_SLL)
  linux_sll2 = 276,  // a 20-byte one with the interface index (LINKTYPE_LINUX_SLL2)
};

// Which link types a reader takes. Most of camnet feeds the frames to the labs' Ethernet code, so
// only Ethernet captures will do; the dissector also decodes Linux cooked captures.
enum class AcceptedLinks : std::uint8_t { ethernet, ethernet_and_linux_cooked };

class CaptureReader {
 public:
  // Opens `path`. With a BPF `filter` (tcpdump's syntax), next() skips records that do not match
  // but keeps their numbers. Throws CaptureError if the file cannot be read, or if its link type
  // is not one of `accepted`.
  explicit CaptureReader(const std::string& path, const std::string& filter = "",
                         AcceptedLinks accepted = AcceptedLinks::ethernet);
  ~CaptureReader();
  CaptureReader(const CaptureReader&) = delete;
  CaptureReader& operator=(const CaptureReader&) = delete;

  // The next record, or std::nullopt at the end of the file. Throws CaptureError on a broken
  // record.
  std::optional<CaptureRecord> next();

  const std::string& path() const { return path_; }
  LinkType link_type() const { return link_type_; }
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
  LinkType link_type_ = LinkType::ethernet;
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
