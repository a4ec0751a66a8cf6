#include "grader.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "process.hpp"
#include "submission.hpp"

namespace fs = std::filesystem;

namespace camnet::grade {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string trim(const std::string& text) {
  std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos)
    return "";
  return text.substr(first, text.find_last_not_of(" \t") + 1 - first);
}

std::string shorten(std::string text, std::size_t limit = 240) {
  if (text.size() > limit)
    text = text.substr(0, limit - 3) + "...";
  return text;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty())
    return;
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// Runs fn(0) ... fn(count - 1) on `jobs` threads.
void parallel_for(std::size_t count, int jobs, const std::function<void(std::size_t)>& fn) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++)
      fn(i);
  };
  std::vector<std::thread> threads;
  for (int j = 1; j < jobs && static_cast<std::size_t>(j) < count; ++j)
    threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads)
    t.join();
}

// The part of a build's output that says why it failed: from the first error, a screenful.
std::string first_errors(const std::string& output) {
  std::vector<std::string> lines = lines_of(output);
  std::size_t first = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.find("error:") != std::string::npos ||
        l.find("undefined reference") != std::string::npos ||
        l.find("CMake Error") != std::string::npos) {
      first = i;
      break;
    }
  }
  std::vector<std::string> kept;
  if (first == lines.size()) {
    // No compiler error to point at: the end of the output says what stopped.
    for (std::size_t i = lines.size() > 15 ? lines.size() - 15 : 0; i < lines.size(); ++i)
      kept.push_back(lines[i]);
  } else {
    // The "In member function ..." line before the first error names where it is.
    if (first > 0 && lines[first - 1].find(": In ") != std::string::npos)
      --first;
    for (std::size_t i = first; i < lines.size() && kept.size() < 20; ++i) {
      const std::string& l = lines[i];
      if (l.rfind("ninja: build stopped", 0) == 0)
        break;
      if (l.rfind("[", 0) == 0 || l.rfind("FAILED: ", 0) == 0 || l.rfind("/usr/bin/", 0) == 0 ||
          l.rfind("cc1plus: ", 0) == 0 || l == "At global scope:") {
        continue;  // ninja's progress, the compiler's command line, notes about its options
      }
      kept.push_back(shorten(l, 300));
    }
  }
  std::string out;
  for (const std::string& l : kept)
    out += l + "\n";
  while (!out.empty() && out.back() == '\n')
    out.pop_back();
  return out;
}

// Copies every file under `from` into `to`, writing only what differs, and removes from `to` the
// files `from` no longer has. `skip` gets each path relative to `from` (and to `to`).
void mirror(const fs::path& from, const fs::path& to,
            const std::function<bool(const fs::path&)>& skip) {
  std::set<fs::path> present;
  for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator();
       ++it) {
    fs::path relative = fs::relative(it->path(), from);
    if (skip(relative)) {
      if (it->is_directory())
        it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || it->is_symlink())
      continue;
    present.insert(relative);
    fs::path target = to / relative;
    if (write_file_if_changed(target, read_file(it->path())))
      fs::permissions(target, fs::status(it->path()).permissions());
  }
  if (!fs::exists(to))
    return;
  std::vector<fs::path> stale;
  for (auto it = fs::recursive_directory_iterator(to); it != fs::recursive_directory_iterator();
       ++it) {
    fs::path relative = fs::relative(it->path(), to);
    if (skip(relative)) {
      if (it->is_directory())
        it.disable_recursion_pending();
      continue;
    }
    if (!it->is_directory() && !present.count(relative))
      stale.push_back(it->path());
  }
  for (const fs::path& p : stale)
    fs::remove(p);
}

bool has_sources(const fs::path& dir) {
  if (!fs::is_directory(dir))
    return false;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".cpp")
      return true;
  }
  return false;
}

}  // namespace

// The lines test_main.cpp's VerdictListener writes:
//   test passed|failed <assertions passed> <assertions failed> <test name>
//   run <tests passed> <tests failed>
VerdictReading read_verdict(const std::string& verdict, const std::string& name) {
  VerdictReading reading;
  int asked = 0;
  int others = 0;
  bool run_ended = false;
  for (const std::string& line : lines_of(verdict)) {
    static const std::regex test_line(R"(^test (passed|failed) [0-9]+ [0-9]+ (.*)$)");
    static const std::regex run_line(R"(^run ([0-9]+) ([0-9]+)$)");
    std::smatch m;
    if (std::regex_match(line, m, test_line) && !run_ended) {
      if (m[2] == name) {
        ++asked;
        reading.passed = m[1] == "passed";
      } else {
        ++others;
      }
    } else if (std::regex_match(line, m, run_line) && !run_ended) {
      run_ended = true;
      reading.passed = reading.passed && m[1] == "1" && m[2] == "0";
    } else {
      reading.problem =
          "the test program's verdict channel holds something else than its verdict: does the "
          "code write to file descriptor 3?";
      reading.passed = false;
      return reading;
    }
  }
  if (asked == 0 && others == 0 && !run_ended) {
    reading.problem =
        "the test program ended before its test did, without crashing: does the code call "
        "exit() or end the program?";
  } else if (asked != 1 || others != 0) {
    reading.problem = "the test program did not run the one test it was asked to run";
  } else if (!run_ended) {
    reading.problem =
        "the test program ended before its run did, without crashing: does the code call "
        "exit() or end the program?";
  }
  if (!reading.problem.empty())
    reading.passed = false;
  return reading;
}

