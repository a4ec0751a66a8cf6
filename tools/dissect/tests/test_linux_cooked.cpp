// The dissector on Linux cooked captures: real ones (`tcpdump -i any` in a network namespace,
// tools/dissect/captures/record.sh, once as LINUX_SLL and once as LINUX_SLL2) and crafted odd
// ones (make_crafted.py), compared field by field with tshark's decode of each.
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "camnet/testing/process.hpp"
#include "dissect_captures.hpp"

using namespace camnet;
using namespace camnet::dissect_tests;
using camnet::testing::FieldList;
using camnet::testing::TsharkTable;

namespace {

const char* const recorded[] = {"any-sll", "any-sll2"};
const char* const all_cooked[] = {"any-sll", "any-sll2", "cooked-oddities", "cooked2-oddities"};

// tshark's fields that camnet's dissection carries under the same name, and with the same value
// as the first word of its own ("0x0800 (IPv4)" is tshark's 0x0800).
const char* const compared[] = {"sll.pkttype",
                                "sll.hatype",
                                "sll.halen",
                                "sll.src.eth",
                                "sll.src.ipv4",
                                "sll.src.other",
                                "sll.etype",
                                "sll.gretype",
                                "sll.ltype",
                                "sll.ifindex",
                                "eth.src",
                                "eth.dst",
                                "arp.opcode",
                                "arp.src.hw_mac",
                                "arp.src.proto_ipv4",
                                "arp.dst.hw_mac",
                                "arp.dst.proto_ipv4",
                                "ip.len",
                                "ip.id",
                                "ip.ttl",
                                "ip.proto",
                                "ip.checksum",
                                "ip.src",
                                "ip.dst"};

FieldList tshark_fields(const TsharkTable& t, std::size_t row) {
  FieldList fields;
  for (const char* name : compared) {
    if (!t.at(row, name).empty())
      fields.push_back({name, t.at(row, name)});
  }
  return fields;
}

FieldList camnet_fields(const Capture& c, std::size_t i) {
  FieldList fields;
  for (const dissect::DecodedField& f :
       dissect::dissect_frame(c.records[i].bytes, options_for(c)).fields) {
    std::string value = f.value.substr(0, f.value.find(' '));
    if (f.key == "sll.src.other")  // tshark writes bytes without separators
      std::erase(value, ':');
    fields.push_back({f.key, value});
  }
  return fields;
}

// libpcap's LINKTYPE_LINUX_SLL page: what each packet type says about where the packet went, in
// the words tshark uses (packet-sll.c), lower-cased for the summary line.
std::string packet_type_words(const std::string& number) {
  const char* words[] = {"unicast to us", "broadcast", "multicast", "unicast to another host",
                         "sent by us"};
  return words[std::stoi(number)];
}

// What lab 2 adds to a line, from tshark's values alone (as lab 2's own capture test builds it).
std::string expected_packet_summary(const TsharkTable& t, std::size_t row) {
  if (!t.at(row, "arp.opcode").empty()) {
    bool request = t.at(row, "arp.opcode") == "1";
    if (t.at(row, "arp.isgratuitous") == "1") {
      return fmt::format("gratuitous ARP for {} ({})", t.at(row, "arp.src.proto_ipv4"),
                         request ? "request" : "reply");
    }
    if (request) {
      return fmt::format("who has {}? tell {}", t.at(row, "arp.dst.proto_ipv4"),
                         t.at(row, "arp.src.proto_ipv4"));
    }
    return fmt::format("{} is at {}", t.at(row, "arp.src.proto_ipv4"), t.at(row, "arp.src.hw_mac"));
  }
  return fmt::format("{} > {}  ICMP  ttl {}  id {}{}", t.at(row, "ip.src"), t.at(row, "ip.dst"),
                     t.at(row, "ip.ttl"), t.at(row, "ip.id"),
                     t.at(row, "ip.flags.df") == "1" ? "  DF" : "");
}

}  // namespace

TEST_CASE(
    "camnet dissect decodes Linux cooked captures (SLL and SLL2) field by field as tshark "
    "does",
    "[tool]") {
  int compared_packets = 0;
  for (const char* name : all_cooked) {
    Capture c = load(name);
    REQUIRE(c.records.size() == c.tshark.rows());
    for (std::size_t i = 0; i < c.records.size(); ++i) {
      std::string diff =
          testing::field_diff(packet(c, i), tshark_fields(c.tshark, i), camnet_fields(c, i));
      if (!diff.empty())
        FAIL_CHECK(diff);
      ++compared_packets;
    }
  }
  CHECK(compared_packets >= 45);
}

