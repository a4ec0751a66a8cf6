// bench_checksum: the Internet checksum benchmark (see README.md). It prints figures and asserts
// nothing about speed.
//
//   bench_checksum [--repetitions N] [--mib N]      (defaults: 5 repetitions, 64 MiB of buffers)
//
// Times two routines on the same 1500-byte buffers, in the same run:
//   lab 2     camnet::internet_checksum, from the lab 2 library this build links (reference
//             solution or the student's, as CAMNET_TRACK / CAMNET_LAB2_TRACK say)
//   textbook  the loop of the lab 2 handout (§6): one 16-bit big-endian word per step, the carry
//             folded back in after every word
// over two workloads:
//   memory    --mib MiB of different buffers one after the other (fixed seed), far more than the
//             caches hold, so the data comes from memory as a NIC's receive ring would
//   L1        one 1500-byte buffer checksummed again and again: the data is always in L1, so this
//             is the speed of the instructions alone
// First it checks that both routines give the same checksum on every buffer (and on every length
// from 0 to 1500 bytes, at every alignment); if they do not, that is a bug, and it exits with 1.
// Each repetition is at least 0.2 s; the two routines take turns, and each keeps its best.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "address/checksum.hpp"

#ifndef CAMNET_BENCH_BUILD_TYPE
#define CAMNET_BENCH_BUILD_TYPE "unknown"
#endif
#ifndef CAMNET_BENCH_CXX_FLAGS
#define CAMNET_BENCH_CXX_FLAGS "unknown"
#endif
#ifndef CAMNET_BENCH_COMPILER
#define CAMNET_BENCH_COMPILER "unknown"
#endif
#ifndef CAMNET_BENCH_LAB2_TRACK
#define CAMNET_BENCH_LAB2_TRACK "unknown"
#endif

namespace {

constexpr std::size_t kBufferSize = 1500;  // a full Ethernet payload
constexpr double kMinSeconds = 0.2;        // each repetition runs at least this long

// The loop the lab 2 handout shows (§6), written the obvious way: 2 bytes per step, a fold per
// word. Called only through a pointer (see run_pass), so the compiler cannot inline it into the
// timing loop and hoist or drop the work.
std::uint16_t textbook_checksum(camnet::Bytes data) {
  const std::uint8_t* p = data.data();
  const std::size_t n = data.size();
  std::uint32_t sum = 0;
  std::size_t i = 0;
  for (; i + 1 < n; i += 2) {
    sum += static_cast<std::uint32_t>((p[i] << 8) | p[i + 1]);
    sum = (sum & 0xffff) + (sum >> 16);
  }
  if (i < n) {  // an odd last byte: the high byte of a word whose low byte is zero
    sum += static_cast<std::uint32_t>(p[i] << 8);
    sum = (sum & 0xffff) + (sum >> 16);
  }
  return static_cast<std::uint16_t>(~sum);
}

using Checksum = std::uint16_t (*)(camnet::Bytes);

struct Routine {
  const char* name;
  Checksum checksum;
};
const Routine kRoutines[] = {
    {"lab 2 internet_checksum", camnet::internet_checksum},
    {"textbook 16-bit loop", textbook_checksum},
};
constexpr std::size_t kRoutineCount = std::size(kRoutines);

// splitmix64, as in make_capture.cpp: the same bytes on every machine.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

// `calls` buffers of kBufferSize bytes starting at `base`, `stride` bytes apart (0: the same one).
struct Workload {
  const char* heading;  // printf format with %zu for `calls`
  const std::uint8_t* base;
  std::size_t stride;
  std::size_t calls;
};

volatile std::uint64_t g_sink = 0;  // every checksum ends up here, so none can be dropped

// One pass over the workload: every call's result is added up and stored in g_sink. The routine is
// read through a volatile pointer on every call, so the compiler cannot see which function it is,
// inline it, or hoist a call out of the loop (for the L1 workload every call has the same input).
void run_pass(Checksum routine, const Workload& work) {
  Checksum volatile target = routine;
  std::uint64_t total = 0;
  for (std::size_t b = 0; b < work.calls; ++b) {
    total += target(camnet::Bytes{work.base + b * work.stride, kBufferSize});
  }
  g_sink = g_sink + total;
}

struct Timing {
  double wall = 0;  // seconds on the steady clock
  double cpu = 0;   // seconds of process CPU time over the same passes
};

Timing run_passes(Checksum routine, const Workload& work, std::size_t passes) {
  const std::clock_t cpu_start = std::clock();
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < passes; ++i)
    run_pass(routine, work);
  const auto stop = std::chrono::steady_clock::now();
  const std::clock_t cpu_stop = std::clock();
  return {std::chrono::duration<double>(stop - start).count(),
          static_cast<double>(cpu_stop - cpu_start) / CLOCKS_PER_SEC};
}

