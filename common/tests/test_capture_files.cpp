// The capture reader against broken files: each must give one line naming the file, the record
// and the reason, and never crash. Files are built here byte by byte from the pcap format
// (a 24-byte file header, then a 16-byte header before each record), or taken from the
// third-party corpus in labs/corpus.
#include <filesystem>
#include <fstream>
#include <vector>

#include "camnet/testing/catch.hpp"

#include "camnet/host/capture.hpp"

using namespace camnet;
using namespace camnet::host;
namespace fs = std::filesystem;

namespace {

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {  // little-endian, as written on x86
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}

std::vector<std::uint8_t> file_header(std::uint32_t snaplen = 65535, std::uint32_t linktype = 1) {
  std::vector<std::uint8_t> out;
  put32(out, 0xa1b2c3d4);  // magic: microsecond pcap, written little-endian
  put16(out, 2);           // version 2.4
  put16(out, 4);
  put32(out, 0);  // thiszone
  put32(out, 0);  // sigfigs
  put32(out, snaplen);
  put32(out, linktype);
  return out;
}

void add_record(std::vector<std::uint8_t>& out, std::uint32_t caplen, std::uint32_t len,
                std::size_t bytes_present) {
  put32(out, 1700000000);
  put32(out, 0);
  put32(out, caplen);
  put32(out, len);
  for (std::size_t i = 0; i < bytes_present; ++i)
    out.push_back(static_cast<std::uint8_t>(i));
}

std::string write_temp(const std::string& name, const std::vector<std::uint8_t>& bytes) {
  fs::path dir = fs::temp_directory_path() / "camnet-capture-tests";
  fs::create_directories(dir);
  fs::path path = dir / name;
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  return path.string();
}

// Reads the whole file; returns the error message, or "" if it read cleanly.
std::string read_all(const std::string& path, std::size_t* records = nullptr) {
  try {
    CaptureReader reader(path);
    std::size_t n = 0;
    while (reader.next())
      ++n;
    if (records != nullptr)
      *records = n;
    return "";
  } catch (const CaptureError& e) {
    return e.what();
  }
}

bool one_line(const std::string& s) {
  return !s.empty() && s.find('\n') == std::string::npos;
}

}  // namespace

TEST_CASE("a well-formed capture reads record by record with numbers from 1", "[common]") {
  std::vector<std::uint8_t> file = file_header();
  add_record(file, 60, 60, 60);
  add_record(file, 42, 42, 42);
  std::string path = write_temp("good.pcap", file);
  CaptureReader reader(path);
  auto first = reader.next();
  REQUIRE(first.has_value());
  CHECK(first->number == 1);
  CHECK(first->bytes.size() == 60);
  CHECK(first->time == std::chrono::seconds(1700000000));
  auto second = reader.next();
  REQUIRE(second.has_value());
  CHECK(second->number == 2);
  CHECK_FALSE(reader.next().has_value());
}

TEST_CASE("a file with a bad magic number is named with its magic", "[common]") {
  std::vector<std::uint8_t> file = file_header();
  file[0] = 0xde;
  file[1] = 0xad;
  file[2] = 0xbe;
  file[3] = 0xef;
  std::string path = write_temp("bad-magic.pcap", file);
  std::string error = read_all(path);
  CHECK(one_line(error));
  CHECK_THAT(error, Catch::StartsWith(path + ": file header: bad magic number deadbeef"));
}

TEST_CASE("a record cut short names the record and both lengths", "[common]") {
  std::vector<std::uint8_t> file = file_header();
  add_record(file, 60, 60, 60);
  add_record(file, 98, 98, 40);  // the file ends 58 bytes early
  std::string path = write_temp("cut.pcap", file);
  std::string error = read_all(path);
  CHECK(one_line(error));
  CHECK(error ==
        path + ": record 2: truncated record: the header promises 98 bytes, the file holds 40");
}

