// camnet dissect / camnet explain: what the labs' parsers make of a capture.
#include <cstdio>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "camnet/host/capture.hpp"
#include "commands.hpp"
#include "dissect.hpp"
#include "frame/ethernet.hpp"
#include "progress.hpp"

namespace camnet::cli {
namespace {

struct DissectOptions {
  std::string file;
  std::uint64_t count = 0;
  std::string filter;
  bool fcs = false;
  std::string write;
};

struct ExplainOptions {
  std::string file;
  std::uint64_t number = 1;
  bool fcs = false;
};

// Counts of what re-emitting each frame through the lab's EthernetHeader::emit did.
struct RoundTrip {
  std::uint64_t identical = 0;
  std::uint64_t padded = 0;
  std::uint64_t changed = 0;
  std::uint64_t skipped = 0;  // malformed: nothing to emit
};

void round_trip(Bytes frame, dissect::Options options, host::CaptureWriter& writer,
                host::CaptureTime time, RoundTrip& counts) {
  Result<EthernetView, FrameError> view = EthernetView::check(frame, options.fcs);
  if (!view) {
    ++counts.skipped;
    return;
  }
  static std::array<std::uint8_t, 65536 + 64> out;  // reused: one frame at a time
  Result<std::size_t, FrameError> length =
      emit_frame(EthernetHeader::parse(*view), view->payload(), out, options.fcs);
  if (!length) {
    ++counts.skipped;
    return;
  }
  Bytes emitted{out.data(), *length};
  writer.write(time, emitted);
  bool same_start = std::equal(
      frame.begin(), frame.begin() + static_cast<long>(std::min(frame.size(), emitted.size())),
      emitted.begin());
  if (same_start && emitted.size() == frame.size()) {
    ++counts.identical;
  } else if (same_start && frame.size() < ethernet::min_frame &&
             emitted.size() == ethernet::min_frame) {
    ++counts.padded;
  } else {
    ++counts.changed;
  }
}

// The dissector's options for the capture `reader` reads (its link type) and the --fcs flag.
dissect::Options options_for(const host::CaptureReader& reader, bool fcs) {
  dissect::Options options;
  options.link = reader.link_type();
  options.fcs = fcs ? Fcs::present : Fcs::absent;
  if (fcs && options.link != host::LinkType::ethernet) {
    throw host::CaptureError(fmt::format(
        "{}: --fcs is for Ethernet captures; a Linux cooked capture's packets have no FCS",
        reader.path()));
  }
  return options;
}

void run_dissect(const DissectOptions& o) {
  host::CaptureReader reader(o.file, o.filter, host::AcceptedLinks::ethernet_and_linux_cooked);
  dissect::Options options = options_for(reader, o.fcs);
  std::optional<host::CaptureWriter> writer;
  if (!o.write.empty()) {
    // -w re-emits each frame through lab 1's Ethernet code: a cooked record is not a frame.
    if (options.link != host::LinkType::ethernet) {
      throw host::CaptureError(fmt::format(
          "{}: -w writes each frame back through lab 1's Ethernet code, so it needs an Ethernet "
          "capture, not a Linux cooked one",
          o.file));
    }
    writer.emplace(o.write);
  }
  RoundTrip counts;
  Progress progress("dissect", o.file);

  fmt::memory_buffer out;
  std::optional<host::CaptureTime> first;
  std::uint64_t shown = 0;
  // Frames already dissected are printed even when a later record turns out to be broken.
  auto next_record = [&] {
    try {
      return reader.next();
    } catch (const host::CaptureError&) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      std::fflush(stdout);
      throw;
    }
  };
  while (std::optional<host::CaptureRecord> record = next_record()) {
    if (!first)
      first = record->time;
    dissect::append_summary_line(out, record->number, record->time - *first, record->wire_length,
                                 record->bytes, options);
    if (writer)
      round_trip(record->bytes, options, *writer, record->time, counts);
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
    progress.update(++shown, reader.bytes_read());
    if (o.count != 0 && shown == o.count)
      break;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (writer) {
    writer->flush();
    std::fprintf(stderr,
                 "wrote %llu frames to %s, each parsed and emitted again by lab 1: %llu identical, "
                 "%llu padded to 60 bytes, %llu changed, %llu malformed ones left out\n",
                 static_cast<unsigned long long>(writer->records_written()), o.write.c_str(),
                 static_cast<unsigned long long>(counts.identical),
                 static_cast<unsigned long long>(counts.padded),
                 static_cast<unsigned long long>(counts.changed),
                 static_cast<unsigned long long>(counts.skipped));
  }
}

void run_explain(const ExplainOptions& o) {
  host::CaptureReader reader(o.file, "", host::AcceptedLinks::ethernet_and_linux_cooked);
  dissect::Options options = options_for(reader, o.fcs);
  std::uint64_t seen = 0;
  while (std::optional<host::CaptureRecord> record = reader.next()) {
    seen = record->number;
    if (record->number != o.number)
      continue;
    std::string text =
        dissect::explain_frame(record->number, record->wire_length, record->bytes, options);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  throw host::CaptureError(
      fmt::format("{}: has {} frames, so there is no frame {}", o.file, seen, o.number));
}

}  // namespace

void add_dissect_commands(CLI::App& app) {
  auto dissect = std::make_shared<DissectOptions>();
  CLI::App* d = app.add_subcommand(
      "dissect",
      "One line per frame: number, seconds since the first frame, source > destination, "
      "VLAN tags, EtherType, length, what the packet says. Malformed headers show what can be "
      "read of them, then what is wrong.");
  d->add_option("FILE", dissect->file,
                "capture file (pcap or pcapng; Ethernet, or Linux cooked from tcpdump -i any)")
      ->required();
  d->add_option("-c,--count", dissect->count, "stop after this many frames");
  d->add_option("-f,--filter", dissect->filter,
                "only frames matching this BPF filter (tcpdump syntax)");
  d->add_flag("--fcs", dissect->fcs, "the frames end with their 4-byte FCS (check it)");
  d->add_option("-w,--write", dissect->write,
                "parse each frame, emit it again with the lab's code, and write the result here");
  d->callback([dissect] { run_dissect(*dissect); });

  auto explain = std::make_shared<ExplainOptions>();
  CLI::App* e = app.add_subcommand(
      "explain", "The bytes of one frame, row by row, with every field named and decoded.");
  e->add_option("FILE", explain->file,
                "capture file (pcap or pcapng; Ethernet, or Linux cooked from tcpdump -i any)")
      ->required();
  e->add_option("-n,--number", explain->number, "which frame (1 is the first, as in Wireshark)")
      ->check(CLI::PositiveNumber);
  e->add_flag("--fcs", explain->fcs, "the frames end with their 4-byte FCS (check it)");
  e->callback([explain] { run_explain(*explain); });
}

}  // namespace camnet::cli
