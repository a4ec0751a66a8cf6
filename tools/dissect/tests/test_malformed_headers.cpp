// The dissector on headers the labs' checked views refuse (tools/dissect/captures/make_crafted.py
// builds them): it shows every field it can read and says what is wrong beside them. What it must
// say comes from tshark's decode of the same captures (its fields, and its expert notes, whose
// numbers say what the fault is), or where tshark stops reading, from the RFC's field offsets.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "dissect_captures.hpp"

using namespace camnet;
using namespace camnet::dissect_tests;
using camnet::testing::TsharkTable;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The number tshark writes after `prefix` in one of its notes: 46 in "... packet length (46 bytes)".
std::string number_after(const std::string& notes, const std::string& prefix) {
  std::size_t at = notes.find(prefix);
  REQUIRE(at != std::string::npos);
  at += prefix.size();
  std::size_t end = notes.find_first_not_of("0123456789abcdefx", at);
  return notes.substr(at, end - at);
}

// The first value of a cell that holds several (tshark's "6,6" for a field seen twice).
std::string first_value(const std::string& cell) {
  return cell.substr(0, cell.find(','));
}

std::string ipv4_text(const std::vector<std::uint8_t>& bytes, std::size_t at) {
  return fmt::format("{}.{}.{}.{}", bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

// What camnet's line must say is wrong with the IPv4 header of packet `row`, in camnet's words,
// with every number taken from tshark's decode of it.
std::vector<std::string> expected_ipv4_faults(const TsharkTable& t, std::size_t row) {
  std::vector<std::string> faults;
  const std::string& notes = t.at(row, "_ws.expert.message");
  if (t.at(row, "ip.checksum.status") == "0") {  // tshark: 0 bad, 1 good, 2 not checked
    faults.push_back(fmt::format("bad checksum {}, should be {}", t.at(row, "ip.checksum"),
                                 t.at(row, "ip.checksum_calculated")));
  }
  if (contains(notes, "IPv4 total length exceeds packet length (")) {
    std::string present = number_after(notes, "IPv4 total length exceeds packet length (");
    if (std::stoi(present) < 20) {  // not even RFC 791's fixed 20 bytes
      faults.push_back(fmt::format("truncated: {} bytes, less than the 20-byte header", present));
    } else {
      faults.push_back(fmt::format("Total Length {} runs past the {} bytes the frame holds",
                                   t.at(row, "ip.len"), present));
    }
  }
  if (contains(notes, "Bogus IP length")) {
    faults.push_back(fmt::format("Total Length {}, less than the {}-byte header",
                                 t.at(row, "ip.len"), t.at(row, "ip.hdr_len")));
  }
  if (contains(notes, "Bogus IP header length (")) {
    faults.push_back(fmt::format("a {}-byte header, under the 20-byte minimum",
                                 number_after(notes, "Bogus IP header length (")));
  }
  if (contains(notes, "Bogus IPv4 version"))
    faults.push_back(fmt::format("version {}, not 4", first_value(t.at(row, "ip.version"))));
  return faults;
}

// tshark shows the four FCS bytes in the order they arrive; IEEE 802.3 sends the CRC least
// significant byte first, so the CRC itself (what camnet shows, as lab 1's EthernetView::fcs()
// reads it) is tshark's figure with its bytes swapped: 0x7287e92e is the CRC 0x2ee98772.
std::string crc_of_tshark_fcs(const std::string& tshark_fcs) {
  std::uint32_t wire = static_cast<std::uint32_t>(std::stoul(tshark_fcs, nullptr, 16));
  std::uint32_t crc =
      (wire >> 24) | ((wire >> 8) & 0xff00u) | ((wire << 8) & 0xff0000u) | (wire << 24);
  return fmt::format("0x{:08x}", crc);
}

}  // namespace

TEST_CASE(
    "camnet dissect names both addresses of a broken IPv4 header and what is wrong with it, "
    "as tshark decodes it",
    "[tool]") {
  Capture c = load("ipv4-faults");
  REQUIRE(c.records.size() == c.tshark.rows());
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    const TsharkTable& t = c.tshark;
    const std::vector<std::uint8_t>& bytes = c.records[i].bytes;
    std::string line = summary(c, i);
    INFO(packet(c, i) << ": camnet says\n  " << line);
    const std::size_t ip = 14;  // the crafted frames carry no VLAN tag
    if (!t.at(i, "ip.src").empty() && !t.at(i, "ip.dst").empty()) {
      CHECK_THAT(line, Catch::Contains(t.at(i, "ip.src") + " > " + t.at(i, "ip.dst")));
    } else if (!t.at(i, "ip.src").empty()) {  // the frame ends inside the destination address
      CHECK_THAT(line, Catch::Contains(t.at(i, "ip.src") + " > (cut off)"));
    } else if (first_value(t.at(i, "ip.version")) == "4" && bytes.size() >= ip + 20) {
      // tshark stops at a bogus length before it reaches the addresses; RFC 791 puts them at bytes
      // 12 and 16 of the header, which the frame holds.
      CHECK_THAT(line,
                 Catch::Contains(ipv4_text(bytes, ip + 12) + " > " + ipv4_text(bytes, ip + 16)));
    } else if (bytes.size() >= ip + 20) {  // not IPv4 at all: its bytes 12 to 19 are no addresses
      CHECK_THAT(line, !Catch::Contains(ipv4_text(bytes, ip + 12) + " > "));
    }
    std::vector<std::string> faults = expected_ipv4_faults(t, i);
    for (const std::string& fault : faults)
      CHECK_THAT(line, Catch::Contains(fault));
    if (faults.empty())
      CHECK_THAT(line, !Catch::Contains("["));
    else
      CHECK_THAT(line, Catch::Contains("  ["));
    if (t.at(i, "ip.checksum.status") != "0")
      CHECK_THAT(line, !Catch::Contains("bad checksum"));
  }
}

