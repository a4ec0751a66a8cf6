// bench_route: the route lookup benchmark (see README.md). It prints figures and asserts nothing
// about speed; it exits with 1 if the structures disagree about a next hop.
//
//   bench_route [--prefixes N] [--lookups N] [--seed N] [--burst N] [--rounds N] [--quick]
//               [--no-trie] [--lpm | --no-lpm]
//   (defaults: 900000 prefixes, 20000000 lookups, seed 1, bursts of 64, best of 3 rounds;
//    --quick: 100000 prefixes, 2000000 lookups, best of 2)
//
// One routing table of --prefixes random prefixes with the prefix-length mix of the public IPv4
// BGP table (below), loaded into:
//   FastRoutingTable    the reference solution's DIR-24-8 with 16-bit entries, loaded with its
//                       batch build(); and again with add() one route at a time
//   RoutingTable        the binary trie the students write (lab 3 §2), the reference build
//   rte_lpm             DPDK's LPM (DIR-24-8, 32-bit entries), rte_lpm_lookup_bulk; by default
//                       only up to 200,000 prefixes (its loading time grows as n squared)
//   rte_fib             DPDK's FIB, DIR24_8 with 4-byte next hops (as DPDK's l3fwd configures it),
//                       rte_fib_lookup_bulk with the default lookup function: THE ANCHOR. Also
//                       with the AVX-512 lookup if the CPU has it, and with 2-byte next hops
// Each gets the same destinations: --lookups addresses drawn uniformly at random (fixed seed),
// looked up in bursts of --burst (a NIC hands packets to a router in bursts of 32 to 64). Build
// time is the time to load the whole table; memory is what the structure allocated (DPDK: the
// growth of DPDK's heap; ours: the tables in use).
//
// DPDK runs without hugepages or devices (--no-huge --no-pci --no-shconf), so it works as any
// user in a container. Without hugepages every structure here works on 4 KiB pages alike.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_fib.h>
#include <rte_lpm.h>
#include <rte_malloc.h>

#include "route/fast_routing_table.hpp"
#include "route/routing_table.hpp"

#ifndef CAMNET_BENCH_BUILD_TYPE
#define CAMNET_BENCH_BUILD_TYPE "unknown"
#endif

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The prefix-length mix of the public IPv4 BGP table, in percent, rounded: about 60% /24, then
// /22, /23, /21, /20, /19, /16, a handful of /8 to /15. This is the long-standing shape of the
// table reported weekly by the CIDR Report and Geoff Huston's bgp.potaroo.net (prefix length
// distribution of the AS65000 view), and by RIPE Labs ("Visibility of prefix lengths in IPv4 and
// IPv6", https://labs.ripe.net/Members/stephen_strowes/visibility-of-prefix-lengths-in-ipv4-and-ipv6:
// "the majority of prefixes announced on the Internet are /24s"). The figures below are
// approximate (within a percent or so of the 2023-2024 tables), not copied from one snapshot.
// Prefixes longer than /24 are filtered out of the public table; 0.1% are added here anyway (as a
// router's internal routes would be), so the second-level tables of every structure are used.
struct LengthShare {
  int length;
  double percent;
};
constexpr LengthShare kLengthMix[] = {
    {8, 0.0017}, {9, 0.0015}, {10, 0.004}, {11, 0.01},  {12, 0.03}, {13, 0.06},  {14, 0.11},
    {15, 0.2},   {16, 1.4},   {17, 0.9},   {18, 1.5},   {19, 2.8},  {20, 4.4},   {21, 4.8},
    {22, 12.0},  {23, 10.5},  {24, 61.2},  {25, 0.02},  {26, 0.02}, {27, 0.015}, {28, 0.015},
    {29, 0.01},  {30, 0.01},  {31, 0.005}, {32, 0.005},
};

constexpr std::uint32_t kNextHops = 1024;  // distinct next hops (1..kNextHops; 0 = no route)
constexpr std::uint32_t kNextHopBase = 0x64400000u;  // 100.64.0.0: next hop k is 100.64.0.0 + k

