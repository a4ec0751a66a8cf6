// The replay's field decoder (tools/route/frame_fields.hpp) against tshark: every frame of every
// lab 3 capture, decoded by both, must give the same value in every column tshark wrote (the
// committed .tshark.tsv files). This is what lets lab 3's capture tests trust the decoder as the
// independent side of their comparisons.
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "camnet/host/capture.hpp"
#include "camnet/testing/fields.hpp"
#include "frame_fields.hpp"

namespace fs = std::filesystem;
using camnet::testing::FieldList;
using camnet::testing::TsharkTable;

namespace {

const fs::path captures = CAMNET_LAB3_CAPTURES;
const char* scenarios[] = {"ping-through", "traceroute", "ttl-expired",  "unreachable",
                           "nat-udp",      "nat-tcp",    "fragmentation"};
const char* files[] = {"if0.in", "if0.out", "if1.in", "if1.out"};

// tshark's cell for `column`: every occurrence, outer first, joined with ',' (-E aggregator=,).
std::string aggregated(const std::vector<camnet::replay::WireField>& fields,
                       const std::string& column) {
  std::string out;
  for (const auto& f : fields) {
    std::string base = f.name.substr(0, f.name.find('#'));
    if (base == column)
      out += (out.empty() ? "" : ",") + f.value;
  }
  return out;
}

}  // namespace

TEST_CASE("the replay's decoder reads every frame of the lab 3 captures as tshark did", "[tool]") {
  int frames = 0;
  for (const char* scenario : scenarios) {
    for (const char* file : files) {
      fs::path base = captures / scenario / file;
      TsharkTable table = TsharkTable::load(base.string() + ".tshark.tsv");
      camnet::host::CaptureReader reader(base.string() + ".pcap");
      std::size_t row = 0;
      while (auto record = reader.next()) {
        REQUIRE(row < table.rows());
        auto fields = camnet::replay::decode_frame(record->bytes);
        FieldList expected, got;
        for (const std::string& column : table.columns()) {
          if (column.rfind("frame.", 0) == 0 || column.rfind("_ws.", 0) == 0)
            continue;
          expected.push_back({column, table.at(row, column)});
          got.push_back({column, aggregated(fields, column)});
        }
        std::string diff = camnet::testing::field_diff(
            fmt::format("{}/{}.pcap frame {}", scenario, file, record->number), expected, got);
        if (!diff.empty())
          FAIL_CHECK(diff);
        ++row;
        ++frames;
      }
      CHECK(row == table.rows());
    }
  }
  CHECK(frames > 100);
}

TEST_CASE("the comparison masks only the ID and checksum of the router's own ICMP errors",
          "[tool]") {
  camnet::host::CaptureReader reader((captures / "traceroute" / "if0.out.pcap").string());
  reader.next();                // R1's ARP reply
  auto record = reader.next();  // R1's own time exceeded
  std::vector<std::uint8_t> linux_frame(record->bytes.begin(), record->bytes.end());
  std::vector<camnet::Ipv4Address> router{camnet::Ipv4Address(0x0a000001),
                                          camnet::Ipv4Address(0xc0000201)};
  // Another identification (and the checksum that goes with it: +1 in the ID word, -1 in the sum).
  std::vector<std::uint8_t> other = linux_frame;
  other[19] = static_cast<std::uint8_t>(other[19] + 1);
  unsigned sum = (unsigned{other[24]} << 8 | other[25]) - 1;
  other[24] = static_cast<std::uint8_t>(sum >> 8);
  other[25] = static_cast<std::uint8_t>(sum);
  auto same = camnet::replay::compare_frame("frame 2", linux_frame, other, router);
  CHECK(same.diff.empty());
  REQUIRE(same.masked.size() == 2);
  CHECK(same.masked[0].field == "ip.id");
  // A wrong checksum is still caught (ip.checksum.status).
  other[25] = static_cast<std::uint8_t>(other[25] + 1);
  auto broken = camnet::replay::compare_frame("frame 2", linux_frame, other, router);
  CHECK_THAT(broken.diff, Catch::Contains("ip.checksum.status"));
  // Forwarded datagrams are not masked: the same change in R2's time exceeded (frame 5) shows.
  reader.next();
  reader.next();
  auto forwarded = reader.next();
  std::vector<std::uint8_t> r2(forwarded->bytes.begin(), forwarded->bytes.end());
  std::vector<std::uint8_t> r2_other = r2;
  r2_other[19] = static_cast<std::uint8_t>(r2_other[19] + 1);
  auto diff = camnet::replay::compare_frame("frame 5", r2, r2_other, router);
  CHECK_THAT(diff.diff, Catch::Contains("ip.id"));
  CHECK(diff.masked.empty());
}

TEST_CASE("the comparison ignores zero padding up to 60 bytes and shows payload differences",
          "[tool]") {
  camnet::host::CaptureReader reader((captures / "ping-through" / "if0.out.pcap").string());
  auto arp = reader.next();
  std::vector<std::uint8_t> linux_frame(arp->bytes.begin(), arp->bytes.end());
  REQUIRE(linux_frame.size() == 42);
  std::vector<std::uint8_t> padded = linux_frame;
  padded.resize(60, 0);
  auto c = camnet::replay::compare_frame("frame 1", linux_frame, padded, {});
  CHECK(c.diff.empty());
  REQUIRE(c.masked.size() == 1);
  CHECK(c.masked[0].field == "eth.padding");

  auto reply = reader.next();  // an echo reply: change one byte of its data
  std::vector<std::uint8_t> linux_reply(reply->bytes.begin(), reply->bytes.end());
  std::vector<std::uint8_t> changed = linux_reply;
  changed[60] ^= 0xff;
  auto d = camnet::replay::compare_frame("frame 2", linux_reply, changed, {});
  // The ICMP checksum no longer adds up, so the fields show it first.
  CHECK_THAT(d.diff, Catch::Contains("icmp.checksum.status"));
}
