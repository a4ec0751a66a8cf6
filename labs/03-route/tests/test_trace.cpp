// camnet trace: traceroute through your Router in a simulated network (handout §9). The network is
// the book's figure with the addresses of the captures: camera 10.0.0.42/24 -- R1 (10.0.0.1/24,
// 192.0.2.1/30) -- R2 (192.0.2.2/30, 198.51.100.1/24) -- server 198.51.100.20/24; the wires take
// 1 ms, 5 ms and 2 ms each way. Every expected value below is worked out by hand from that setup
// and RFC 792/1812 (the working is beside each check), never copied from a run of the tool.
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>

#include "camnet/testing/catch.hpp"

#include "camnet/host/capture.hpp"
#include "camnet/testing/process.hpp"

using camnet::testing::CommandResult;
namespace fs = std::filesystem;

namespace {
CommandResult camnet_tool(const std::string& args) {
  return camnet::testing::run_command(std::string(CAMNET_EXE) + " " + args);
}

// True if one line of `text` matches `pattern` (an ECMAScript regular expression) entirely.
bool has_line(const std::string& text, const std::string& pattern) {
  const std::regex line_pattern(pattern);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_match(line, line_pattern))
      return true;
  }
  return false;
}
}  // namespace

TEST_CASE("camnet trace finds the three hops of the book's figure and ends at the server",
          "[lab3][points:3]") {
  CommandResult run = camnet_tool("trace");
  INFO(run.out << run.err);
  REQUIRE(run.status == 0);
  // Hop 1: R1 receives TTL 1 and answers time exceeded (11/0) from 10.0.0.1, the interface the
  // probe came in on (RFC 1812 4.3.2.4). The camera first resolves its gateway: ARP request and
  // reply (1 ms + 1 ms), then the probe (1 ms) and the answer (1 ms): 4 ms.
  CHECK(has_line(run.out,
                 "  1  0\\.000 s  10\\.0\\.0\\.1 \\(R1\\) +11/0 "
                 "time exceeded in transit +4 ms"));
  // Hop 2: R2, from 192.0.2.2. 1 ms to R1, R1 resolves R2 (5 + 5 ms), the probe crosses (5 ms);
  // R2 learned R1's MAC from the request, so its answer goes straight back: 5 + 1 ms. 22 ms.
  CHECK(has_line(run.out,
                 "  2  1\\.000 s  192\\.0\\.2\\.2 \\(R2\\) +11/0 "
                 "time exceeded in transit +22 ms"));
  // Hop 3: the server's port unreachable (3/3). 1 + 5 ms, R2 resolves the server (2 + 2 ms), 2 ms;
  // back 2 + 5 + 1 ms: 20 ms.
  CHECK(has_line(run.out,
                 "  3  2\\.000 s  198\\.51\\.100\\.20 \\(server\\) +3/3 "
                 "port unreachable +20 ms"));
  CHECK_THAT(run.out, Catch::Contains("Reached 198.51.100.20 in 3 hops: 10.0.0.42 -> 10.0.0.1 -> "
                                      "192.0.2.2 -> 198.51.100.20\n"));
  CHECK(!has_line(run.out, "  4  .*"));  // the server answered: no fourth probe
  // R1 forwards probes 2 and 3 out and the two answers back: 4. R2 forwards probe 3 and the
  // server's answer: 2. Each sends one error.
  CHECK_THAT(run.out, Catch::Contains("R1: 4 forwarded; 1 ICMP errors sent; dropped: 0 with no "
                                      "route, 1 with TTL 1\n"));
  CHECK_THAT(run.out, Catch::Contains("R2: 2 forwarded; 1 ICMP errors sent; dropped: 0 with no "
                                      "route, 1 with TTL 1\n"));
}

TEST_CASE("camnet trace to an address R1 has no route for stops at R1 with network unreachable",
          "[lab3][points:2]") {
  // R1 has no default route (as in the unreachable capture): 203.0.113.5 matches nothing, and the
  // route lookup comes before the TTL check, so even the TTL-1 probe gets 3/0 from 10.0.0.1.
  CommandResult run = camnet_tool("trace --to 203.0.113.5");
  INFO(run.out << run.err);
  REQUIRE(run.status == 0);
  CHECK(has_line(run.out,
                 "  1  0\\.000 s  10\\.0\\.0\\.1 \\(R1\\) +3/0 "
                 "network unreachable +4 ms"));
  CHECK_THAT(run.out, Catch::Contains("Stopped at hop 1: 10.0.0.1 (R1) cannot take it further"));
  CHECK_THAT(run.out, Catch::Contains("R1: 0 forwarded; 1 ICMP errors sent; dropped: 1 with no "
                                      "route, 0 with TTL 1\n"));
}

TEST_CASE(
    "camnet trace --loop ends every probe with time exceeded and shows the TTL ending the loop",
    "[lab3][points:3]") {
  CommandResult run = camnet_tool("trace --loop -m 6");
  INFO(run.out << run.err);
  REQUIRE(run.status == 0);
  // R2 sends everything back to R1. A probe with TTL n dies at the n-th router it meets: R1 for
  // odd n, R2 for even n. R1 answers TTL 1 from 10.0.0.1 (it came from the camera) and TTL 3, 5
  // from 192.0.2.1 (they came back from R2). Times: TTL 3: 1 + 5 + 5 + 1 = 12 ms; TTL 6: the probe
  // crosses the R1-R2 wire 5 times, R2's answer once more: 1 + 25 + 5 + 1 = 32 ms.
  CHECK(has_line(run.out,
                 "  3  2\\.000 s  192\\.0\\.2\\.1 \\(R1\\) +11/0 "
                 "time exceeded in transit +12 ms"));
  CHECK(has_line(run.out,
                 "  6  5\\.000 s  192\\.0\\.2\\.2 \\(R2\\) +11/0 "
                 "time exceeded in transit +32 ms"));
  CHECK_THAT(run.out, Catch::Contains("Gave up after 6 hops without reaching 198.51.100.20.\n"));
  // A datagram sent with TTL 64 reaches R1 with 64 and leaves with 63; each crossing of the R1-R2
  // wire takes one off, so it crosses with 63, 62, ..., 1: 63 times. R2 receives the odd TTLs and
  // drops it at TTL 1. 1 + 63 * 5 ms, then the error 5 + 1 ms: 322 ms.
  CHECK_THAT(run.out, Catch::Contains("it crossed the R1-R2 wire 63 times, its TTL one lower each "
                                      "time (down to 1),\n"));
  CHECK_THAT(run.out, Catch::Contains("then 192.0.2.2 (R2) received it with TTL 1 and dropped it"));
  CHECK_THAT(run.out, Catch::Contains("reached the camera 322 ms after the datagram left.\n"));
}

TEST_CASE("camnet trace -w records the camera's wire as a capture", "[lab3][points:1]") {
  fs::path out = fs::path(camnet::testing::scratch_dir()) / "trace.pcap";
  CommandResult run = camnet_tool("trace -w " + out.string());
  INFO(run.out << run.err);
  REQUIRE(run.status == 0);
  // On the camera's wire: its ARP request and R1's reply, then per hop the probe and its answer.
  camnet::host::CaptureReader reader(out.string());
  int frames = 0;
  while (reader.next())
    ++frames;
  CHECK(frames == 2 + 3 * 2);
  CHECK_THAT(run.out, Catch::Contains("8 frames written to " + out.string()));
}