struct Prefix {
  std::uint32_t network;
  int length;
  std::uint32_t next_hop;  // 1..kNextHops
};

std::uint32_t mask_of(int length) {
  return length == 0 ? 0u : 0xffffffffu << (32 - length);
}

std::vector<Prefix> make_prefixes(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> weights;
  for (const LengthShare& share : kLengthMix)
    weights.push_back(share.percent);
  std::discrete_distribution<std::size_t> pick_length(weights.begin(), weights.end());
  std::unordered_set<std::uint64_t> seen;
  seen.reserve(count * 2);
  std::vector<Prefix> prefixes;
  prefixes.reserve(count);
  std::size_t tries = 0;
  while (prefixes.size() < count && tries++ < count * 20) {
    int length = kLengthMix[pick_length(rng)].length;
    // Unicast space only: 1.0.0.0 to 223.255.255.255.
    std::uint32_t address = 0x01000000u + static_cast<std::uint32_t>(rng() % 0xdf000000u);
    std::uint32_t network = address & mask_of(length);
    if (!seen.insert((std::uint64_t{network} << 6) | static_cast<std::uint64_t>(length)).second)
      continue;
    prefixes.push_back({network, length, 1 + static_cast<std::uint32_t>(rng() % kNextHops)});
  }
  return prefixes;
}

struct Row {
  explicit Row(std::string row_name) : name(std::move(row_name)) {}
  std::string name;
  double build_seconds = -1;
  double memory_mib = -1;
  double lookups_per_second = 0;
  std::string note;
};

std::size_t dpdk_heap_bytes() {
  rte_malloc_socket_stats stats{};
  std::size_t total = 0;
  for (int socket = 0; socket < RTE_MAX_NUMA_NODES; ++socket) {
    if (rte_malloc_get_socket_stats(socket, &stats) == 0)
      total += stats.heap_allocsz_bytes;
  }
  return total;
}

// One structure's lookups: `lookup_burst(first, n)` looks up destinations [first, first + n) and
// returns something derived from the answers (so the work cannot be optimised away).
struct Timed {
  std::size_t row;
  int rounds;
  std::function<std::uint64_t(std::size_t, std::size_t)> lookup_burst;
  double best = 1e30;
};

// The structures take turns, round after round (so a noisy moment on a shared machine does not
// hit one structure only); each keeps its best pass over all the destinations.
void time_lookups(std::vector<Timed>& timed, std::size_t count, std::size_t burst, int rounds) {
  static volatile std::uint64_t sink = 0;
  for (int round = 0; round < rounds; ++round) {
    for (Timed& t : timed) {
      if (round >= t.rounds)
        continue;
      auto start = Clock::now();
      std::uint64_t sum = 0;
      for (std::size_t first = 0; first < count; first += burst)
        sum += t.lookup_burst(first, std::min(burst, count - first));
      t.best = std::min(t.best, seconds_since(start));
      sink = sink + sum;
    }
  }
}

struct Options {
  std::size_t prefixes = 900000;
  std::size_t lookups = 20000000;
  std::uint64_t seed = 1;
  std::size_t burst = 64;
  int rounds = 3;
  bool trie = true;
  int lpm = -1;  // -1: only for tables of at most kLpmDefaultLimit prefixes; 0: never; 1: always
};

// rte_lpm_add looks for an existing rule by scanning every rule of the same length, so loading n
// prefixes takes time in n squared: about 3 s for 100,000, minutes for 900,000.
constexpr std::size_t kLpmDefaultLimit = 200000;