TEST_CASE(
    "a tcpdump -i any capture reads in both link types, as SLL for LINUX_SLL and SLL2 for "
    "LINUX_SLL2",
    "[tool]") {
  // record.sh ran one tcpdump of each link type at once: the same packets, in the same order.
  Capture sll = load("any-sll");
  Capture sll2 = load("any-sll2");
  CHECK(sll.link == host::LinkType::linux_sll);
  CHECK(sll2.link == host::LinkType::linux_sll2);
  REQUIRE(sll.records.size() == sll2.records.size());
  for (std::size_t i = 0; i < sll.records.size(); ++i) {
    INFO(packet(sll, i) << ": " << summary(sll, i) << "\n"
                        << packet(sll2, i) << ": " << summary(sll2, i));
    // SLL2's header is 4 bytes longer (the interface index): the packets after it are the same.
    std::vector<std::uint8_t> a(sll.records[i].bytes.begin() + 16, sll.records[i].bytes.end());
    std::vector<std::uint8_t> b(sll2.records[i].bytes.begin() + 20, sll2.records[i].bytes.end());
    CHECK(a == b);
  }
}

TEST_CASE(
    "camnet dissect's line for a tcpdump -i any packet names the interface, the sender, where "
    "the packet went and what it says",
    "[tool]") {
  for (const char* name : recorded) {
    Capture c = load(name);
    const TsharkTable& t = c.tshark;
    for (std::size_t i = 0; i < c.records.size(); ++i) {
      std::string line = summary(c, i);
      INFO(packet(c, i) << ": camnet says\n  " << line);
      std::string start =
          t.at(i, "sll.ifindex").empty() ? "" : fmt::format("if {}  ", t.at(i, "sll.ifindex"));
      CHECK_THAT(line, Catch::StartsWith(fmt::format("{}{} ({})  ", start, t.at(i, "sll.src.eth"),
                                                     packet_type_words(t.at(i, "sll.pkttype")))));
      CHECK_THAT(line, Catch::Contains(fmt::format("  {} bytes  ", t.at(i, "frame.len"))));
      CHECK_THAT(line, Catch::EndsWith(expected_packet_summary(t, i)));
      CHECK_THAT(line, !Catch::Contains("["));  // real traffic: nothing is wrong with it
    }
  }
}

TEST_CASE("a Linux cooked record cut short inside its header shows the fields before the cut",
          "[tool]") {
  // make_crafted.py: the first record of each oddities capture is 10 bytes; libpcap's pages give
  // the header as 16 bytes (SLL) and 20 (SLL2).
  for (const auto& [name, version, size] :
       {std::tuple{"cooked-oddities", 1, 16}, std::tuple{"cooked2-oddities", 2, 20}}) {
    Capture c = load(name);
    std::string line = summary(c, 0);
    INFO(packet(c, 0) << ": camnet says\n  " << line);
    CHECK_THAT(line,
               Catch::EndsWith(fmt::format("[truncated: {} bytes, the Linux cooked header (v{}) "
                                           "needs {}]",
                                           c.tshark.at(0, "frame.cap_len"), version, size)));
  }
}

TEST_CASE("camnet dissect and explain read a tcpdump -i any capture from the command line",
          "[tool]") {
  std::string file = (captures / "any-sll2.pcap").string();
  TsharkTable t = TsharkTable::load((captures / "any-sll2.tshark.tsv").string());
  testing::CommandResult run = testing::run_command(std::string(CAMNET_EXE) + " dissect " + file);
  INFO("camnet said:\n" << run.out << run.err);
  CHECK(run.status == 0);
  CHECK(std::count(run.out.begin(), run.out.end(), '\n') == static_cast<long>(t.rows()));
  testing::CommandResult explain =
      testing::run_command(std::string(CAMNET_EXE) + " explain -n 1 " + file);
  INFO("camnet explain said:\n" << explain.out << explain.err);
  CHECK(explain.status == 0);
  CHECK_THAT(explain.out, Catch::Contains(fmt::format("Interface index: {} [sll.ifindex]",
                                                      t.at(0, "sll.ifindex"))));
  CHECK_THAT(explain.out,
             Catch::Contains(fmt::format("Source: {} [sll.src.eth]", t.at(0, "sll.src.eth"))));
}
