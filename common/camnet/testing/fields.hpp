// Field-by-field comparison, for tests over captures.
//
// When a packet test fails, the student should see which field is wrong and how, not a wall of hex:
//
//   packet 7: 1 of 6 fields differ
//     field     expected              got
//     eth.src   02:00:00:c4:3e:01     01:3e:c4:00:00:02
//
// Expected values come from tshark (committed as .tshark.tsv next to each capture) or from the RFC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "camnet/bytes.hpp"

namespace camnet::testing {

struct Field {
  std::string name;
  std::string value;
};
using FieldList = std::vector<Field>;

// "" if every field in `expected` has the same value in `got`; otherwise the table above.
// A field missing from `got` shows as "(missing)".
std::string field_diff(std::string_view packet, const FieldList& expected, const FieldList& got);

// Two frames compared byte range by byte range, each range named after the Ethernet field it
// holds (eth.dst, eth.src, vlan tags, eth.type, then the payload in 16-byte rows). The layout is
// worked out here from fixed offsets, independently of the student's parser. "" if equal.
std::string frame_diff(std::string_view packet, Bytes expected, Bytes got);

// A table tshark wrote with `-T fields -E header=y -E separator=/t`: one row per frame.
class TsharkTable {
 public:
  // Throws std::runtime_error naming the file if it cannot be read.
  static TsharkTable load(const std::string& path);

  std::size_t rows() const { return rows_.size(); }
  const std::vector<std::string>& columns() const { return columns_; }
  bool has_column(std::string_view column) const;
  // The cell in `row` (0-based) under `column`; "" where tshark left it empty.
  const std::string& at(std::size_t row, std::string_view column) const;

 private:
  std::string path_;
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace camnet::testing
