// What the dissector's tests share: the captures of tools/dissect/captures, read record by record,
// with tshark's decode of each (NAME.tshark.tsv, written by craft.sh and record.sh).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "camnet/host/capture.hpp"
#include "camnet/testing/fields.hpp"
#include "dissect.hpp"

namespace camnet::dissect_tests {

inline const std::filesystem::path captures = CAMNET_DISSECT_CAPTURES;

struct Record {
  std::uint64_t number;
  std::uint32_t wire_length;
  std::vector<std::uint8_t> bytes;
};

struct Capture {
  std::string name;  // "ipv4-faults"
  host::LinkType link = host::LinkType::ethernet;
  std::vector<Record> records;
  testing::TsharkTable tshark;
};

inline Capture load(const std::string& name) {
  host::CaptureReader reader((captures / (name + ".pcap")).string(), "",
                             host::AcceptedLinks::ethernet_and_linux_cooked);
  Capture c{name,
            reader.link_type(),
            {},
            testing::TsharkTable::load((captures / (name + ".tshark.tsv")).string())};
  while (auto r = reader.next())
    c.records.push_back({r->number, r->wire_length, {r->bytes.begin(), r->bytes.end()}});
  return c;
}

// The dissector's options for a capture: its link type, and an FCS on the frames of *-fcs.pcap.
inline dissect::Options options_for(const Capture& c) {
  dissect::Options options;
  options.link = c.link;
  options.fcs = c.name.ends_with("-fcs") ? Fcs::present : Fcs::absent;
  return options;
}

// camnet dissect's summary of record `i`, without number and time.
inline std::string summary(const Capture& c, std::size_t i) {
  fmt::memory_buffer line;
  dissect::append_frame_summary(line, c.records[i].wire_length, c.records[i].bytes, options_for(c));
  return fmt::to_string(line);
}

// "ipv4-faults.pcap, packet 3"
inline std::string packet(const Capture& c, std::size_t i) {
  return fmt::format("{}.pcap, packet {}", c.name, c.records[i].number);
}

}  // namespace camnet::dissect_tests
