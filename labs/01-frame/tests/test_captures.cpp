// Lab 1 against real traffic: captures recorded from Linux hosts in network namespaces
// (captures/record.sh), with the expected value of every field decoded by tshark
// (captures/*.tshark.tsv). Nothing expected here comes from camnet's own code.
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "camnet/host/capture.hpp"
#include "camnet/host/format.hpp"
#include "camnet/memory_link.hpp"
#include "camnet/testing/fields.hpp"
#include "camnet/testing/story.hpp"
#include "dissect.hpp"
#include "frame/ethernet.hpp"
#include "frame/learning_switch.hpp"

using namespace camnet;
using camnet::testing::Field;
using camnet::testing::FieldList;
using camnet::testing::TsharkTable;
namespace fs = std::filesystem;

namespace {

const fs::path captures = fs::path(CAMNET_LAB_DIR) / "captures";

struct Frame {
  std::uint64_t number;
  host::CaptureTime time;
  std::uint32_t wire_length;
  std::vector<std::uint8_t> bytes;
};

std::vector<Frame> read_frames(const fs::path& path) {
  host::CaptureReader reader(path.string());
  std::vector<Frame> frames;
  while (auto r = reader.next()) {
    frames.push_back({r->number, r->time, r->wire_length, {r->bytes.begin(), r->bytes.end()}});
  }
  return frames;
}

std::string yes_no(bool b) {
  return b ? "1" : "0";
}

// What the student's EthernetView makes of a frame, under tshark's field names.
// tshark's eth.type is the first type field (the outer TPID of a tagged frame); an 802.1ad outer
// tag's fields are ieee8021ad.*; 802.1Q tags are vlan.*, several joined by ','; vlan.etype is the
// type after the last tag.
FieldList student_fields(const Frame& frame) {
  FieldList got;
  auto view = EthernetView::check(frame.bytes);
  if (!view)
    return {{"parse", fmt::format("failed: {}", to_string(view.error()))}};
  got.push_back({"eth.dst", std::string(view->destination().text())});
  got.push_back({"eth.src", std::string(view->source().text())});
  got.push_back({"eth.dst.ig", yes_no(view->destination().is_multicast())});
  got.push_back({"eth.dst.lg", yes_no(view->destination().is_locally_administered())});
  got.push_back({"eth.src.lg", yes_no(view->source().is_locally_administered())});
  std::uint16_t first_type = view->tag_count() > 0 ? view->tag(0).tpid : view->ethertype();
  got.push_back({"eth.type", fmt::format("0x{:04x}", first_type)});
  std::vector<std::string> ids, priorities, deis;
  for (std::size_t i = 0; i < view->tag_count(); ++i) {
    VlanTag tag = view->tag(i);
    if (tag.tpid == ethertype::qinq) {
      got.push_back({"ieee8021ad.id", std::to_string(tag.vlan_id)});
      got.push_back({"ieee8021ad.priority", std::to_string(tag.priority)});
      got.push_back({"ieee8021ad.dei", yes_no(tag.drop_eligible)});
    } else {
      ids.push_back(std::to_string(tag.vlan_id));
      priorities.push_back(std::to_string(tag.priority));
      deis.push_back(yes_no(tag.drop_eligible));
    }
  }
  if (!ids.empty()) {
    got.push_back({"vlan.id", fmt::format("{}", fmt::join(ids, ","))});
    got.push_back({"vlan.priority", fmt::format("{}", fmt::join(priorities, ","))});
    got.push_back({"vlan.dei", fmt::format("{}", fmt::join(deis, ","))});
    got.push_back({"vlan.etype", fmt::format("0x{:04x}", view->ethertype())});
  }
  return got;
}

// tshark's values for the same fields (only those tshark filled in for this frame).
FieldList tshark_fields(const TsharkTable& table, std::size_t row) {
  FieldList expected;
  for (const char* column : {"eth.dst", "eth.src", "eth.dst.ig", "eth.dst.lg", "eth.src.lg",
                             "eth.type", "vlan.id", "vlan.priority", "vlan.dei", "vlan.etype",
                             "ieee8021ad.id", "ieee8021ad.priority", "ieee8021ad.dei"}) {
    if (table.has_column(column) && !table.at(row, column).empty()) {
      expected.push_back({column, table.at(row, column)});
    }
  }
  return expected;
}

void check_capture_against_tshark(const std::string& name) {
  auto frames = read_frames(captures / (name + ".pcap"));
  TsharkTable table = TsharkTable::load((captures / (name + ".tshark.tsv")).string());
  REQUIRE(frames.size() == table.rows());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    std::string diff =
        testing::field_diff(fmt::format("{}.pcap, packet {}", name, frames[i].number),
                            tshark_fields(table, i), student_fields(frames[i]));
    if (!diff.empty())
      FAIL_CHECK(diff);
  }
}

