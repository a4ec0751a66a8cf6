#include "camnet/testing/fields.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace camnet::testing {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    cells.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos)
      break;
    start = tab + 1;
  }
  return cells;
}

std::string table(std::string_view packet, std::size_t total, const FieldList& rows_expected,
                  const FieldList& rows_got) {
  std::size_t width = 5;
  for (const Field& f : rows_expected)
    width = std::max(width, f.name.size());
  std::size_t value_width = 8;
  for (const Field& f : rows_expected)
    value_width = std::max(value_width, f.value.size());
  std::string out =
      fmt::format("{}: {} of {} fields differ\n", packet, rows_expected.size(), total);
  out += fmt::format("  {:<{}}  {:<{}}  {}\n", "field", width, "expected", value_width, "got");
  for (std::size_t i = 0; i < rows_expected.size(); ++i) {
    out += fmt::format("  {:<{}}  {:<{}}  {}\n", rows_expected[i].name, width,
                       rows_expected[i].value, value_width, rows_got[i].value);
  }
  return out;
}

struct Range {
  std::string name;
  std::size_t offset;
  std::size_t length;
};

// Names the byte ranges of an Ethernet frame from fixed offsets: 6 + 6 address bytes, then tags
// for as long as the type field holds a tag protocol identifier, then the type, then the payload.
std::vector<Range> ethernet_ranges(Bytes frame, std::size_t length) {
  std::vector<Range> ranges{{"eth.dst", 0, 6}, {"eth.src", 6, 6}};
  std::size_t at = 12;
  int tag = 0;
  while (at + 2 <= frame.size()) {
    std::uint16_t type = load_u16(frame.data() + at);
    if (type != 0x8100 && type != 0x88a8)
      break;
    ++tag;
    ranges.push_back({fmt::format("tag {} (TPID + TCI)", tag), at, 4});
    at += 4;
  }
  ranges.push_back({"eth.type", at, 2});
  at += 2;
  for (std::size_t row = 0; at < length; at += 16, ++row) {
    ranges.push_back({fmt::format("payload bytes {}-{}", row * 16, row * 16 + 15), at, 16});
  }
  return ranges;
}

std::string hex(Bytes bytes, std::size_t offset, std::size_t length) {
  if (offset >= bytes.size())
    return "(missing)";
  std::size_t end = std::min(bytes.size(), offset + length);
  std::string out;
  for (std::size_t i = offset; i < end; ++i) {
    if (i > offset)
      out += ' ';
    out += fmt::format("{:02x}", bytes[i]);
  }
  return out;
}

}  // namespace

std::string field_diff(std::string_view packet, const FieldList& expected, const FieldList& got) {
  FieldList wrong_expected, wrong_got;
  for (const Field& want : expected) {
    auto found =
        std::find_if(got.begin(), got.end(), [&](const Field& f) { return f.name == want.name; });
    std::string value = found == got.end() ? "(missing)" : found->value;
    if (value != want.value) {
      wrong_expected.push_back(want);
      wrong_got.push_back({want.name, value});
    }
  }
  if (wrong_expected.empty())
    return "";
  return table(packet, expected.size(), wrong_expected, wrong_got);
}

std::string frame_diff(std::string_view packet, Bytes expected, Bytes got) {
  if (expected.size() == got.size() && std::equal(expected.begin(), expected.end(), got.begin())) {
    return "";
  }
  std::size_t length = std::max(expected.size(), got.size());
  FieldList want, have;
  for (const Range& r : ethernet_ranges(expected, length)) {
    want.push_back({r.name, hex(expected, r.offset, r.length)});
    have.push_back({r.name, hex(got, r.offset, r.length)});
  }
  std::string out = field_diff(packet, want, have);
  if (expected.size() != got.size()) {
    out += fmt::format("  (the expected frame is {} bytes long, the frame sent is {})\n",
                       expected.size(), got.size());
  }
  return out;
}

TsharkTable TsharkTable::load(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw std::runtime_error(path + ": cannot open the expected-values table");
  TsharkTable t;
  t.path_ = path;
  std::string line;
  if (!std::getline(in, line))
    throw std::runtime_error(path + ": empty table");
  t.columns_ = split_tabs(line);
  while (std::getline(in, line)) {
    if (line.empty())
      continue;
    std::vector<std::string> cells = split_tabs(line);
    cells.resize(t.columns_.size());
    t.rows_.push_back(std::move(cells));
  }
  return t;
}

bool TsharkTable::has_column(std::string_view column) const {
  return std::find(columns_.begin(), columns_.end(), column) != columns_.end();
}

const std::string& TsharkTable::at(std::size_t row, std::string_view column) const {
  auto it = std::find(columns_.begin(), columns_.end(), column);
  if (it == columns_.end())
    throw std::runtime_error(fmt::format("{}: no column '{}'", path_, column));
  return rows_.at(row)[static_cast<std::size_t>(it - columns_.begin())];
}

}  // namespace camnet::testing