namespace {

TestResult result_of(const TestInfo& info, const RunResult& run, const RunLimits& limits) {
  TestResult t;
  t.name = info.name;
  t.lab = info.lab;
  t.points = info.points;
  t.visibility = info.visibility;
  t.from_hidden = info.from_hidden;
  t.output = run.output;
  t.seconds = run.seconds;
  switch (run.ending) {
    case Ending::timed_out:
      t.outcome = Outcome::timed_out;
      t.reason = fmt::format("ran past the {} s limit and was stopped (an endless loop?)",
                             limits.timeout.count() / 1000);
      break;
    case Ending::output_capped:
      t.outcome = Outcome::output_limit;
      t.reason =
          fmt::format("printed over {} KiB without finishing and was stopped (printing in a loop?)",
                      limits.output_cap / 1024);
      break;
    case Ending::signalled:
      t.outcome = Outcome::crashed;
      t.reason = "crashed: " + describe_signal(run.signal);
      break;
    case Ending::not_started:
      t.outcome = Outcome::failed;
      t.reason = "the test program could not start: " + run.output;
      break;
    case Ending::exited: {
      // The verdict comes from the test program's verdict channel, never from what it printed
      // (a student's code can print Catch2's "All tests passed" too).
      VerdictReading verdict = read_verdict(run.verdict, info.name);
      t.outcome = Outcome::failed;
      if (run.output.find("No test cases matched") != std::string::npos) {
        t.reason = "the grader could not select this test by its name";
      } else if (!verdict.problem.empty()) {
        t.reason = verdict.problem;
      } else if (verdict.passed && run.exit_code == 0) {
        t.outcome = Outcome::passed;
      } else if (verdict.passed) {
        t.reason = fmt::format("the test passed, then the program ended with exit status {}",
                               run.exit_code);
      } else {
        t.reason = failure_reason(run.output);
      }
      break;
    }
  }
  return t;
}

TestResult unrun(const TestInfo& info, Outcome outcome, const std::string& reason) {
  TestResult t;
  t.name = info.name;
  t.lab = info.lab;
  t.points = info.points;
  t.visibility = info.visibility;
  t.from_hidden = info.from_hidden;
  t.outcome = outcome;
  t.reason = reason;
  return t;
}

std::string reference_key(bool from_hidden, const std::string& name) {
  return (from_hidden ? "hidden/" : "course/") + name;
}

}  // namespace

std::string catch_test_spec(const std::string& name) {
  std::string spec;
  for (char c : name) {
    if (std::string_view("\\,[]\"*~").find(c) != std::string_view::npos)
      spec += '\\';
    spec += c;
  }
  return spec;
}

std::string failure_reason(const std::string& output) {
  std::vector<std::string> lines = lines_of(output);
  for (const std::string& l : lines) {
    // The test's one line is "test name: TODO(lab N): ..."; the report names the test already.
    if (std::size_t at = l.find("TODO(lab"); at != std::string::npos)
      return shorten(trim(l.substr(at)));
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::size_t at = lines[i].find(": FAILED:");
    if (at == std::string::npos)
      continue;
    std::string reason = lines[i].substr(0, at) + ":";
    for (std::size_t k = i + 1; k < lines.size() && k <= i + 6; ++k) {
      std::string l = trim(lines[k]);
      if (l.empty() || l.rfind("===", 0) == 0 || l.rfind("---", 0) == 0)
        break;
      reason += " " + l;
    }
    return shorten(reason);
  }
  for (const std::string& l : lines) {
    if (l.rfind("SKIPPED:", 0) == 0)
      return shorten(l);
  }
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    if (!trim(*it).empty())
      return shorten(trim(*it));
  }
  return "it failed, printing nothing";
}