// Both routines must agree on every buffer of the workload, on every length 0..1500 at every
// alignment 0..7, and on the example of RFC 1071 §3. Returns false after printing what differs.
bool check_agreement(const Workload& work) {
  // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 add up to ddf2, so the checksum is ~ddf2 = 220d.
  const std::uint8_t rfc[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  for (const Routine& routine : kRoutines) {
    const std::uint16_t got = routine.checksum(camnet::Bytes{rfc});
    if (got != 0x220d) {
      std::fprintf(stderr, "bench_checksum: %s gives %04x on the RFC 1071 example, not 220d\n",
                   routine.name, got);
      return false;
    }
  }
  auto agree = [&work](camnet::Bytes data) {
    const std::uint16_t fast = kRoutines[0].checksum(data);
    const std::uint16_t slow = kRoutines[1].checksum(data);
    if (fast == slow)
      return true;
    std::fprintf(stderr,
                 "bench_checksum: the routines disagree on the %zu bytes at offset %zu of the"
                 " data: %s %04x, %s %04x\n"
                 "  That is a bug in one of them, not a question of speed.\n",
                 data.size(), static_cast<std::size_t>(data.data() - work.base), kRoutines[0].name,
                 fast, kRoutines[1].name, slow);
    return false;
  };
  for (std::size_t b = 0; b < work.calls; ++b) {
    if (!agree(camnet::Bytes{work.base + b * work.stride, kBufferSize}))
      return false;
  }
  for (std::size_t offset = 0; offset < 8; ++offset) {
    for (std::size_t length = 0; length <= kBufferSize; ++length) {
      if (!agree(camnet::Bytes{work.base + offset, length}))
        return false;
    }
  }
  return true;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("model name")) {
      const auto colon = line.find(": ");
      if (colon != std::string::npos)
        return line.substr(colon + 2);
    }
  }
  return "unknown CPU";
}

bool parse_count(std::string_view text, std::size_t& out) {
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value == 0)
    return false;
  out = value;
  return true;
}

int usage(std::FILE* to) {
  std::fprintf(to, "usage: bench_checksum [--repetitions N] [--mib N]\n");
  return to == stdout ? 0 : 2;
}

}  // namespace

