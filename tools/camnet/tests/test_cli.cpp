// The camnet tool on bad input: every mistake ends as one line on standard error naming what is
// wrong, with a non-zero exit status, and nothing crashes.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace fs = std::filesystem;

namespace {

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

// Each test process gets its own folder: CTest runs tests in parallel.
fs::path scratch() {
  fs::path dir = fs::temp_directory_path() / ("camnet-cli-tests-" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Run camnet(const std::string& args) {
  fs::path out = scratch() / "stdout.txt";
  fs::path err = scratch() / "stderr.txt";
  std::string command = std::string(CAMNET_EXE) + " " + args + " >" + out.string() + " 2>" + err.string();
  int raw = std::system(command.c_str());
  Run run;
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  run.out = slurp(out);
  run.err = slurp(err);
  return run;
}

void write_bytes(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A pcap file header (24 bytes, little-endian, from the pcap format), Ethernet link type.
std::vector<std::uint8_t> pcap_header() {
  return {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0};
}

}  // namespace

TEST_CASE("a capture with a bad magic number gives one line naming the file, and exit status 1", "[tool]") {
  fs::path file = scratch() / "bad-magic.pcap";
  write_bytes(file, std::vector<std::uint8_t>(40, 0xde));
  Run run = camnet("dissect " + file.string());
  CHECK(run.status == 1);
  CHECK(run.err == "camnet: " + file.string() + ": file header: bad magic number dededede (a pcap file "
                   "starts with a1b2c3d4 or d4c3b2a1, a pcapng file with 0a0d0d0a)\n");
}

TEST_CASE("a capture cut inside a record prints the frames before it, then one line naming the record", "[tool]") {
  std::vector<std::uint8_t> file = pcap_header();
  // Record 1: 60 bytes, whole. Record 2: the header promises 98 bytes, 40 follow.
  std::vector<std::uint8_t> record1{0, 0xf1, 0x53, 0x65, 0, 0, 0, 0, 60, 0, 0, 0, 60, 0, 0, 0};
  file.insert(file.end(), record1.begin(), record1.end());
  for (int i = 0; i < 60; ++i) file.push_back(i < 12 ? 0x02 : (i == 12 ? 0x08 : 0));
  std::vector<std::uint8_t> record2{0, 0xf1, 0x53, 0x65, 0, 0, 0, 0, 98, 0, 0, 0, 98, 0, 0, 0};
  file.insert(file.end(), record2.begin(), record2.end());
  file.insert(file.end(), 40, 0xab);
  fs::path path = scratch() / "cut-record.pcap";
  write_bytes(path, file);
  Run run = camnet("dissect " + path.string());
  CHECK(run.status == 1);
  CHECK(run.err == "camnet: " + path.string() +
                       ": record 2: truncated record: the header promises 98 bytes, the file holds 40\n");
  CHECK(std::count(run.out.begin(), run.out.end(), '\n') == 1);  // frame 1 was printed
}

TEST_CASE("a capture that does not exist gives one line naming it", "[tool]") {
  Run run = camnet("explain /nonexistent/x.pcap -n 1");
  CHECK(run.status == 1);
  CHECK(run.err == "camnet: /nonexistent/x.pcap: cannot open: No such file or directory\n");
}

TEST_CASE("an unknown option is refused with a one-line error and exit status 2", "[tool]") {
  Run run = camnet("dissect --no-such-option x.pcap");
  CHECK(run.status == 2);
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  CHECK_THAT(run.err, Catch::Contains("--no-such-option"));
}

TEST_CASE("every subcommand explains itself with --help", "[tool]") {
  for (const char* sub : {"dissect", "explain", "switch"}) {
    Run run = camnet(std::string(sub) + " --help");
    INFO(sub);
    CHECK(run.status == 0);
    CHECK_THAT(run.out, Catch::Contains("Usage"));
  }
}
