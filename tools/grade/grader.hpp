// The grader: builds a student's code against the course's own tests and runs each test in its own
// process, with limits, so that whatever one test does costs that test alone.
//
// How a lab is graded (the policy the instructor's guide explains):
//  - Each lab is graded on its own: lab N's tests run against the student's lab N and the reference
//    edition of every other lab. A bug in lab 1 then costs lab 1's tests only, and lab 2 is graded
//    fairly even when lab 1 does not build. (The student's lab N must therefore keep to the
//    handout's interface of the labs it builds on, which the handouts ask anyway.)
//  - Only the files a student writes come from the submission; tests, captures and CMake files are
//    the course's own. A lab the submission has no code for scores zero and is not built.
//  - The scratch tree ("work" folder) holds a copy of the course and one build of it, every lab
//    compiled from labs/. Each lab's student files there hold the reference solution, except while
//    that lab is graded, when they hold the student's. The first build, all reference, gives the
//    list of tests with their points and visibility, and proves that the reference passes every
//    test on this machine (one that it does not pass is not graded, for anyone). Each submission is
//    then an incremental build: only what the student's files change is compiled again.
#pragma once

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "course.hpp"
#include "process.hpp"
#include "report.hpp"
#include "sandbox.hpp"

namespace camnet::grade {

struct GradeOptions {
  std::filesystem::path course_dir;  // the instructor's repository, with solutions/
  std::filesystem::path work_dir;    // empty: a temporary folder, removed at the end
  // The compiler cache (when ccache is installed); empty: the work folder's own (WORK/ccache).
  // Work folders may share one: their builds hit each other's compiles.
  std::filesystem::path ccache_dir;
  std::vector<int> labs;             // the labs to grade; empty: every lab
  std::filesystem::path hidden_dir;  // the instructor's hidden tests; empty: none
  int jobs = 0;                      // parallel compiles and tests; 0: one per processor
  std::chrono::seconds test_timeout{10};
  std::chrono::seconds build_timeout{900};
  std::size_t output_cap = 64 * 1024;                  // bytes one test may print
  std::size_t memory_cap = std::size_t{4} << 30;       // address space of one test
  std::size_t file_size_cap = std::size_t{256} << 20;  // largest file one test may write
  // The sandbox builds and tests of submissions run in (sandbox.hpp). `none` only where no sandbox
  // can be made, and then every submission's code can read and change what the grader can.
  SandboxKind sandbox = SandboxKind::automatic;
  // Git submissions are graded at their last commit before this ("2026-12-01 23:59"); empty: at
  // their last commit.
  std::string deadline;
  std::function<void(const std::string&)> progress;  // a line at a time; may be empty
};

// One test as the test program declares it.
struct TestInfo {
  std::string name;
  int lab = 0;
  int points = 0;
  Visibility visibility = Visibility::visible;
  bool from_hidden = false;
};

// Reads the tests of a Catch2 program with their [labN][points:N][visibility:...] tags.
// Throws GradeError when a test breaks the convention.
std::vector<TestInfo> read_test_catalog(const std::filesystem::path& program, int lab,
                                        bool from_hidden);

// `name` escaped for Catch2's command line, so that it selects that one test.
std::string catch_test_spec(const std::string& name);

// What a test's console output says went wrong, in one line.
std::string failure_reason(const std::string& output);

// What the test program's verdict channel (CAMNET_VERDICT_FD, camnet/testing/test_main.cpp) says
// of a run asked to run the one test `name`.
struct VerdictReading {
  bool passed = false;  // it ran that test, and only it, to the end of the run, and the test passed
  std::string problem;  // why the channel does not show one whole run of that test ("" if it does)
};
VerdictReading read_verdict(const std::string& verdict, const std::string& name);

class Grader {
 public:
  explicit Grader(GradeOptions options);  // checks the options; throws GradeError
  ~Grader();
  Grader(const Grader&) = delete;
  Grader& operator=(const Grader&) = delete;

  // Copies the course into the work folder, builds the reference in each lab's place, reads the
  // tests and runs them against the reference. grade() calls it when it has not run yet.
  void prepare();

  // Grades one submission (a folder, an archive or a git repository). Never throws for anything
  // the submission holds: what went wrong is in the report.
  Report grade(const std::string& student, const std::string& submission);

  const Course& course() const { return course_; }
  const std::filesystem::path& work_dir() const { return work_; }
  const std::filesystem::path& ccache_dir() const { return ccache_dir_; }  // empty: no ccache
  // How many compiles and tests at once from now on (lanes of a class share --jobs).
  void set_jobs(int jobs) { options_.jobs = std::max(1, jobs); }
  // The sandbox it grades in: bubblewrap, user or none (never automatic).
  SandboxKind sandbox() const { return sandbox_; }
  // The tests of every graded lab, course tests first, as prepare() read them.
  std::vector<TestInfo> catalog() const;

 private:
  struct LabBuild;
  struct BuildOutcome {
    bool course_built = false;
    bool hidden_built = false;
    std::string errors;
    double seconds = 0;
  };

  void say(const std::string& line) const;
  void sync_course();
  void configure();
  void fill_slot(const CourseLab& lab, const std::map<std::filesystem::path, std::string>& files);
  std::map<std::filesystem::path, std::string> solution_of(const CourseLab& lab) const;
  BuildOutcome build(const std::vector<const LabBuild*>& labs);
  RunResult run_build(const std::vector<std::string>& targets, bool hidden_sources_readable);
  void choose_sandbox();
  SandboxPlan sandbox_plan(bool writable_build, bool hidden_sources_readable) const;
  // One build, or one lab's tests: the sandbox's folder for temporary files is emptied first; in
  // the user sandbox the plan's changes to files hold while it lives, and when it goes the
  // sandbox user's processes are killed and the changes undone.
  struct SandboxRun {
    FileChanges changes;
    bool user = false;
    ~SandboxRun();
  };
  SandboxRun start_sandbox_run(const SandboxPlan& plan) const;
  // The command that runs `argv` in the plan's sandbox, the grader's chosen one.
  Command confined(const SandboxPlan& plan, const std::vector<std::string>& argv) const;
  std::vector<std::pair<std::string, std::string>> ccache_env() const;
  std::vector<TestResult> run_tests(const LabBuild& build, bool hidden_built);
  std::string relative_paths(std::string text) const;

  GradeOptions options_;
  Course course_;
  std::filesystem::path work_;
  bool temporary_work_ = false;
  int lock_fd_ = -1;
  bool prepared_ = false;
  std::filesystem::path ccache_;      // the ccache program the builds use, or empty
  std::filesystem::path ccache_dir_;  // its cache
  SandboxKind sandbox_ = SandboxKind::none;
  FileChanges hidden_from_sandbox_;  // the user sandbox: what its user must never read
  std::vector<std::unique_ptr<LabBuild>> builds_;
};

}  // namespace camnet::grade