int main(int argc, char* argv[]) {
  std::size_t repetitions = 5;
  std::size_t mib = 64;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help")
      return usage(stdout);
    if ((arg == "--repetitions" || arg == "--mib") && i + 1 < argc) {
      if (!parse_count(argv[++i], arg == "--mib" ? mib : repetitions)) {
        std::fprintf(stderr, "bench_checksum: %s wants a positive whole number, not '%s'\n",
                     arg.data(), argv[i]);
        return 2;
      }
      continue;
    }
    return usage(stderr);
  }

  // The buffers lie back to back, 1500 bytes apart, as packets in a receive ring might: so every
  // one starts at a multiple of 4, but only every other one at a multiple of 8.
  const std::size_t buffers = mib * 1024 * 1024 / kBufferSize;
  std::vector<std::uint8_t> data(buffers * kBufferSize);
  Random random(1);
  for (std::size_t i = 0; i < data.size(); i += 8) {
    std::uint64_t r = random.next();
    for (std::size_t j = i; j < i + 8 && j < data.size(); ++j, r >>= 8)
      data[j] = static_cast<std::uint8_t>(r);
  }

  // Both workloads make the same number of calls per pass.
  const Workload workloads[] = {
      {"from memory: %zu different buffers, each checksummed once per pass", data.data(),
       kBufferSize, buffers},
      {"from L1: one buffer, checksummed %zu times per pass", data.data(), 0, buffers},
  };
  if (!check_agreement(workloads[0]))
    return 1;

  std::printf(
      "Internet checksum benchmark: %zu-byte buffers, %zu of them (%.1f MiB), best of %zu"
      " repetitions of at least %.1f s\n",
      kBufferSize, buffers, static_cast<double>(data.size()) / (1024.0 * 1024.0), repetitions,
      kMinSeconds);
  std::printf("machine: %s; %s, %s build, flags: %s\n", cpu_model().c_str(), CAMNET_BENCH_COMPILER,
              CAMNET_BENCH_BUILD_TYPE, CAMNET_BENCH_CXX_FLAGS);
  std::printf(
      "lab 2 library: %s track; both routines agree on all %zu buffers and on every length"
      " 0..%zu\n",
      CAMNET_BENCH_LAB2_TRACK, buffers, kBufferSize);

  bool busy = false;
  for (const Workload& work : workloads) {
    // How many passes make a repetition of at least kMinSeconds: timed once per routine, which
    // also warms the caches and the branch predictors.
    std::size_t passes[kRoutineCount];
    for (std::size_t r = 0; r < kRoutineCount; ++r) {
      const double once = std::max(run_passes(kRoutines[r].checksum, work, 1).wall, 1e-6);
      passes[r] = std::max<std::size_t>(1, static_cast<std::size_t>(kMinSeconds / once) + 1);
    }
    double best[kRoutineCount] = {};
    double best_cpu[kRoutineCount] = {};
    std::string all[kRoutineCount];
    for (std::size_t rep = 0; rep < repetitions; ++rep) {
      for (std::size_t r = 0; r < kRoutineCount; ++r) {  // taking turns
        const Timing t = run_passes(kRoutines[r].checksum, work, passes[r]);
        const double bytes = static_cast<double>(passes[r] * work.calls * kBufferSize);
        const double rate = bytes / t.wall / 1e9;
        char text[32];
        std::snprintf(text, sizeof text, "%s%.2f", all[r].empty() ? "" : " ", rate);
        all[r] += text;
        if (rate > best[r]) {
          best[r] = rate;
          best_cpu[r] = t.cpu / t.wall;
        }
      }
    }

    std::printf("\n");
    std::printf(work.heading, work.calls);
    std::printf("\n");
    std::printf("  %-24s %8s %11s %7s %6s   %s\n", "routine", "GB/s", "ns/buffer", "passes",
                "cpu %", "all repetitions (GB/s)");
    for (std::size_t r = 0; r < kRoutineCount; ++r) {
      std::printf("  %-24s %8.2f %11.1f %7zu %6.0f   %s\n", kRoutines[r].name, best[r],
                  kBufferSize / best[r], passes[r], 100 * best_cpu[r], all[r].c_str());
      busy = busy || best_cpu[r] < 0.9;
    }
    std::printf("  ratio lab 2 / textbook: %.2fx\n", best[0] / best[1]);
  }
  std::printf("\n(GB/s: 10^9 bytes per second. sink %016llx)\n",
              static_cast<unsigned long long>(g_sink));
  if (busy) {
    std::printf(
        "warning: the machine was busy (a best repetition had under 90%% of the CPU); the"
        " figures are noisy, run again when it is idle\n");
  }
  return 0;
}