bool parse_number(std::string_view text, std::uint64_t& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

std::optional<Options> parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--quick") {
      options.prefixes = 100000;
      options.lookups = 2000000;
      options.rounds = 2;
      continue;
    }
    if (arg == "--no-trie") {
      options.trie = false;
      continue;
    }
    if (arg == "--lpm" || arg == "--no-lpm") {
      options.lpm = arg == "--lpm" ? 1 : 0;
      continue;
    }
    std::uint64_t value = 0;
    if (i + 1 >= argc || !parse_number(argv[i + 1], value) || value == 0) {
      std::fprintf(stderr,
                   "usage: bench_route [--prefixes N] [--lookups N] [--seed N] [--burst N] "
                   "[--rounds N] [--quick] [--no-trie] [--lpm | --no-lpm]\n");
      return std::nullopt;
    }
    ++i;
    if (arg == "--prefixes")
      options.prefixes = value;
    else if (arg == "--lookups")
      options.lookups = value;
    else if (arg == "--seed")
      options.seed = value;
    else if (arg == "--burst")
      options.burst = value;
    else if (arg == "--rounds")
      options.rounds = static_cast<int>(value);
    else {
      std::fprintf(stderr, "bench_route: unknown option %s\n", argv[i - 1]);
      return std::nullopt;
    }
  }
  if (options.prefixes > camnet::FastRoutingTable::max_routes) {
    std::fprintf(stderr, "bench_route: at most %zu prefixes\n",
                 camnet::FastRoutingTable::max_routes);
    return std::nullopt;
  }
  return options;
}

bool start_dpdk(const char* program) {
  // No hugepages, no PCI devices, no shared config file: runs as any user, in a container.
  // --force-max-simd-bitwidth=512 only allows rte_fib's AVX-512 lookup to be chosen explicitly;
  // the anchor row selects DPDK's default lookup function as if the flag were absent.
  std::vector<std::string> args = {
      program,       "--no-huge",         "--no-pci",
      "--no-shconf", "--no-telemetry",    "-m",
      "2048",        "--log-level=error", "--force-max-simd-bitwidth=512"};
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  if (rte_eal_init(static_cast<int>(argv.size()), argv.data()) < 0) {
    std::fprintf(stderr, "bench_route: DPDK's EAL did not start: %s\n", rte_strerror(rte_errno));
    return false;
  }
  return true;
}

using Answers = std::vector<std::uint32_t>;  // next hop 1..kNextHops per destination, 0 = none

}  // namespace