TEST_CASE("a record header cut short names the record", "[common]") {
  std::vector<std::uint8_t> file = file_header();
  add_record(file, 60, 60, 60);
  file.insert(file.end(), {1, 2, 3, 4, 5});  // 5 of a record header's 16 bytes
  std::string path = write_temp("cut-header.pcap", file);
  std::string error = read_all(path);
  CHECK(one_line(error));
  CHECK_THAT(error, Catch::StartsWith(path + ": record 2: truncated record header"));
}

TEST_CASE("a captured length over the file's snapshot length is reported, not read", "[common]") {
  std::vector<std::uint8_t> file = file_header(64);
  add_record(file, 300000, 300000, 10);  // bigger than any snapshot length libpcap accepts
  std::string path = write_temp("over-snaplen.pcap", file);
  std::string error = read_all(path);
  CHECK(one_line(error));
  CHECK_THAT(error, Catch::StartsWith(path + ": record 1: "));
}

TEST_CASE("a capture that is not Ethernet is refused with its link type", "[common]") {
  std::string path = write_temp("sll.pcap", file_header(65535, 113));
  std::string error = read_all(path);
  CHECK(one_line(error));
  CHECK_THAT(error, Catch::Contains("unsupported link type 113 (LINUX_SLL)"));
}

TEST_CASE("a missing file is reported with its name", "[common]") {
  std::string error = read_all("/nonexistent/camnet.pcap");
  CHECK(error == "/nonexistent/camnet.pcap: cannot open: No such file or directory");
}

TEST_CASE("what the writer writes, the reader reads back", "[common]") {
  std::string path = (fs::temp_directory_path() / "camnet-capture-tests" / "written.pcap").string();
  fs::create_directories(fs::path(path).parent_path());
  std::vector<std::uint8_t> frame(60, 0x5a);
  {
    CaptureWriter writer(path);
    writer.write(std::chrono::seconds(1) + std::chrono::microseconds(250), frame);
    writer.write(std::chrono::seconds(2), Bytes{frame.data(), 42});
  }
  CaptureReader reader(path);
  auto first = reader.next();
  REQUIRE(first.has_value());
  CHECK(first->time == std::chrono::seconds(1) + std::chrono::microseconds(250));
  CHECK(std::vector<std::uint8_t>(first->bytes.begin(), first->bytes.end()) == frame);
  auto second = reader.next();
  REQUIRE(second.has_value());
  CHECK(second->bytes.size() == 42);
  CHECK_FALSE(reader.next().has_value());
}

TEST_CASE("a filter skips records but keeps the numbers they had in the file", "[common]") {
  std::vector<std::uint8_t> file = file_header();
  // Record 1: type 0x0806 (ARP) at bytes 12-13; record 2: type 0x0800.
  for (std::uint16_t type : {0x0806, 0x0800}) {
    put32(file, 1);
    put32(file, 0);
    put32(file, 60);
    put32(file, 60);
    for (int i = 0; i < 60; ++i) {
      file.push_back(i == 12   ? static_cast<std::uint8_t>(type >> 8)
                     : i == 13 ? static_cast<std::uint8_t>(type)
                               : 0);
    }
  }
  std::string path = write_temp("two-types.pcap", file);
  CaptureReader reader(path, "ip");
  auto record = reader.next();
  REQUIRE(record.has_value());
  CHECK(record->number == 2);
  CHECK_FALSE(reader.next().has_value());
  CHECK_THROWS_WITH(CaptureReader(path, "ip and and"), Catch::Contains("bad filter 'ip and and'"));
}

#ifdef CAMNET_HAVE_CORPUS
TEST_CASE("the broken files in the third-party corpus each give one line and no crash",
          "[common][corpus]") {
  fs::path corpus = CAMNET_CORPUS_DIR;
  for (const char* name :
       {"libpcap/pcap-invalid-version-1.pcap", "libpcap/linktype-reserved-field-not-zero.pcap",
        "libpcap/shb-option-too-long.pcapng"}) {
    std::string path = (corpus / name).string();
    std::string error = read_all(path);
    INFO(name << " gave: " << error);
    CHECK(one_line(error));
    CHECK_THAT(error, Catch::StartsWith(path + ": "));
  }
}
#endif
