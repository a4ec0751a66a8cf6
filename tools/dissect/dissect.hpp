// Dissection: what the labs' parsers make of one frame, as a one-line summary (`camnet dissect`)
// and as a byte-by-byte figure with every field named (`camnet explain`).
//
// Each lab extends it: lab 1 decodes Ethernet and VLAN tags (dissect.cpp); lab 2 ARP and IPv4
// (dissect_address.cpp); later labs what IPv4 carries. On the student track a later lab's parser
// may still be a TODO: the dissection then stops there and says so, instead of failing. Field keys
// follow tshark's names (eth.src, vlan.id, ...), so tests can compare with tshark's decode field by
// field.
//
// A header a lab's checked view refuses is not the end of the line: the dissector still reads the
// fields its bytes hold (bounds-checked, at the offsets the standard fixes) and says what is wrong
// beside them, as tshark does. Besides Ethernet frames it reads the records of Linux cooked
// captures (`tcpdump -i any`, dissect_linux_cooked.cpp), whose packets the labs' parsers decode.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "camnet/bytes.hpp"
#include "camnet/host/capture.hpp"
#include "frame/ethernet.hpp"

namespace camnet::dissect {

// One decoded field: where it is in the frame, what it is called, what it means.
struct DecodedField {
  std::string key;    // tshark's field name where there is one ("eth.src"), else a short name
  std::string label;  // for people: "Source"
  std::string value;  // decoded: "02:00:00:c4:3e:01 (unicast, locally administered)"
  std::size_t offset = 0;
  std::size_t length = 0;
  int depth = 0;  // nesting: 0 for Ethernet, 1 for what it carries, ...
};

struct Dissection {
  std::vector<DecodedField> fields;  // every field that could be read, malformed headers included
  std::string problem;  // "" for a link header that parsed, else what is wrong ("truncated: ...")
};

struct Options {
  Fcs fcs = Fcs::absent;  // do the frames end with their FCS? (Ethernet only)
  int labs = 99;  // decode with labs 1 to `labs` only (lab 1's tests ask for Ethernet alone)
  host::LinkType link = host::LinkType::ethernet;  // what each record starts with
};

// Every field of `frame` (a record of a capture of link type options.link), as far as the labs
// understand it.
Dissection dissect_frame(Bytes frame, Options options = {});

// Appends the one-line summary of frame `number` (`since_first`: its time after the first frame's,
// shown in seconds to the microsecond) to `out`, followed by a newline:
//     3  0.000412  02:00:00:c4:3e:01 > ff:ff:ff:ff:ff:ff  vlan 10 p5  ARP (0x0806)  60 bytes
void append_summary_line(fmt::memory_buffer& out, std::uint64_t number,
                         std::chrono::nanoseconds since_first, std::uint32_t wire_length,
                         Bytes frame, Options options = {});

// The same line without the number, the time and the newline: "source > destination  ...". A
// Linux cooked record shows the one address it keeps, what the packet was to this host, and for
// SLL2 the interface:
//     if 2  00:1b:21:3a:4f:10 (unicast to us)  IPv4 (0x0800)  104 bytes  192.168.10.20 > ...
void append_frame_summary(fmt::memory_buffer& out, std::uint32_t wire_length, Bytes frame,
                          Options options = {});

// The figure `camnet explain` prints: the bytes row by row, each field named and decoded, nested
// headers indented.
std::string explain_frame(std::uint64_t number, std::uint32_t wire_length, Bytes frame,
                          Options options = {});

}  // namespace camnet::dissect
