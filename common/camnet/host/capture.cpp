#include "camnet/host/capture.hpp"

#include <pcap/pcap.h>

#include <cstdio>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

namespace camnet::host {
namespace {

// The first four bytes of the file, to say what it is when libpcap does not recognise it.
std::string describe_magic(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[4] = {};
  if (!in.read(reinterpret_cast<char*>(magic), 4))
    return "the file is shorter than a pcap header";
  return fmt::format(
      "bad magic number {:02x}{:02x}{:02x}{:02x} (a pcap file starts with a1b2c3d4 or d4c3b2a1, "
      "a pcapng file with 0a0d0d0a)",
      magic[0], magic[1], magic[2], magic[3]);
}

// libpcap's words for a broken record, turned into a reason a student can act on.
std::string describe_record_error(const char* libpcap_message) {
  unsigned wanted = 0, got = 0;
  if (std::sscanf(libpcap_message,
                  "truncated dump file; tried to read %u captured bytes, only got %u", &wanted,
                  &got) == 2) {
    return fmt::format("truncated record: the header promises {} bytes, the file holds {}", wanted,
                       got);
  }
  if (std::sscanf(libpcap_message,
                  "truncated dump file; tried to read %u header bytes, only got %u", &wanted,
                  &got) == 2) {
    return fmt::format("truncated record header: {} of its {} bytes are in the file", got, wanted);
  }
  if (std::strstr(libpcap_message, "bigger than snaplen") != nullptr ||
      std::strstr(libpcap_message, "larger than the maximum") != nullptr) {
    return fmt::format("captured length over the snapshot length ({})", libpcap_message);
  }
  return libpcap_message;
}

}  // namespace

CaptureReader::CaptureReader(const std::string& path, const std::string& filter,
                             AcceptedLinks accepted)
    : path_(path) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  std::FILE* probe = std::fopen(path.c_str(), "rb");
  if (probe == nullptr) {
    throw CaptureError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  std::fclose(probe);
  handle_ =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (handle_ == nullptr) {
    std::string reason = errbuf;
    if (reason.find("unknown file format") != std::string::npos)
      reason = describe_magic(path);
    throw CaptureError(fmt::format("{}: file header: {}", path, reason));
  }
  snaplen_ = static_cast<std::uint32_t>(pcap_snapshot(handle_));
  int linktype = pcap_datalink(handle_);
  if (linktype > 0xffff) {
    pcap_close(handle_);
    handle_ = nullptr;
    throw CaptureError(
        fmt::format("{}: file header: bad link type field 0x{:08x} (reserved bits 16-31 are set)",
                    path, linktype));
  }
  bool cooked = linktype == DLT_LINUX_SLL || linktype == DLT_LINUX_SLL2;
  bool cooked_accepted = accepted == AcceptedLinks::ethernet_and_linux_cooked;
  if (linktype != DLT_EN10MB && !(cooked && cooked_accepted)) {
    const char* name = pcap_datalink_val_to_name(linktype);
    pcap_close(handle_);
    handle_ = nullptr;
    // The student's next step: another capture, or (for a cooked one) the command that reads it.
    const char* what = cooked_accepted
                           ? "camnet reads Ethernet captures (link type 1) and Linux cooked "
                             "captures (113, 276)"
                       : cooked ? "this command replays Ethernet captures (link type 1) only; "
                                  "camnet dissect and explain read Linux cooked ones too"
                                : "camnet reads Ethernet captures (link type 1)";
    throw CaptureError(fmt::format("{}: file header: unsupported link type {} ({}); {}", path,
                                   linktype, name != nullptr ? name : "unknown", what));
  }
  link_type_ = static_cast<LinkType>(linktype);
  if (!filter.empty()) {
    filter_ = new bpf_program{};
    if (pcap_compile(handle_, filter_, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      std::string reason = pcap_geterr(handle_);
      delete filter_;
      filter_ = nullptr;
      pcap_close(handle_);
      handle_ = nullptr;
      throw CaptureError(fmt::format("{}: bad filter '{}': {}", path, filter, reason));
    }
  }
}

CaptureReader::~CaptureReader() {
  if (filter_ != nullptr) {
    pcap_freecode(filter_);
    delete filter_;
  }
  if (handle_ != nullptr)
    pcap_close(handle_);
}

std::optional<CaptureRecord> CaptureReader::next() {
  while (true) {
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    int status = pcap_next_ex(handle_, &header, &data);
    if (status == PCAP_ERROR_BREAK)
      return std::nullopt;  // end of file
    std::uint64_t number = records_read_ + 1;
    if (status != 1) {
      throw CaptureError(fmt::format("{}: record {}: {}", path_, number,
                                     describe_record_error(pcap_geterr(handle_))));
    }
    records_read_ = number;
    bytes_read_ += 16 + header->caplen;
    if (header->caplen > header->len) {
      throw CaptureError(fmt::format(
          "{}: record {}: captured length {} is more than the frame's length on the wire ({})",
          path_, number, header->caplen, header->len));
    }
    if (filter_ != nullptr && pcap_offline_filter(filter_, header, data) == 0)
      continue;
    CaptureRecord record;
    record.number = number;
    // With nanosecond precision, libpcap puts nanoseconds in tv_usec.
    record.time =
        std::chrono::seconds(header->ts.tv_sec) + std::chrono::nanoseconds(header->ts.tv_usec);
    record.wire_length = header->len;
    record.bytes = Bytes{data, header->caplen};
    return record;
  }
}

CaptureWriter::CaptureWriter(const std::string& path) : path_(path) {
  dead_ = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
  if (dead_ == nullptr)
    throw CaptureError(fmt::format("{}: cannot set up a pcap writer", path));
  dumper_ = pcap_dump_open(dead_, path.c_str());
  if (dumper_ == nullptr) {
    std::string reason = pcap_geterr(dead_);
    pcap_close(dead_);
    throw CaptureError(fmt::format("{}: cannot write: {}", path, reason));
  }
}

CaptureWriter::~CaptureWriter() {
  if (dumper_ != nullptr)
    pcap_dump_close(dumper_);
  if (dead_ != nullptr)
    pcap_close(dead_);
}

void CaptureWriter::write(CaptureTime time, Bytes frame) {
  pcap_pkthdr header{};
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(time).count();
  header.ts.tv_sec = static_cast<time_t>(micros / 1'000'000);
  header.ts.tv_usec = static_cast<suseconds_t>(micros % 1'000'000);
  header.caplen = static_cast<bpf_u_int32>(frame.size());
  header.len = static_cast<bpf_u_int32>(frame.size());
  pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame.data());
  ++written_;
}

void CaptureWriter::flush() {
  if (pcap_dump_flush(dumper_) != 0)
    throw CaptureError(fmt::format("{}: write failed", path_));
}

LiveInterface::LiveInterface(const std::string& name) : name_(name) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  handle_ = pcap_create(name.c_str(), errbuf);
  if (handle_ == nullptr)
    throw CaptureError(fmt::format("{}: cannot open: {}", name, errbuf));
  pcap_set_snaplen(handle_, 65535);
  pcap_set_promisc(handle_, 1);
  pcap_set_immediate_mode(handle_, 1);
  int status = pcap_activate(handle_);
  if (status < 0) {
    std::string reason = pcap_geterr(handle_);
    pcap_close(handle_);
    handle_ = nullptr;
    throw CaptureError(
        fmt::format("{}: cannot capture: {} (live capture needs root)", name, reason));
  }
  if (pcap_datalink(handle_) != DLT_EN10MB) {
    pcap_close(handle_);
    handle_ = nullptr;
    throw CaptureError(fmt::format("{}: not an Ethernet interface", name));
  }
  if (pcap_setnonblock(handle_, 1, errbuf) != 0) {
    pcap_close(handle_);
    handle_ = nullptr;
    throw CaptureError(fmt::format("{}: cannot make non-blocking: {}", name, errbuf));
  }
}

LiveInterface::~LiveInterface() {
  if (handle_ != nullptr)
    pcap_close(handle_);
}

std::optional<CaptureRecord> LiveInterface::poll() {
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int status = pcap_next_ex(handle_, &header, &data);
  if (status == 0)
    return std::nullopt;
  if (status != 1)
    throw CaptureError(fmt::format("{}: {}", name_, pcap_geterr(handle_)));
  CaptureRecord record;
  record.number = ++received_;
  record.time =
      std::chrono::seconds(header->ts.tv_sec) + std::chrono::microseconds(header->ts.tv_usec);
  record.wire_length = header->len;
  record.bytes = Bytes{data, header->caplen};
  return record;
}

bool LiveInterface::inject(Bytes frame) {
  return pcap_inject(handle_, frame.data(), frame.size()) == static_cast<int>(frame.size());
}

int LiveInterface::selectable_fd() const {
  return pcap_get_selectable_fd(handle_);
}

}  // namespace camnet::host