// The line `camnet dissect` should print for row `row`, built from tshark's values alone.
std::string expected_line(const TsharkTable& t, std::size_t row, double first_time) {
  auto split = [](const std::string& s) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (!s.empty()) {
      std::size_t comma = s.find(',', start);
      parts.push_back(
          s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos)
        break;
      start = comma + 1;
    }
    return parts;
  };
  double time = std::stod(t.at(row, "frame.time_epoch")) - first_time;
  std::string line = fmt::format("{:>6}  {:>11.6f}  {} > {}  ", t.at(row, "frame.number"), time,
                                 t.at(row, "eth.src"), t.at(row, "eth.dst"));
  if (!t.at(row, "ieee8021ad.id").empty()) {
    line += fmt::format("s-vlan {} p{}{}  ", t.at(row, "ieee8021ad.id"),
                        t.at(row, "ieee8021ad.priority"),
                        t.at(row, "ieee8021ad.dei") == "1" ? " dei" : "");
  }
  auto ids = split(t.at(row, "vlan.id"));
  auto priorities = split(t.at(row, "vlan.priority"));
  auto deis = split(t.at(row, "vlan.dei"));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    line += fmt::format("vlan {} p{}{}  ", ids[i], priorities[i], deis[i] == "1" ? " dei" : "");
  }
  std::string type =
      t.at(row, "vlan.etype").empty() ? t.at(row, "eth.type") : t.at(row, "vlan.etype");
  // EtherType names from the IEEE registry, for the types these captures carry.
  const char* name = type == "0x0800" ? "IPv4" : type == "0x0806" ? "ARP" : "?";
  line += fmt::format("{} ({})  {} bytes\n", name, type, t.at(row, "frame.len"));
  return line;
}

}  // namespace

TEST_CASE("every frame of two-hosts.pcap parses to the fields tshark decoded", "[lab1][points:2]") {
  check_capture_against_tshark("two-hosts");
}

TEST_CASE("every frame of vlan.pcap parses to the 802.1Q tags tshark decoded", "[lab1][points:2]") {
  check_capture_against_tshark("vlan");
}

TEST_CASE("every frame of qinq.pcap parses to the stacked 802.1ad and 802.1Q tags tshark decoded",
          "[lab1][points:2]") {
  check_capture_against_tshark("qinq");
}

TEST_CASE("full-size 1514-byte frames and short ones parse to what tshark decoded",
          "[lab1][points:1]") {
  check_capture_against_tshark("jumbo-and-small");
}

TEST_CASE("every frame the Linux bridge saw parses to the fields tshark decoded",
          "[lab1][points:1]") {
  for (int port = 1; port <= 3; ++port) {
    for (const char* direction : {"in", "out"}) {
      check_capture_against_tshark(fmt::format("bridge-port{}-{}", port, direction));
    }
  }
}

TEST_CASE("the camera in two-hosts.pcap has a locally administered address, as tshark says",
          "[lab1][points:1]") {
  // The handout asks students to spot this: the camera (192.168.10.2) answers ARP from
  // 02:00:00:c4:3e:01.
  auto frames = read_frames(captures / "two-hosts.pcap");
  TsharkTable table = TsharkTable::load((captures / "two-hosts.tshark.tsv").string());
  bool seen = false;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (table.at(i, "eth.src") != "02:00:00:c4:3e:01")
      continue;
    seen = true;
    auto view = EthernetView::check(frames[i].bytes);
    REQUIRE(view.ok());
    CHECK(view->source().is_locally_administered());
    CHECK(table.at(i, "eth.src.lg") == "1");
  }
  CHECK(seen);
}

TEST_CASE("camnet dissect prints, for each recorded frame, the values tshark decoded",
          "[lab1][points:2]") {
  for (const char* name : {"two-hosts", "vlan", "qinq", "jumbo-and-small", "bridge-port1-in"}) {
    auto frames = read_frames(captures / (std::string(name) + ".pcap"));
    TsharkTable table =
        TsharkTable::load((captures / (std::string(name) + ".tshark.tsv")).string());
    REQUIRE(frames.size() == table.rows());
    double first_time = std::stod(table.at(0, "frame.time_epoch"));
    for (std::size_t i = 0; i < frames.size(); ++i) {
      fmt::memory_buffer out;
      dissect::append_summary_line(out, frames[i].number, frames[i].time - frames[0].time,
                                   frames[i].wire_length, frames[i].bytes,
                                   dissect::Options{Fcs::absent, 1});
      INFO(name << ".pcap, packet " << frames[i].number);
      CHECK(fmt::to_string(out) == expected_line(table, i, first_time));
    }
  }
}

