// How long a class takes to grade: a synthetic class of lab 1 submissions (fixtures.hpp,
// make_synthetic_class) graded with `camnet grade --class --labs 1`, as an instructor would.
//
//   bench_grade_class [STUDENTS] [FOLDER]     (default: 150 students, under build/bench-grade)
//
// The anchor, measured in the same run on the same machine: one submission (the reference,
// lightly edited) graded alone in the warm work folder. The class's time per student is read
// against it; the class's total against the goal (lab 1 for 150 students in 45 minutes on 2 cores).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "fixtures.hpp"
#include "process.hpp"

namespace fs = std::filesystem;
using namespace camnet::grade;

namespace {

double seconds_of(const std::function<void()>& step) {
  auto start = std::chrono::steady_clock::now();
  step();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

RunResult must_grade(std::vector<std::string> args) {
  args.insert(args.begin(), {CAMNET_EXE, "grade"});
  RunLimits limits;
  limits.timeout = std::chrono::hours(6);
  limits.output_cap = 64 * 1024 * 1024;
  RunResult r = run({args, {}, {}}, limits);
  if (r.ending != Ending::exited || r.exit_code != 0) {
    std::fprintf(stderr, "bench_grade_class: camnet grade failed:\n%s\n", r.output.c_str());
    std::exit(1);
  }
  return r;
}

}  // namespace

int main(int argc, char* argv[]) {
  int count = argc > 1 ? std::atoi(argv[1]) : 150;
  fs::path root = argc > 2 ? fs::path(argv[2]) : fs::path(CAMNET_BENCH_DIR);
  if (count < 1) {
    std::fprintf(stderr, "usage: bench_grade_class [STUDENTS >= 1] [FOLDER]\n");
    return 2;
  }
  fs::path klass = root / "class";
  fs::path anchor_class = root / "anchor";
  fs::path out = root / "out";
  fs::path work = root / "work";
  fs::remove_all(klass);
  fs::remove_all(anchor_class);
  fs::remove_all(out);
  std::vector<testing::Fixture> students =
      testing::make_synthetic_class(CAMNET_SOURCE_DIR, klass, count);
  testing::make_synthetic_class(CAMNET_SOURCE_DIR, anchor_class, 1);

  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::printf("grading lab 1 of a synthetic class of %d on %u cores (work folder %s)\n", count,
              cores, work.c_str());
  double prepare = seconds_of([&] {
    must_grade({"--prepare", "--labs", "1", "--work", work.string()});
  });
  double anchor = seconds_of([&] {
    must_grade({(anchor_class / "student-001").string(), "--labs", "1", "--work", work.string()});
  });
  RunResult run_class;
  double total = seconds_of([&] {
    run_class = must_grade(
        {"--class", klass.string(), "--labs", "1", "--work", work.string(), "--out", out.string()});
  });

  // Each student's line ends "(N s)": the time of that student alone.
  std::vector<double> each;
  static const std::regex time_of(R"(^student-[0-9]+ .*\(([0-9]+) s\))");
  std::istringstream lines(run_class.output);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, time_of))
      each.push_back(std::stod(m[1]));
  }
  std::sort(each.begin(), each.end());
  double median = each.empty() ? 0 : each[each.size() / 2];
  double slowest = each.empty() ? 0 : each.back();
  std::printf("\n");
  std::printf("  prepare (the reference built and tested, warm or cold)  %8.1f s\n", prepare);
  std::printf("  anchor: one edited reference graded alone, warm           %8.1f s\n", anchor);
  std::printf("  the class of %3d, lab 1                                  %8.1f s (%.1f min)\n",
              count, total, total / 60);
  std::printf("  per student: mean %.1f s, median %.0f s, slowest %.0f s (%.1f anchors)\n",
              total / count, median, slowest, anchor > 0 ? (total / count) / anchor : 0.0);
  std::printf("  150 students at this rate                                 %8.1f min (goal: 45)\n",
              total / count * 150 / 60);
  std::printf("\nwhat each kind of submission costs (seconds, from the class run):\n");
  std::istringstream again(run_class.output);
  std::map<std::string, std::vector<double>> by_kind;
  for (std::string line; std::getline(again, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, time_of))
      continue;
    std::string name = line.substr(0, line.find(' '));
    for (const testing::Fixture& f : students) {
      if (f.student == name)
        by_kind[f.fault].push_back(std::stod(m[1]));
    }
  }
  for (const auto& [kind, times] : by_kind) {
    double sum = 0;
    for (double t : times)
      sum += t;
    std::printf("  %-40s %3zu students, mean %5.1f s\n", kind.c_str(), times.size(),
                sum / static_cast<double>(times.size()));
  }
  return 0;
}