int main(int argc, char** argv) {
  std::optional<Options> options = parse_options(argc, argv);
  if (!options)
    return 2;
  if (!start_dpdk(argv[0]))
    return 2;
  const Options& opt = *options;

  std::printf("route lookup benchmark (%s build)\n", CAMNET_BENCH_BUILD_TYPE);
  auto start = Clock::now();
  std::vector<Prefix> prefixes = make_prefixes(opt.prefixes, opt.seed);
  std::vector<std::uint32_t> destinations(opt.lookups);
  {
    std::mt19937_64 rng(opt.seed * 1000003u + 7);
    for (std::uint32_t& d : destinations)
      d = static_cast<std::uint32_t>(rng());
  }
  std::vector<camnet::Route> routes;
  routes.reserve(prefixes.size());
  for (const Prefix& p : prefixes) {
    routes.push_back(camnet::Route{camnet::Ipv4Prefix(camnet::Ipv4Address(p.network), p.length),
                                   camnet::Ipv4Address(kNextHopBase + p.next_hop), p.next_hop % 8,
                                   0});
  }
  std::printf(
      "%zu prefixes (seed %llu), %zu random destinations in bursts of %zu, best of %d; "
      "generated in %.2f s\n",
      prefixes.size(), static_cast<unsigned long long>(opt.seed), destinations.size(), opt.burst,
      opt.rounds, seconds_since(start));
  if (prefixes.size() < opt.prefixes)
    std::printf("(only %zu distinct prefixes could be drawn)\n", prefixes.size());

  const std::size_t check_count = std::min<std::size_t>(destinations.size(), 1000000);
  std::vector<Row> rows;
  std::vector<Timed> timed;
  std::vector<std::function<void()>> cleanups;
  std::vector<std::pair<std::string, Answers>> answers;
  const auto* ips = destinations.data();

  // --- FastRoutingTable (the reference solution) ------------------------------------------
  auto fast = std::make_unique<camnet::FastRoutingTable>();
  {
    Row row("FastRoutingTable build()");
    auto t = Clock::now();
    auto built = fast->build(routes);
    row.build_seconds = seconds_since(t);
    if (!built) {
      std::fprintf(stderr, "bench_route: FastRoutingTable::build failed: %s\n",
                   camnet::to_string(built.error()));
      return 2;
    }
    row.memory_mib = static_cast<double>(fast->bytes_in_use()) / (1 << 20);
    const auto* addresses = reinterpret_cast<const camnet::Ipv4Address*>(ips);
    std::vector<camnet::FastRoutingTable::NextHopId> out(opt.burst);
    timed.push_back(
        {rows.size(), opt.rounds,
         [table = fast.get(), addresses, out](std::size_t first, std::size_t n) mutable {
           table->lookup_bulk({addresses + first, n}, {out.data(), n});
           return std::uint64_t{out[0]} + out[n - 1];
         }});
    row.note =
        "lookup_bulk; lookups read " + std::to_string(fast->data_plane_bytes() >> 20) + " MiB";
    rows.push_back(row);
    Answers a(check_count);
    for (std::size_t i = 0; i < check_count; ++i) {
      auto id = fast->lookup_next_hop(camnet::Ipv4Address(ips[i]));
      a[i] = id == 0 ? 0 : fast->next_hop(id).address.value() - kNextHopBase;
    }
    answers.emplace_back("FastRoutingTable", std::move(a));
    // The same table added one route at a time (the incremental path a routing daemon uses).
    auto incremental = std::make_unique<camnet::FastRoutingTable>();
    Row one("FastRoutingTable add()");
    t = Clock::now();
    for (const camnet::Route& r : routes) {
      if (!incremental->add(r)) {
        std::fprintf(stderr, "bench_route: FastRoutingTable::add failed\n");
        return 2;
      }
    }
    one.build_seconds = seconds_since(t);
    one.memory_mib = row.memory_mib;
    one.note = "one route at a time (lookups as above)";
    Answers b(check_count);
    for (std::size_t i = 0; i < check_count; ++i) {
      auto id = incremental->lookup_next_hop(camnet::Ipv4Address(ips[i]));
      b[i] = id == 0 ? 0 : incremental->next_hop(id).address.value() - kNextHopBase;
    }
    answers.emplace_back("FastRoutingTable add()", std::move(b));
    rows.push_back(one);
  }

  // --- RoutingTable: the students' binary trie --------------------------------------------
  using Trie = camnet::RoutingTable<1u << 20, 16'000'000>;
  std::unique_ptr<Trie> trie;
  if (opt.trie) {
    trie = std::make_unique<Trie>();
    Row row("RoutingTable (lab 3 trie)");
    auto t = Clock::now();
    for (const camnet::Route& r : routes) {
      if (!trie->add(r)) {
        std::fprintf(stderr, "bench_route: RoutingTable::add failed (%zu nodes in use)\n",
                     trie->nodes_in_use());
        return 2;
      }
    }
    row.build_seconds = seconds_since(t);
    row.memory_mib = static_cast<double>(sizeof(Trie)) / (1 << 20);
    timed.push_back({rows.size(), 1, [table = trie.get(), ips](std::size_t first, std::size_t n) {
                       std::uint64_t sum = 0;
                       for (std::size_t i = first; i < first + n; ++i) {
                         std::optional<camnet::Route> r =
                             table->lookup(camnet::Ipv4Address(ips[i]));
                         sum += r ? r->next_hop.value() : 0;
                       }
                       return sum;
                     }});
    row.note = std::to_string(trie->nodes_in_use()) + " nodes; lookup() one by one, 1 round";
    rows.push_back(row);
    Answers a(check_count);
    for (std::size_t i = 0; i < check_count; ++i) {
      std::optional<camnet::Route> r = trie->lookup(camnet::Ipv4Address(ips[i]));
      a[i] = r ? r->next_hop.value() - kNextHopBase : 0;
    }
    answers.emplace_back("RoutingTable", std::move(a));
  }

  // --- DPDK rte_lpm -------------------------------------------------------------------------
  const bool run_lpm = opt.lpm == 1 || (opt.lpm == -1 && prefixes.size() <= kLpmDefaultLimit);
  if (!run_lpm) {
    std::printf(
        "(rte_lpm left out: rte_lpm_add scans all the rules of a length, so loading %zu "
        "prefixes takes minutes; --lpm runs it anyway)\n",
        prefixes.size());
  } else {
    Row row("rte_lpm");
    std::size_t before = dpdk_heap_bytes();
    auto t = Clock::now();
    rte_lpm_config config{};
    config.max_rules = static_cast<std::uint32_t>(prefixes.size());
    config.number_tbl8s = 1u << 12;  // groups for /24s holding longer prefixes: ample here
    rte_lpm* lpm = rte_lpm_create("bench_lpm", SOCKET_ID_ANY, &config);
    if (lpm == nullptr) {
      std::fprintf(stderr, "bench_route: rte_lpm_create: %s\n", rte_strerror(rte_errno));
      return 2;
    }
    for (const Prefix& p : prefixes) {
      if (rte_lpm_add(lpm, p.network, static_cast<std::uint8_t>(p.length), p.next_hop) < 0) {
        std::fprintf(stderr, "bench_route: rte_lpm_add failed\n");
        return 2;
      }
    }
    row.build_seconds = seconds_since(t);
    row.memory_mib = static_cast<double>(dpdk_heap_bytes() - before) / (1 << 20);
    std::vector<std::uint32_t> out(opt.burst);
    timed.push_back(
        {rows.size(), opt.rounds, [lpm, ips, out](std::size_t first, std::size_t n) mutable {
           rte_lpm_lookup_bulk(lpm, ips + first, out.data(), static_cast<unsigned>(n));
           return std::uint64_t{out[0]} + out[n - 1];
         }});
    row.note = "rte_lpm_lookup_bulk";
    rows.push_back(row);
    Answers a(check_count);
    rte_lpm_lookup_bulk(lpm, ips, a.data(), static_cast<unsigned>(check_count));
    for (std::uint32_t& v : a)
      v = (v & RTE_LPM_LOOKUP_SUCCESS) ? (v & 0x00ffffffu) : 0;
    answers.emplace_back("rte_lpm", std::move(a));
    cleanups.push_back([lpm] { rte_lpm_free(lpm); });
  }

  // --- DPDK rte_fib (the anchor), then its variants -------------------------------------------
  std::size_t anchor = rows.size();
  auto run_fib = [&](const char* name, rte_fib_dir24_8_nh_sz size, bool avx512) -> bool {
    Row row(name);
    std::size_t before = dpdk_heap_bytes();
    auto t = Clock::now();
    rte_fib_conf config{};
    config.type = RTE_FIB_DIR24_8;
    config.default_nh = 0;
    config.max_routes = static_cast<int>(prefixes.size());
    config.dir24_8.nh_sz = size;
    config.dir24_8.num_tbl8 = 1u << 12;
    std::string fib_name = std::string("bench_fib_") + std::to_string(rows.size());
    rte_fib* fib = rte_fib_create(fib_name.c_str(), SOCKET_ID_ANY, &config);
    if (fib == nullptr) {
      std::fprintf(stderr, "bench_route: rte_fib_create: %s\n", rte_strerror(rte_errno));
      return false;
    }
    for (const Prefix& p : prefixes) {
      if (rte_fib_add(fib, p.network, static_cast<std::uint8_t>(p.length), p.next_hop) < 0) {
        std::fprintf(stderr, "bench_route: rte_fib_add failed\n");
        return false;
      }
    }
    row.build_seconds = seconds_since(t);
    row.memory_mib = static_cast<double>(dpdk_heap_bytes() - before) / (1 << 20);
    if (avx512) {
      if (rte_fib_select_lookup(fib, RTE_FIB_LOOKUP_DIR24_8_VECTOR_AVX512) != 0) {
        std::printf("(%s: this CPU or this DPDK has no AVX-512 lookup; row left out)\n", name);
        rte_fib_free(fib);
        return true;
      }
      row.note = "rte_fib_lookup_bulk, AVX-512 lookup";
    } else {
      // What rte_fib_lookup_bulk uses out of the box: DPDK's default SIMD width is 256 bits,
      // under which the default lookup is the scalar one.
      rte_fib_select_lookup(fib, RTE_FIB_LOOKUP_DIR24_8_SCALAR_MACRO);
      row.note = "rte_fib_lookup_bulk, default (scalar) lookup";
    }
    std::vector<std::uint64_t> out(opt.burst);
    auto* mutable_ips = const_cast<std::uint32_t*>(ips);  // rte_fib's API is not const-correct
    timed.push_back({rows.size(), opt.rounds,
                     [fib, mutable_ips, out](std::size_t first, std::size_t n) mutable {
                       rte_fib_lookup_bulk(fib, mutable_ips + first, out.data(),
                                           static_cast<int>(n));
                       return out[0] + out[n - 1];
                     }});
    rows.push_back(row);
    std::vector<std::uint64_t> wide(check_count);
    rte_fib_lookup_bulk(fib, mutable_ips, wide.data(), static_cast<int>(check_count));
    answers.emplace_back(name, Answers(wide.begin(), wide.end()));
    cleanups.push_back([fib] { rte_fib_free(fib); });
    return true;
  };
  if (!run_fib("rte_fib DIR24_8 4B", RTE_FIB_DIR24_8_4B, false) ||
      !run_fib("rte_fib DIR24_8 4B AVX-512", RTE_FIB_DIR24_8_4B, true) ||
      !run_fib("rte_fib DIR24_8 2B", RTE_FIB_DIR24_8_2B, false)) {
    return 2;
  }

  // --- Lookups, in turns ------------------------------------------------------------------------
  time_lookups(timed, destinations.size(), opt.burst, opt.rounds);
  for (const Timed& t : timed)
    rows[t.row].lookups_per_second = static_cast<double>(destinations.size()) / t.best;

  // --- The table ------------------------------------------------------------------------------
  const double anchor_rate = rows[anchor].lookups_per_second;
  std::printf("\n%-28s %9s %11s %12s %11s  %s\n", "structure", "build s", "memory MiB",
              "Mlookups/s", "vs rte_fib", "how");
  for (const Row& row : rows) {
    char rate[32] = "-";
    char ratio[32] = "-";
    if (row.lookups_per_second > 0) {
      std::snprintf(rate, sizeof rate, "%.1f", row.lookups_per_second / 1e6);
      std::snprintf(ratio, sizeof ratio, "%.2fx", row.lookups_per_second / anchor_rate);
    }
    std::printf("%-28s %9.3f %11.1f %12s %11s  %s\n", row.name.c_str(), row.build_seconds,
                row.memory_mib, rate, ratio, row.note.c_str());
  }
  std::printf("(anchor: %s, measured in this run)\n", rows[anchor].name.c_str());

  // --- Do they agree? -------------------------------------------------------------------------
  std::size_t disagreements = 0;
  std::size_t routed = 0;
  for (std::size_t i = 0; i < check_count; ++i)
    routed += answers[0].second[i] != 0;
  for (std::size_t k = 1; k < answers.size(); ++k) {
    for (std::size_t i = 0; i < check_count; ++i) {
      if (answers[k].second[i] == answers[0].second[i])
        continue;
      if (++disagreements <= 10) {
        std::uint32_t d = ips[i];
        std::printf("DISAGREE: %u.%u.%u.%u: %s says next hop %u, %s says %u\n", d >> 24,
                    (d >> 16) & 255, (d >> 8) & 255, d & 255, answers[0].first.c_str(),
                    answers[0].second[i], answers[k].first.c_str(), answers[k].second[i]);
      }
    }
  }
  if (disagreements > 0) {
    std::printf("the structures DISAGREE on %zu answers: the figures above mean nothing\n",
                disagreements);
    return 1;
  }
  std::printf(
      "all %zu structures agree on the next hop of the first %zu destinations "
      "(%zu of them routed)\n",
      answers.size(), check_count, routed);
  for (auto& cleanup : cleanups)
    cleanup();
  rte_eal_cleanup();
  return 0;
}