TEST_CASE(
    "replaying the Linux bridge's input, the switch sends out of each port what the bridge sent",
    "[lab1][points:3]") {
  // Three hosts on a Linux bridge (captures/README.md): a pings b, then c ARPs for a. The bridge
  // floods the first broadcast to ports 2 and 3, sends the replies only where they belong, and
  // floods c's broadcast to ports 1 and 2. The student's switch gets each port's input, merged by
  // time, and must send the same frames in the same order out of each port (timing aside).
  testing::Story story;
  std::vector<std::vector<Frame>> in(3), expected(3);
  for (int p = 0; p < 3; ++p) {
    in[p] = read_frames(captures / fmt::format("bridge-port{}-in.pcap", p + 1));
    expected[p] = read_frames(captures / fmt::format("bridge-port{}-out.pcap", p + 1));
  }
  std::vector<std::unique_ptr<MemoryMedium<2, 64>>> wires;
  std::vector<Port> ports;
  for (int p = 0; p < 3; ++p) {
    wires.push_back(std::make_unique<MemoryMedium<2, 64>>());
    ports.emplace_back(wires.back()->station(0));
  }
  LearningSwitch sw(ports);
  std::vector<std::size_t> next(3, 0);
  std::vector<std::vector<std::vector<std::uint8_t>>> sent(3);
  while (true) {
    int earliest = -1;
    for (int p = 0; p < 3; ++p) {
      if (next[p] < in[p].size() &&
          (earliest < 0 || in[p][next[p]].time < in[earliest][next[earliest]].time)) {
        earliest = p;
      }
    }
    if (earliest < 0)
      break;
    const Frame& f = in[earliest][next[earliest]++];
    auto view = EthernetView::check(f.bytes);
    story.step("port {} (bridge port {}) receives frame {} of its capture{}", earliest,
               earliest + 1, f.number,
               view ? fmt::format(": {} -> {}", view->source(), view->destination()) : "");
    sw.receive(static_cast<std::size_t>(earliest), f.bytes);
    for (int p = 0; p < 3; ++p) {
      while (auto out = wires[p]->station(1).receive())
        sent[p].emplace_back(out->bytes().begin(), out->bytes().end());
    }
  }
  for (int p = 0; p < 3; ++p) {
    INFO("port " << p << " (bridge port " << p + 1 << "): the bridge sent " << expected[p].size()
                 << " frames, the switch " << sent[p].size());
    CHECK(sent[p].size() == expected[p].size());
    for (std::size_t i = 0; i < std::min(sent[p].size(), expected[p].size()); ++i) {
      std::string diff = testing::frame_diff(fmt::format("port {}, frame {} sent", p, i + 1),
                                             expected[p][i].bytes, sent[p][i]);
      if (!diff.empty())
        FAIL_CHECK(diff);
    }
  }
}

TEST_CASE("after the bridge replay the switch has learned each host on the port the bridge did",
          "[lab1][points:1]") {
  // captures/bridge-fdb.txt is `bridge fdb show` from the Linux bridge after the same traffic.
  std::vector<std::unique_ptr<MemoryMedium<2, 64>>> wires;
  std::vector<Port> ports;
  for (int p = 0; p < 3; ++p) {
    wires.push_back(std::make_unique<MemoryMedium<2, 64>>());
    ports.emplace_back(wires.back()->station(0));
  }
  LearningSwitch sw(ports);
  for (int p = 0; p < 3; ++p) {
    for (const Frame& f : read_frames(captures / fmt::format("bridge-port{}-in.pcap", p + 1))) {
      sw.receive(static_cast<std::size_t>(p), f.bytes);
    }
  }
  std::ifstream fdb(captures / "bridge-fdb.txt");
  std::string line;
  int entries = 0;
  while (std::getline(fdb, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    std::istringstream fields(line);
    std::string mac_text;
    std::size_t bridge_port = 0;
    fields >> mac_text >> bridge_port;
    auto mac = MacAddress::parse(mac_text);
    REQUIRE(mac.has_value());
    INFO("the bridge learned " << mac_text << " on its port " << bridge_port);
    CHECK(sw.port_of(*mac) == std::optional<std::size_t>{bridge_port - 1});
    ++entries;
  }
  CHECK(entries == 3);
  CHECK(sw.table_size() == 3);
}

#ifdef CAMNET_HAVE_CORPUS
TEST_CASE(
    "every capture in the third-party corpus goes through dissect and explain without a crash",
    "[lab1][points:1]") {
  // Broken files must end in one CaptureError line; every readable frame is dissected, explained
  // and summarised with and without an FCS. The sanitizer build turns any bad read into a failure.
  int files = 0, frames = 0;
  for (const auto& entry : fs::recursive_directory_iterator(CAMNET_CORPUS_DIR)) {
    std::string ext = entry.path().extension().string();
    if (ext != ".pcap" && ext != ".pcapng")
      continue;
    ++files;
    try {
      host::CaptureReader reader(entry.path().string());
      while (auto r = reader.next()) {
        ++frames;
        for (Fcs fcs : {Fcs::absent, Fcs::present}) {
          dissect::Options options{fcs, 1};  // lab 1's decoding only
          fmt::memory_buffer out;
          dissect::append_summary_line(out, r->number, std::chrono::nanoseconds(0), r->wire_length,
                                       r->bytes, options);
          CHECK(out.size() > 0);
          CHECK_FALSE(dissect::explain_frame(r->number, r->wire_length, r->bytes, options).empty());
        }
      }
    } catch (const host::CaptureError& e) {
      std::string message = e.what();
      INFO(message);
      CHECK(message.find('\n') == std::string::npos);
      CHECK(message.rfind(entry.path().string() + ": ", 0) == 0);
    }
  }
  CHECK(files >= 30);
  CHECK(frames > 100);
}
#endif
