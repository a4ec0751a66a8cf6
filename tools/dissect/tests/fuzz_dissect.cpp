// libFuzzer target: the dissector on arbitrary bytes, read as each kind of record it decodes (an
// Ethernet frame with and without its FCS, a Linux cooked SLL and SLL2 record), through all three
// ways out: the fields, the summary line and the explain figure. Headers the labs' views refuse
// take the dissector's own bounds-checked readers (partial IPv4, ARP and Ethernet headers, cut
// cooked headers); the sanitizers of the fuzz build turn any read outside the bytes into a crash.
// Seeds: every record of every capture (.ci/run-fuzzers), Linux cooked ones included.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "dissect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using camnet::host::LinkType;
  camnet::Bytes bytes{data, size};
  struct Kind {
    LinkType link;
    camnet::Fcs fcs;
  };
  for (Kind kind : {Kind{LinkType::ethernet, camnet::Fcs::absent},
                    Kind{LinkType::ethernet, camnet::Fcs::present},
                    Kind{LinkType::linux_sll, camnet::Fcs::absent},
                    Kind{LinkType::linux_sll2, camnet::Fcs::absent}}) {
    camnet::dissect::Options options;
    options.link = kind.link;
    options.fcs = kind.fcs;
    camnet::dissect::Dissection d = camnet::dissect::dissect_frame(bytes, options);
    // Every field lies inside the record: the explain figure prints each one's bytes.
    for (const camnet::dissect::DecodedField& f : d.fields) {
      if (f.offset > size || f.length > size - f.offset)
        __builtin_trap();
    }
    fmt::memory_buffer line;
    camnet::dissect::append_summary_line(line, 1, std::chrono::nanoseconds(0),
                                         static_cast<std::uint32_t>(size), bytes, options);
    if (line.size() == 0 || line[line.size() - 1] != '\n')
      __builtin_trap();
    // The figure costs a formatted row per 8 bytes, and the headers it reads sit at the front:
    // long inputs are explained only up to 256 bytes, so the fuzzer spends its time on headers.
    camnet::Bytes front = bytes.first(std::min<std::size_t>(size, 256));
    (void)camnet::dissect::explain_frame(1, static_cast<std::uint32_t>(size), front, options);
  }
  return 0;
}