TEST_CASE("camnet dissect reads what it can of a broken ARP message and says what is wrong",
          "[tool]") {
  // RFC 826: 8 fixed bytes, then sender and target addresses; for Ethernet (1, 6 bytes) and IPv4
  // (0x0800, 4 bytes) the message is 8 + 2 * 6 + 2 * 4 = 28 bytes, opcode 1 a request, 2 a reply.
  Capture c = load("arp-faults");
  REQUIRE(c.records.size() == c.tshark.rows());
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    const TsharkTable& t = c.tshark;
    std::string line = summary(c, i);
    INFO(packet(c, i) << ": camnet says\n  " << line);
    std::vector<std::string> expected;
    const std::string& opcode = t.at(i, "arp.opcode");
    if (opcode == "1" || opcode == "2") {
      expected.push_back(opcode == "1" ? "ARP request" : "ARP reply");
    } else {
      expected.push_back("ARP opcode " + opcode);
      expected.push_back(fmt::format("[opcode {}: neither request (1) nor reply (2)", opcode));
    }
    if (!t.at(i, "arp.src.proto_ipv4").empty())
      expected.push_back("from " + t.at(i, "arp.src.proto_ipv4"));
    if (!t.at(i, "arp.dst.proto_ipv4").empty())
      expected.push_back("for " + t.at(i, "arp.dst.proto_ipv4"));
    if (!t.at(i, "arp.hw.type").empty() && t.at(i, "arp.hw.type") != "1")
      expected.push_back(fmt::format("hardware type {}, not Ethernet (1)", t.at(i, "arp.hw.type")));
    if (!t.at(i, "arp.proto.type").empty() && t.at(i, "arp.proto.type") != "0x0800") {
      expected.push_back(
          fmt::format("protocol type {}, not IPv4 (0x0800)", t.at(i, "arp.proto.type")));
    }
    if (t.at(i, "arp.proto.size") != "" && t.at(i, "arp.proto.size") != "4") {
      expected.push_back(fmt::format("address sizes {} and {}, not 6 and 4", t.at(i, "arp.hw.size"),
                                     t.at(i, "arp.proto.size")));
    }
    if (contains(t.at(i, "_ws.expert.message"), "Malformed")) {  // tshark ran out of bytes
      int present = std::stoi(t.at(i, "frame.cap_len")) - 14;
      expected.push_back(fmt::format("truncated: {} of the message's 28 bytes", present));
    }
    for (const std::string& part : expected)
      CHECK_THAT(line, Catch::Contains(part));
    CHECK_THAT(line, Catch::Contains("  ["));  // each message was made broken
  }
}

TEST_CASE("camnet dissect shows the addresses of a frame too short for its Ethernet header",
          "[tool]") {
  Capture c = load("ethernet-faults");
  REQUIRE(c.records.size() == c.tshark.rows());
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    const TsharkTable& t = c.tshark;
    std::string line = summary(c, i);
    INFO(packet(c, i) << ": camnet says\n  " << line);
    // tshark's Source and Destination columns: the addresses it could read (blank if none).
    std::string source =
        t.at(i, "_ws.col.Source").empty() ? "(cut off)" : t.at(i, "_ws.col.Source");
    CHECK_THAT(line, Catch::StartsWith(source + " > " + t.at(i, "_ws.col.Destination") + "  "));
    CHECK_THAT(line, Catch::EndsWith(fmt::format(
                         "[truncated: {} bytes captured, too few for the Ethernet header]",
                         t.at(i, "frame.cap_len"))));
  }
}