std::vector<TestInfo> read_test_catalog(const fs::path& program, int lab, bool from_hidden) {
  RunLimits limits;
  limits.timeout = std::chrono::seconds(60);
  limits.output_cap = 4 * 1024 * 1024;
  auto list = [&](std::vector<std::string> args) {
    args.insert(args.begin(), program.string());
    RunResult r = run({args, program.parent_path(), {}}, limits);
    if (r.ending != Ending::exited) {
      throw GradeError(
          fmt::format("{}: listing its tests failed ({})", program.string(),
                      r.ending == Ending::signalled ? describe_signal(r.signal) : trim(r.output)));
    }
    std::vector<std::string> lines;
    for (const std::string& l : lines_of(r.output)) {
      if (!trim(l).empty())
        lines.push_back(l);
    }
    return lines;
  };
  // The names alone, one a line: Catch2 2.x lists them with --list-test-names-only, 3.x (which has
  // no such option) with --list-tests --verbosity quiet. Both tell their version with --libidentify.
  static const std::regex catch2_version(R"(^version:\s*([0-9]+)\.)");
  std::vector<std::string> names_only;
  for (const std::string& line : list({"--libidentify"})) {
    std::smatch v;
    if (std::regex_search(line, v, catch2_version)) {
      names_only = std::stoi(v[1]) >= 3
                       ? std::vector<std::string>{"--list-tests", "--verbosity", "quiet"}
                       : std::vector<std::string>{"--list-test-names-only"};
    }
  }
  if (names_only.empty())
    throw GradeError(fmt::format("{}: --libidentify names no Catch2 version", program.string()));
  std::vector<std::string> names = list(names_only);
  std::vector<TestInfo> tests;
  std::map<std::string, std::size_t> index;
  for (const std::string& name : names) {
    if (index.count(name))
      throw GradeError(fmt::format("{}: two tests are named '{}'", program.string(), name));
    index[name] = tests.size();
    tests.push_back({name, lab, -1, Visibility::visible, from_hidden});
  }
  static const std::regex tag_line(R"(^\s*[0-9]+\s+\[(.+)\]\s*$)");
  static const std::regex points_tag("points:([0-9]{1,4})");
  static const std::regex visibility_tag("visibility:(.*)");
  static const std::regex lab_tag("lab([0-9]+)");
  std::string where = from_hidden ? "hidden test" : "test";
  for (const std::string& line : list({"--list-tags"})) {
    std::smatch m;
    if (!std::regex_match(line, m, tag_line))
      continue;
    std::string tag = m[1];
    std::smatch t;
    bool is_points = std::regex_match(tag, t, points_tag);
    bool is_visibility = !is_points && std::regex_match(tag, t, visibility_tag);
    bool is_lab = !is_points && !is_visibility && std::regex_match(tag, t, lab_tag);
    if (!is_points && !is_visibility && !is_lab)
      continue;
    std::string value = t[1];
    std::optional<Visibility> visibility = visibility_from_name(value);
    if (is_visibility && !visibility) {
      throw GradeError(fmt::format(
          "{}: [{}]: visibility must be visible, hidden, after_due_date or after_published",
          program.string(), tag));
    }
    std::vector<std::string> tagged{"[" + tag + "]"};
    tagged.insert(tagged.end(), names_only.begin(), names_only.end());
    for (const std::string& name : list(tagged)) {
      if (!index.count(name))
        continue;
      TestInfo& info = tests[index[name]];
      if (is_lab && std::stoi(value) != lab) {
        throw GradeError(
            fmt::format("{} '{}' is tagged [{}] but belongs to lab {}", where, name, tag, lab));
      }
      if (is_points) {
        if (info.points >= 0) {
          throw GradeError(fmt::format("{} '{}' declares [points:N] more than once", where, name));
        }
        info.points = std::stoi(value);
      }
      if (is_visibility)
        info.visibility = *visibility;
    }
  }
  for (const TestInfo& info : tests) {
    if (info.points < 0) {
      throw GradeError(
          fmt::format("{} '{}' ({}) declares no [points:N]: every graded test needs one", where,
                      info.name, program.filename().string()));
    }
  }
  return tests;
}

struct Grader::LabBuild {
  const CourseLab* lab = nullptr;
  fs::path dir;  // the build folder (the same for every lab)
  bool has_hidden = false;
  std::vector<TestInfo> tests;                    // the course's, then the hidden ones
  std::map<std::string, std::string> not_graded;  // reference_key -> why the reference fails it

  std::string course_target() const { return fmt::format("lab{}_tests", lab->number); }
  std::string hidden_target() const { return fmt::format("lab{}_hidden_tests", lab->number); }
  fs::path course_program() const { return dir / "labs" / lab->folder / course_target(); }
  fs::path hidden_program() const { return dir / "tools" / "grade" / "hidden" / hidden_target(); }
};