TEST_CASE("with --fcs a bad FCS or a runt is named beside the decoded frame, as tshark finds it",
          "[tool]") {
  Capture c = load("with-fcs");
  REQUIRE(c.records.size() == c.tshark.rows());
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    const TsharkTable& t = c.tshark;
    std::string line = summary(c, i);
    INFO(packet(c, i) << ": camnet says\n  " << line);
    CHECK_THAT(line, Catch::StartsWith(t.at(i, "eth.src") + " > " + t.at(i, "eth.dst")));
    if (t.at(i, "eth.fcs.status") == "0") {  // tshark: "Bad checksum [should be 0x7287e92e]"
      std::string right = number_after(t.at(i, "_ws.expert.message"), "[should be ");
      CHECK_THAT(line, Catch::Contains(fmt::format("bad FCS {}, should be {}",
                                                   crc_of_tshark_fcs(t.at(i, "eth.fcs")),
                                                   crc_of_tshark_fcs(right))));
    } else {
      CHECK_THAT(line, !Catch::Contains("bad FCS"));
    }
    // IEEE 802.3: a frame is at least 64 bytes, FCS included; tshark decodes a shorter one as
    // usual, and so must camnet, naming the fault.
    if (std::stoi(t.at(i, "frame.len")) < 64) {
      CHECK_THAT(line, Catch::Contains(fmt::format("[runt: {} bytes, under the 64-byte minimum]",
                                                   t.at(i, "frame.len"))));
      CHECK_THAT(line,
                 Catch::Contains(fmt::format("who has {}? tell {}", t.at(i, "arp.dst.proto_ipv4"),
                                             t.at(i, "arp.src.proto_ipv4"))));
    }
  }
}

TEST_CASE(
    "camnet explain shows every field of a header with a bad checksum, the checksum marked "
    "wrong with the value it should have",
    "[tool]") {
  Capture c = load("ipv4-faults");
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    const TsharkTable& t = c.tshark;
    if (t.at(i, "ip.checksum.status") != "0")
      continue;
    std::string figure = dissect::explain_frame(c.records[i].number, c.records[i].wire_length,
                                                c.records[i].bytes, options_for(c));
    INFO(packet(c, i) << ": camnet explains\n" << figure);
    CHECK_THAT(figure, Catch::Contains(fmt::format("Header checksum: {} (wrong, should be {}) "
                                                   "[ip.checksum]",
                                                   t.at(i, "ip.checksum"),
                                                   t.at(i, "ip.checksum_calculated"))));
    CHECK_THAT(figure, Catch::Contains(fmt::format("Source: {} [ip.src]", t.at(i, "ip.src"))));
    CHECK_THAT(figure, Catch::Contains(fmt::format("Destination: {} [ip.dst]", t.at(i, "ip.dst"))));
    CHECK_THAT(figure,
               Catch::Contains(fmt::format("Time to live: {} [ip.ttl]", t.at(i, "ip.ttl"))));
    CHECK_THAT(figure, Catch::Contains(", malformed: "));  // in the IPv4 heading, then each fault
    CHECK_THAT(figure,
               Catch::Contains(fmt::format("bad checksum {}, should be {}", t.at(i, "ip.checksum"),
                                           t.at(i, "ip.checksum_calculated"))));
  }
}

TEST_CASE("camnet explain gives every byte of every frame to exactly one field, malformed or not",
          "[tool]") {
  // The figure lists the fields in the order of their bytes: each starts where the last ended,
  // and the last ends with the frame, so no byte is shown twice or left out.
  int frames = 0;
  for (const char* name : {"ipv4-faults", "arp-faults", "ethernet-faults", "with-fcs",
                           "cooked-oddities", "cooked2-oddities", "any-sll", "any-sll2"}) {
    Capture c = load(name);
    for (std::size_t i = 0; i < c.records.size(); ++i) {
      ++frames;
      dissect::Dissection d = dissect::dissect_frame(c.records[i].bytes, options_for(c));
      std::size_t next = 0;
      for (const dissect::DecodedField& f : d.fields) {
        if (f.length == 0)
          continue;  // a heading
        INFO(packet(c, i) << ": field " << f.key << " (" << f.label << ") at byte " << f.offset
                          << ", " << f.length << " bytes, where the field before it ended at "
                          << next);
        CHECK(f.offset == next);
        next = f.offset + f.length;
      }
      INFO(packet(c, i) << ": the fields end at byte " << next << " of "
                        << c.records[i].bytes.size());
      CHECK(next == c.records[i].bytes.size());
    }
  }
  CHECK(frames > 50);
}