Grader::Grader(GradeOptions options) : options_(std::move(options)) {
  course_ = open_course(options_.course_dir);
  if (options_.jobs <= 0)
    options_.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<int> labs = options_.labs;
  if (labs.empty()) {
    for (const CourseLab& lab : course_.labs)
      labs.push_back(lab.number);
  }
  for (int n : labs) {
    if (course_.lab(n) == nullptr) {
      std::string have;
      for (const CourseLab& lab : course_.labs)
        have += fmt::format("{}{}", have.empty() ? "" : ", ", lab.number);
      throw GradeError(fmt::format("--labs: the course has no lab {} (it has {})", n, have));
    }
  }
  if (!options_.hidden_dir.empty()) {
    if (!fs::is_directory(options_.hidden_dir))
      throw GradeError("--hidden " + options_.hidden_dir.string() + ": no such folder");
    options_.hidden_dir = fs::absolute(options_.hidden_dir).lexically_normal();
    bool any = false;
    for (const fs::directory_entry& e : fs::directory_iterator(options_.hidden_dir)) {
      std::optional<int> n = lab_number_of_folder(e.path().filename().string());
      const CourseLab* lab = n ? course_.lab(*n) : nullptr;
      if (e.is_directory() && lab != nullptr && lab->folder == e.path().filename().string())
        any = any || has_sources(e.path());
    }
    if (!any) {
      throw GradeError(fmt::format(
          "--hidden {}: no lab folder with test sources in it (expected {}/test_*.cpp, ...)",
          options_.hidden_dir.string(), course_.labs.front().folder));
    }
  }
  for (const char* tool : {"cmake", "ninja"}) {
    if (find_program(tool).empty())
      throw GradeError(fmt::format("{} is not on PATH: grading builds with cmake and ninja", tool));
  }
  if (!options_.deadline.empty())
    check_deadline(options_.deadline);
  choose_sandbox();

  if (options_.work_dir.empty()) {
    std::string pattern = (fs::temp_directory_path() / "camnet-grade-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      throw GradeError("cannot make a scratch folder under " + fs::temp_directory_path().string());
    work_ = pattern;
    temporary_work_ = true;
  } else {
    work_ = fs::absolute(options_.work_dir).lexically_normal();
    std::error_code ec;
    fs::create_directories(work_, ec);
    if (ec)
      throw GradeError("--work " + work_.string() + ": " + ec.message());
  }
  lock_fd_ = open((work_ / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0 || flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    throw GradeError(work_.string() +
                     ": another camnet grade is using this work folder; wait for it or pick "
                     "another with --work");
  }
  // ccache, when installed, makes the compiles the grader repeats cost nothing: the reference put
  // back after each student, students whose files are alike, other work folders' builds of the
  // same course. Its cache is the grader's own (the work folder's, or one the instructor's work
  // folders share), written only by the compiler: no submission's code runs while building.
  if (fs::path ccache = find_program("ccache"); !ccache.empty()) {
    ccache_ = ccache;
    ccache_dir_ = options_.ccache_dir.empty()
                      ? work_ / "ccache"
                      : fs::absolute(options_.ccache_dir).lexically_normal();
    std::error_code ec;
    fs::create_directories(ccache_dir_, ec);
    if (ec)
      throw GradeError("--ccache " + ccache_dir_.string() + ": " + ec.message());
  }
  if (sandbox_ == SandboxKind::user) {
    // The sandbox's user may enter the work folder (not list it) and read the scratch course and
    // the builds; the course itself, with its solutions, and the hidden tests it must never read.
    auto refuse_inside_course = [&](const char* option, const fs::path& dir) {
      if (fs::path inside = fs::relative(dir, course_.root);
          !inside.empty() && *inside.begin() != "..")
        throw GradeError(fmt::format(
            "{} {}: inside the course, which the user sandbox hides: pick a folder outside", option,
            dir.string()));
    };
    refuse_inside_course("--work", work_);
    if (!ccache_.empty())
      refuse_inside_course("--ccache", ccache_dir_);
    umask(022);
    fs::permissions(work_, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    hidden_from_sandbox_.hide(course_.root);
    if (!options_.hidden_dir.empty())
      hidden_from_sandbox_.hide(options_.hidden_dir);
    if (!ccache_.empty())
      hidden_from_sandbox_.hide(ccache_dir_);
  }
  for (int n : labs) {
    auto build = std::make_unique<LabBuild>();
    build->lab = course_.lab(n);
    build->dir = work_ / "build";
    builds_.push_back(std::move(build));
  }
}

void Grader::choose_sandbox() {
  const char* without =
      "the grader builds and tests each submission in a sandbox. Without one "
      "(--sandbox none) a submission's code can read the solutions and the hidden "
      "tests and change what the next submission is graded with.";
  sandbox_ = options_.sandbox;
  if (sandbox_ == SandboxKind::none)
    return;
  std::string why = sandbox_ == SandboxKind::user ? "" : sandbox_unavailable();
  if (sandbox_ == SandboxKind::bubblewrap && !why.empty())
    throw GradeError(why + ": " + without);
  if (sandbox_ == SandboxKind::automatic)
    sandbox_ = why.empty() ? SandboxKind::bubblewrap : SandboxKind::user;
  if (sandbox_ == SandboxKind::user && geteuid() != 0) {
    throw GradeError((why.empty() ? std::string("--sandbox user") : why) +
                     ": the user sandbox runs the code as nobody, which needs root; " + without);
  }
  if (sandbox_ == SandboxKind::user && find_program("setpriv").empty())
    throw GradeError("setpriv is not installed (util-linux): the user sandbox needs it");
  if (!why.empty())
    say(why + ": grading in the user sandbox (each build and test runs as nobody)");
}

Grader::~Grader() {
  if (lock_fd_ >= 0)
    close(lock_fd_);
  if (temporary_work_) {
    std::error_code ec;
    fs::remove_all(work_, ec);
  }
}

void Grader::say(const std::string& line) const {
  if (options_.progress)
    options_.progress(line);
}

std::vector<TestInfo> Grader::catalog() const {
  std::vector<TestInfo> all;
  for (const auto& b : builds_)
    all.insert(all.end(), b->tests.begin(), b->tests.end());
  return all;
}

std::string Grader::relative_paths(std::string text) const {
  replace_all(text, (work_ / "src" / ".camnet-hidden").string() + "/", "hidden/");
  replace_all(text, (work_ / "src").string() + "/", "");
  replace_all(text, work_.string() + "/", "");
  return text;
}

void Grader::sync_course() {
  fs::path src = work_ / "src";
  std::set<fs::path> slots;
  for (const CourseLab& lab : course_.labs) {
    for (const fs::path& layer : lab.layer_folders)
      slots.insert(fs::path("labs") / lab.folder / layer);
  }
  fs::path work_inside_course = fs::relative(work_, course_.root);
  auto skip = [&](const fs::path& relative) {
    std::string top = relative.begin()->string();
    // The scratch course has no solutions/: each lab's reference is copied into its slot, and
    // nothing a submission's code can see holds the reference of the lab it is graded on.
    return top == ".git" || top == ".cache" || top == ".camnet-hidden" || top == "solutions" ||
           top.rfind("build", 0) == 0 || relative == work_inside_course ||
           slots.count(relative) != 0;
  };
  mirror(course_.root, src, skip);
  fs::remove_all(src / "solutions");  // (a work folder of an older camnet may have it)
  fs::path hidden = src / ".camnet-hidden";
  if (options_.hidden_dir.empty()) {
    fs::remove_all(hidden);
  } else {
    mirror(options_.hidden_dir, hidden,
           [](const fs::path& relative) { return relative.begin()->string().rfind(".", 0) == 0; });
  }
  fs::create_directories(hidden);
}

void Grader::fill_slot(const CourseLab& lab, const std::map<fs::path, std::string>& files) {
  fs::path root = work_ / "src" / "labs" / lab.folder;
  for (const fs::path& layer : lab.layer_folders) {
    if (!fs::is_directory(root / layer))
      continue;
    std::vector<fs::path> stale;
    for (const fs::directory_entry& e : fs::directory_iterator(root / layer)) {
      if (!files.count(layer / e.path().filename()))
        stale.push_back(e.path());
    }
    for (const fs::path& p : stale)
      fs::remove_all(p);
  }
  for (const auto& [relative, text] : files)
    write_file_if_changed(root / relative, text);
}

std::map<fs::path, std::string> Grader::solution_of(const CourseLab& lab) const {
  std::map<fs::path, std::string> files;
  for (const fs::path& relative : lab.solution_files)
    files[relative] = read_file(course_.solutions_dir() / lab.folder / relative);
  return files;
}

void Grader::configure() {
  std::vector<std::string> args{
      "cmake", "-S", (work_ / "src").string(), "-B", (work_ / "build").string(), "-G", "Ninja",
      // As the student preset builds, less the debug information.
      "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -DNDEBUG",
      "-DCAMNET_TRACK=student", "-DCAMNET_GRADING_BUILD=ON", "-DCAMNET_WERROR=OFF",
      "-DCAMNET_GRADE_HIDDEN_DIR=" + (work_ / "src" / ".camnet-hidden").string(),
      // The grader's own compiler cache, or none (not the environment's: outside the sandbox).
      "-DCMAKE_CXX_COMPILER_LAUNCHER=" + ccache_.string(),
      "-DCMAKE_C_COMPILER_LAUNCHER=" + ccache_.string()};
  for (const CourseLab& lab : course_.labs)
    args.push_back(fmt::format("-DCAMNET_LAB{}_TRACK=student", lab.number));
  RunLimits limits;
  limits.timeout = std::chrono::seconds(300);
  limits.output_cap = 4 * 1024 * 1024;
  RunResult r = run({args, {}, ccache_env()}, limits);
  if (r.ending != Ending::exited || r.exit_code != 0)
    throw GradeError("configuring the grading build failed:\n" + first_errors(r.output));
  for (auto& b : builds_)
    b->has_hidden = has_sources(work_ / "src" / ".camnet-hidden" / b->lab->folder);
}

std::vector<std::pair<std::string, std::string>> Grader::ccache_env() const {
  if (ccache_.empty())
    return {};
  // Paths under the work folder are hashed relative to it, so that another work folder's build of
  // the same course finds these compiles (and this one theirs).
  return {{"CCACHE_DIR", ccache_dir_.string()},
          {"CCACHE_BASEDIR", work_.string()},
          {"CCACHE_NOHASHDIR", "true"},
          {"CCACHE_MAXSIZE", "2G"}};
}

SandboxPlan Grader::sandbox_plan(bool writable_build, bool hidden_sources_readable) const {
  SandboxPlan plan;
  fs::path src = work_ / "src";
  plan.read_only.push_back(src);
  (writable_build ? plan.writable : plan.read_only).push_back(work_ / "build");
  auto empty_sources_under = [&](const fs::path& dir) {
    if (!fs::is_directory(dir))
      return;
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && is_source_file(e.path()))
        plan.emptied.push_back(e.path());
    }
  };
  if (!hidden_sources_readable)
    empty_sources_under(src / ".camnet-hidden");  // the hidden tests' data stays readable
  if (!writable_build) {
    // A test needs the programs, not the code they were built from (every other lab's is the
    // reference's).
    for (const CourseLab& lab : course_.labs) {
      for (const fs::path& layer : lab.layer_folders)
        empty_sources_under(src / "labs" / lab.folder / layer);
    }
  }
  // A private /tmp in bubblewrap's sandbox; elsewhere a folder of the work folder's, emptied
  // before each build and each lab's tests.
  fs::path tmp = "/tmp";
  if (sandbox_ != SandboxKind::bubblewrap) {
    tmp = work_ / "sandbox-tmp";
    plan.writable.push_back(tmp);
  }
  const char* path = std::getenv("PATH");
  plan.env = {{"PATH", path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin"},
              {"HOME", tmp.string()},
              {"TMPDIR", tmp.string()},
              {"LC_ALL", "C.UTF-8"}};
  if (writable_build && !ccache_.empty()) {
    plan.writable.push_back(ccache_dir_);
    for (const auto& variable : ccache_env())
      plan.env.push_back(variable);
  }
  return plan;
}

Grader::SandboxRun Grader::start_sandbox_run(const SandboxPlan& plan) const {
  if (sandbox_ != SandboxKind::bubblewrap) {
    std::error_code ec;
    fs::remove_all(work_ / "sandbox-tmp", ec);
    fs::create_directories(work_ / "sandbox-tmp");
  }
  if (sandbox_ != SandboxKind::user)
    return {};
  return {apply_for_sandbox_user(plan), true};
}

Grader::SandboxRun::~SandboxRun() {
  if (user)
    end_sandbox_user_processes();
}

Command Grader::confined(const SandboxPlan& plan, const std::vector<std::string>& argv) const {
  switch (sandbox_) {
    case SandboxKind::bubblewrap:
      return {sandboxed(plan, argv), {}, {}};
    case SandboxKind::user:
      return {as_sandbox_user(plan, argv), plan.cwd, {}};
    default:
      // No sandbox: the grader's own environment, and what the plan sets.
      return {argv, plan.cwd, plan.env};
  }
}

RunResult Grader::run_build(const std::vector<std::string>& targets, bool hidden_sources_readable) {
  std::vector<std::string> args{
      "cmake",   "--build", (work_ / "build").string(), "--parallel", std::to_string(options_.jobs),
      "--target"};
  args.insert(args.end(), targets.begin(), targets.end());
  args.insert(args.end(), {"--", "-k", "0"});  // build what can be built
  SandboxPlan plan = sandbox_plan(true, hidden_sources_readable);
  RunLimits limits;
  limits.timeout = options_.build_timeout;
  limits.output_cap = 8 * 1024 * 1024;
  SandboxRun in_force = start_sandbox_run(plan);
  return run(confined(plan, args), limits);
}

Grader::BuildOutcome Grader::build(const std::vector<const LabBuild*>& labs) {
  BuildOutcome outcome;
  Clock::time_point start = Clock::now();
  std::vector<std::string> course_targets;
  std::vector<std::string> hidden_targets;
  for (const LabBuild* b : labs) {
    // A program left from the previous submission must never be taken for this one's.
    fs::remove(b->course_program());
    fs::remove(b->hidden_program());
    course_targets.push_back(b->course_target());
    if (b->has_hidden)
      hidden_targets.push_back(b->hidden_target());
  }
  // Two builds: the course's tests first, while the hidden tests' sources read as empty (so that
  // nothing the student's headers pull in at compile time can copy them into a program whose
  // output the student sees); then the hidden tests.
  RunResult course = run_build(course_targets, false);
  RunResult hidden;
  hidden.ending = Ending::exited;
  hidden.exit_code = 0;
  if (!hidden_targets.empty() && course.ending != Ending::timed_out)
    hidden = run_build(hidden_targets, true);
  outcome.seconds = seconds_since(start);
  outcome.course_built = true;
  outcome.hidden_built = true;
  for (const LabBuild* b : labs) {
    outcome.course_built = outcome.course_built && fs::exists(b->course_program());
    outcome.hidden_built =
        outcome.hidden_built && (!b->has_hidden || fs::exists(b->hidden_program()));
  }
  if (course.ending == Ending::timed_out || hidden.ending == Ending::timed_out) {
    outcome.course_built = outcome.hidden_built = false;
    outcome.errors =
        fmt::format("the build ran past {} s and was stopped", options_.build_timeout.count());
  } else if (!outcome.course_built) {
    outcome.errors = relative_paths(first_errors(course.output));
  } else if (!outcome.hidden_built) {
    outcome.errors = relative_paths(first_errors(hidden.output));
  }
  return outcome;
}

std::vector<TestResult> Grader::run_tests(const LabBuild& b, bool hidden_built) {
  RunLimits limits;
  limits.timeout = options_.test_timeout;
  limits.output_cap = options_.output_cap;
  limits.memory_cap = options_.memory_cap;
  limits.file_size_cap = options_.file_size_cap;
  constexpr int verdict_fd = 3;
  SandboxPlan plan = sandbox_plan(false, false);
  plan.env.emplace_back("CAMNET_VERDICT_FD", std::to_string(verdict_fd));
  SandboxRun in_force = start_sandbox_run(plan);
  std::vector<TestResult> results(b.tests.size());
  parallel_for(b.tests.size(), options_.jobs, [&](std::size_t i) {
    const TestInfo& info = b.tests[i];
    auto skipped = b.not_graded.find(reference_key(info.from_hidden, info.name));
    if (skipped != b.not_graded.end()) {
      results[i] = unrun(info, Outcome::not_graded, skipped->second);
      return;
    }
    if (info.from_hidden && !hidden_built) {
      results[i] = unrun(info, Outcome::did_not_build, "the hidden tests did not build");
      return;
    }
    fs::path program = info.from_hidden ? b.hidden_program() : b.course_program();
    SandboxPlan test_plan = plan;
    test_plan.cwd = program.parent_path();
    Command command =
        confined(test_plan, {program.string(), catch_test_spec(info.name), "--use-colour", "no"});
    command.verdict_fd = verdict_fd;
    RunResult ran = run(command, limits);
    if (sandbox_ == SandboxKind::bubblewrap)
      restore_signal(ran);
    results[i] = result_of(info, ran, limits);
    results[i].output = relative_paths(results[i].output);
    if (results[i].outcome == Outcome::failed && !results[i].reason.empty())
      results[i].reason = relative_paths(results[i].reason);
  });
  return results;
}

void Grader::prepare() {
  if (prepared_)
    return;
  Clock::time_point start = Clock::now();
  say("preparing " + work_.string() + ": the course, built with the reference solution");
  sync_course();
  for (const CourseLab& lab : course_.labs)
    fill_slot(lab, solution_of(lab));
  configure();
  say("building the reference (a few minutes the first time, on 2 cores)");
  std::vector<const LabBuild*> all;
  for (const auto& b : builds_)
    all.push_back(b.get());
  BuildOutcome built = build(all);
  for (auto& b : builds_) {
    int n = b->lab->number;
    if (!fs::exists(b->course_program()))
      throw GradeError(
          fmt::format("lab {}: the reference solution does not build:\n{}", n, built.errors));
    if (b->has_hidden && !fs::exists(b->hidden_program())) {
      throw GradeError(fmt::format(
          "lab {}: the hidden tests ({}/{}) do not build against the reference solution:\n{}", n,
          options_.hidden_dir.string(), b->lab->folder, built.errors));
    }
    b->tests = read_test_catalog(b->course_program(), n, false);
    if (b->has_hidden) {
      std::vector<TestInfo> hidden = read_test_catalog(b->hidden_program(), n, true);
      b->tests.insert(b->tests.end(), hidden.begin(), hidden.end());
    }
    b->not_graded.clear();
    int passed = 0;
    for (const TestResult& t : run_tests(*b, b->has_hidden)) {
      if (t.outcome == Outcome::passed) {
        ++passed;
        continue;
      }
      std::string why = fmt::format("the reference solution does not pass it here ({}: {})",
                                    outcome_name(t.outcome), t.reason);
      b->not_graded[reference_key(t.from_hidden, t.name)] = why;
      say(fmt::format("warning: {} is not graded: {}", t.full_name(), why));
    }
    say(fmt::format("lab {}: {} tests, {} pass with the reference", n, b->tests.size(), passed));
  }
  prepared_ = true;
  say(fmt::format("ready in {:.0f} s", seconds_since(start)));
}

Report Grader::grade(const std::string& student, const std::string& submission) {
  prepare();
  Clock::time_point start = Clock::now();
  Report report;
  report.student = student;
  report.submission = submission;
  fs::path labs_root;
  try {
    labs_root =
        open_submission(submission, work_ / "unpack", course_, options_.deadline, &report.notes);
  } catch (const std::exception& e) {
    report.notes.push_back(e.what());
  }
  for (auto& b : builds_) {
    const CourseLab& lab = *b->lab;
    LabResult result;
    result.number = lab.number;
    result.folder = lab.folder;
    auto all_tests = [&](Outcome outcome, const std::string& reason) {
      for (const TestInfo& info : b->tests) {
        auto skipped = b->not_graded.find(reference_key(info.from_hidden, info.name));
        result.tests.push_back(skipped != b->not_graded.end()
                                   ? unrun(info, Outcome::not_graded, skipped->second)
                                   : unrun(info, outcome, reason));
      }
    };
    try {
      StudentLab code;
      if (!labs_root.empty())
        code = collect_student_lab(lab, labs_root);
      result.notes = code.notes;
      if (!code.submitted) {
        result.state = LabState::missing;
        all_tests(Outcome::missing,
                  fmt::format("the submission has no code for lab {} ({}/{})", lab.number,
                              lab.folder, lab.student_files.front().string()));
        report.labs.push_back(std::move(result));
        continue;
      }
      std::map<fs::path, std::string> files;
      for (const fs::path& relative : lab.student_files)
        files[relative] = read_file(course_.labs_dir() / lab.folder / relative);
      for (const auto& [relative, text] : code.files)
        files[relative] = text;
      // While lab N is graded its files are the student's; every other lab stays the reference.
      fill_slot(lab, files);
      say(fmt::format("{}: lab {}: building", student, lab.number));
      BuildOutcome built = build({b.get()});
      result.build_seconds = built.seconds;
      if (!built.course_built) {
        result.state = LabState::did_not_build;
        result.build_errors = built.errors;
        all_tests(Outcome::did_not_build, fmt::format("lab {} did not build", lab.number));
      } else {
        result.state = LabState::graded;
        if (b->has_hidden && !built.hidden_built) {
          result.build_errors = built.errors;
          result.notes.push_back("the hidden tests did not build against this code: " +
                                 built.errors.substr(0, built.errors.find('\n')));
        }
        say(fmt::format("{}: lab {}: running {} tests", student, lab.number, b->tests.size()));
        result.tests = run_tests(*b, built.hidden_built);
      }
    } catch (const std::exception& e) {
      result.state = LabState::did_not_build;
      result.build_errors = std::string("grading stopped: ") + e.what();
      result.tests.clear();
      all_tests(Outcome::did_not_build, result.build_errors);
    }
    try {
      fill_slot(lab, solution_of(lab));
    } catch (const std::exception& e) {
      prepared_ = false;  // the next grade() starts from the reference again
      report.notes.push_back(std::string("the scratch tree could not be reset: ") + e.what());
    }
    say(fmt::format("{}: lab {}: {}/{} points", student, lab.number, result.score(),
                    result.possible()));
    report.labs.push_back(std::move(result));
  }
  std::error_code ec;
  fs::remove_all(work_ / "unpack", ec);
  report.seconds = seconds_since(start);
  return report;
}

}  // namespace camnet::grade
