// camnet grade, camnet export-student, camnet kit: the instructor's commands (see docs/instructors.md).
//
//   camnet grade SUBMISSION [--labs 1,2] [--hidden DIR] [--format table|junit|gradescope|csv]
//                           [--out DIR]
//   camnet grade --class DIR --out DIR [--labs 1,2] [--hidden DIR]
//   camnet export-student --out DIR [--release-solutions 1,2]
//   camnet kit gradescope --out DIR [--hidden DIR] [--labs 1,2]
//   camnet kit classroom --out EDITION --labs N
//
// Grading prints its progress on standard error and the report on standard output, so
// `camnet grade s.zip --format gradescope > results.json` works.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "commands.hpp"
#include "export.hpp"
#include "grader.hpp"
#include "kits.hpp"
#include "submission.hpp"

namespace camnet::cli {
namespace {

namespace fs = std::filesystem;
using grade::GradeError;

struct GradeArgs {
  std::string submission;
  std::string class_dir;
  std::string labs;
  std::string hidden;
  std::string format = "table";
  std::string out;
  std::string work;
  std::string ccache;
  std::string course;
  int jobs = 0;
  int timeout = 10;
  bool prepare_only = false;
  bool no_sandbox = false;
  std::string sandbox = "auto";
  std::string deadline;
  bool resume = false;
  std::vector<std::string> students;  // --student: regrade these, keep the others' reports
};

void progress(const std::string& line) {
  std::fprintf(stderr, "camnet grade: %s\n", line.c_str());
  std::fflush(stderr);
}

// The options of the command line; `warn`: say what they risk (once per run).
grade::GradeOptions grade_options(const GradeArgs& a, bool warn = true) {
  grade::GradeOptions o;
  o.course_dir = a.course.empty() ? grade::built_course_dir() : fs::path(a.course);
  o.work_dir = a.work;
  o.ccache_dir = a.ccache;
  if (!a.labs.empty())
    o.labs = grade::parse_lab_list(a.labs, "--labs");
  o.hidden_dir = a.hidden;
  o.jobs = a.jobs;
  if (a.timeout <= 0 || a.timeout > 3600)
    throw GradeError(fmt::format("--timeout {}: give seconds, from 1 to 3600", a.timeout));
  o.test_timeout = std::chrono::seconds(a.timeout);
  static const std::map<std::string, grade::SandboxKind> kinds{
      {"auto", grade::SandboxKind::automatic},
      {"bubblewrap", grade::SandboxKind::bubblewrap},
      {"user", grade::SandboxKind::user},
      {"none", grade::SandboxKind::none}};
  o.sandbox = a.no_sandbox ? grade::SandboxKind::none : kinds.at(a.sandbox);
  o.deadline = a.deadline;
  if (o.sandbox == grade::SandboxKind::none && warn) {
    progress(
        "warning: no sandbox: each submission's code runs with your rights, and can read "
        "the solutions and hidden tests and change what the next one is graded with");
  }
  o.progress = progress;
  return o;
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr)
    throw GradeError(path.string() + ": cannot be written");
  std::fwrite(text.data(), 1, text.size(), f);
  if (std::fclose(f) != 0)
    throw GradeError(path.string() + ": cannot be written");
}

// Every format, into `dir`.
void write_reports(const grade::Report& report, const fs::path& dir) {
  write(dir / "report.txt", grade::format_table(report));
  write(dir / "junit.xml", grade::format_junit(report));
  write(dir / "results.json", grade::format_gradescope(report));
  write(dir / "grades.csv", grade::format_csv_header(report) + grade::format_csv_row(report));
}

std::string in_format(const grade::Report& report, const std::string& format) {
  if (format == "junit")
    return grade::format_junit(report);
  if (format == "gradescope")
    return grade::format_gradescope(report);
  if (format == "csv")
    return grade::format_csv_header(report) + grade::format_csv_row(report);
  return grade::format_table(report);
}

void grade_one(const GradeArgs& a) {
  if (!fs::exists(a.submission) && a.submission.find("://") == std::string::npos &&
      a.submission.rfind("git@", 0) != 0) {
    throw GradeError(a.submission + ": no such file or folder");
  }
  grade::Grader grader(grade_options(a));
  grade::Report report = grader.grade(grade::student_name(a.submission), a.submission);
  if (!a.out.empty())
    write_reports(report, a.out);
  std::string text = in_format(report, a.format);
  std::fwrite(text.data(), 1, text.size(), stdout);
}

// A student's line in the class run: each lab's score, the total, the time and what went wrong.
std::string class_line(const grade::Report& report) {
  std::string line = fmt::format("{:<24}", report.student);
  for (const grade::LabResult& lab : report.labs)
    line += fmt::format("  lab {} {:>3}/{:<3}", lab.number, lab.score(), lab.possible());
  line += fmt::format("  total {:>3}/{:<3}  ({:.0f} s)", report.score(), report.possible(),
                      report.seconds);
  std::string notes = grade::short_notes(report);
  return notes.empty() ? line : line + "  " + notes;
}

void grade_class(const GradeArgs& a) {
  if (a.out.empty())
    throw GradeError("--class needs --out DIR: the class CSV and a report per student go there");
  if (!fs::is_directory(a.class_dir))
    throw GradeError("--class " + a.class_dir + ": no such folder");
  fs::path out = fs::absolute(a.out).lexically_normal();
  fs::path work = a.work.empty() ? fs::path() : fs::absolute(a.work).lexically_normal();
  std::vector<fs::path> submissions;
  for (const fs::directory_entry& e : fs::directory_iterator(a.class_dir)) {
    fs::path p = fs::absolute(e.path()).lexically_normal();
    if (p == out || p == work || !grade::looks_like_submission(p))
      continue;
    submissions.push_back(p);
  }
  std::sort(submissions.begin(), submissions.end());
  if (submissions.empty()) {
    throw GradeError("--class " + a.class_dir +
                     ": no submissions in it (one folder or archive per student)");
  }
  auto start = std::chrono::steady_clock::now();
  grade::Grader grader(grade_options(a));
  if (grader.sandbox() == grade::SandboxKind::user) {
    throw GradeError(
        "--class: the user sandbox cannot hide one student's submission from another's code "
        "(it is for a container that grades one submission): grade the class where bubblewrap "
        "runs");
  }
  grader.prepare();
  // Each student's whole report is kept beside their others, under a key naming how the class is
  // graded: --resume and --student take a kept report only when it was graded the same way.
  std::string setup = fmt::format("labs={} hidden={} timeout={} deadline={} tests=", a.labs,
                                  a.hidden, a.timeout, a.deadline);
  for (const grade::TestInfo& t : grader.catalog())
    setup += fmt::format("{}/{}/{}/{};", t.lab, t.from_hidden, t.points, t.name);
  std::string setup_key = fmt::format("{:016x}", std::hash<std::string>{}(setup));
  auto key_of = [&](const fs::path& submission) { return setup_key + " " + submission.string(); };

  std::vector<std::pair<std::string, fs::path>> named;  // student -> submission
  std::map<std::string, int> seen;
  for (const fs::path& submission : submissions) {
    std::string name = grade::student_name(submission.filename().string());
    if (++seen[name] > 1)
      name += fmt::format("-{}", seen[name]);  // alice/ and alice.zip: both graded, apart
    named.emplace_back(name, submission);
  }
  for (const std::string& wanted : a.students) {
    if (std::none_of(named.begin(), named.end(), [&](const auto& n) { return n.first == wanted; }))
      throw GradeError("--student " + wanted + ": no such student in " + a.class_dir);
  }

  // Kept reports first; the others are graded below.
  std::vector<std::optional<grade::Report>> reports(named.size());
  std::vector<std::size_t> to_grade;
  for (std::size_t i = 0; i < named.size(); ++i) {
    const auto& [name, submission] = named[i];
    bool regrade = a.students.empty()
                       ? !a.resume
                       : std::find(a.students.begin(), a.students.end(), name) != a.students.end();
    if (regrade) {
      to_grade.push_back(i);
      continue;
    }
    fs::path kept = out / name / "camnet-report.json";
    if (fs::exists(kept))
      reports[i] = grade::read_saved(grade::read_file(kept), key_of(submission));
    if (reports[i]) {
      std::printf("%s  (kept from an earlier run)\n", class_line(*reports[i]).c_str());
    } else if (!a.students.empty()) {
      throw GradeError(name + ": no report of an earlier run graded the same way (the same " +
                       "labs, hidden tests, limits, deadline and tests) in " + out.string() +
                       ": grade the whole class first");
    } else {
      to_grade.push_back(i);
    }
  }
  std::fflush(stdout);

  // Students are graded in lanes, as many as --jobs allows: each lane is a grader with its own
  // work folder (the first is --work, the others under it), sharing the first one's compiler
  // cache, so that a lane's preparation compiles nothing the first one did. Each lane takes the
  // next student in the list when it is free, and runs its builds and tests with its share of the
  // jobs.
  int jobs =
      a.jobs > 0 ? a.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int lanes =
      static_cast<int>(std::min<std::size_t>(jobs, std::max<std::size_t>(to_grade.size(), 1)));
  grader.set_jobs(jobs / lanes);
  if (lanes > 1)
    progress(fmt::format("grading {} students, {} at once", to_grade.size(), lanes));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex finished;  // guards what follows, and standard output
  std::exception_ptr failure;
  auto lane = [&](grade::Grader& g) {
    while (!failed) {
      std::size_t i = next++;
      if (i >= to_grade.size())
        return;
      const auto& [name, submission] = named[to_grade[i]];
      grade::Report report = g.grade(name, submission.string());
      write_reports(report, out / name);
      // Written last, and whole (a rename): a run stopped before this grades the student again.
      fs::path kept = out / name / "camnet-report.json";
      write(kept.string() + ".new", grade::format_saved(report, key_of(submission)));
      fs::rename(kept.string() + ".new", kept);
      std::lock_guard lock(finished);
      std::printf("%s\n", class_line(report).c_str());
      std::fflush(stdout);
      reports[to_grade[i]] = std::move(report);
    }
  };
  auto guarded = [&](const std::function<void()>& step) {
    try {
      step();
    } catch (...) {
      std::lock_guard lock(finished);
      if (!failure)
        failure = std::current_exception();
      failed = true;
    }
  };
  {
    std::vector<std::jthread> others;
    for (int k = 2; k <= lanes; ++k) {
      others.emplace_back([&, k] {
        guarded([&] {
          grade::GradeOptions o = grade_options(a, false);
          o.work_dir = grader.work_dir() / "lanes" / std::to_string(k);
          o.ccache_dir = grader.ccache_dir();
          o.jobs = jobs / lanes;
          grade::Grader g(std::move(o));
          g.prepare();
          lane(g);
        });
      });
    }
    guarded([&] { lane(grader); });
  }  // (the lanes end here)
  if (failure)
    std::rethrow_exception(failure);

  std::vector<grade::Report> all;  // in the students' order, whichever lane graded them
  for (std::optional<grade::Report>& r : reports)
    all.push_back(std::move(*r));
  std::string csv = grade::format_csv_header(all.front());
  for (const grade::Report& r : all)
    csv += grade::format_csv_row(r);
  write(out / "grades.csv", csv);
  std::string summary = grade::format_class_summary(all);
  summary += fmt::format(
      "\ngraded in {:.0f} s; the class CSV is {}, a report per student in {}/<student>/\n",
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
      (out / "grades.csv").string(), out.string());
  write(out / "summary.txt", summary);
  std::printf("\n%s", summary.c_str());
}

void prepare_only(const GradeArgs& a) {
  if (a.work.empty())
    throw GradeError("--prepare needs --work DIR: the builds it makes are kept there");
  grade::Grader grader(grade_options(a));
  grader.prepare();
  std::map<int, std::pair<int, int>> per_lab;  // tests, points
  for (const grade::TestInfo& t : grader.catalog()) {
    per_lab[t.lab].first++;
    per_lab[t.lab].second += t.points;
  }
  for (const auto& [lab, counts] : per_lab)
    std::printf("lab %d: %d tests, %d points\n", lab, counts.first, counts.second);
}

void add_grade(CLI::App& app) {
  auto a = std::make_shared<GradeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "grade",
      "Grade a student's labs/ (a folder, an archive or a git repository), or a whole class, "
      "against the course's tests: per-test points, hidden tests, Gradescope, JUnit and CSV");
  CLI::Option* submission =
      cmd->add_option("SUBMISSION", a->submission,
                      "the student's labs/ tree or repository: a folder, a .zip/.tar.gz archive, "
                      "or a git repository");
  CLI::Option* klass = cmd->add_option(
      "--class", a->class_dir,
      "grade every submission in DIR (one folder or archive per student); needs --out");
  CLI::Option* prepare =
      cmd->add_flag("--prepare", a->prepare_only,
                    "only build the reference into --work, so later grading there starts warm");
  cmd->add_option("--labs", a->labs, "the labs to grade, e.g. 1,2 (default: every lab)");
  cmd->add_option("--hidden", a->hidden,
                  "the instructor's hidden tests: DIR/01-frame/*.cpp and what they read");
  CLI::Option* format =
      cmd->add_option("--format", a->format, "what to print: table, junit, gradescope or csv")
          ->check(CLI::IsMember({"table", "junit", "gradescope", "csv"}));
  cmd->add_option("--out", a->out,
                  "write every format here: report.txt, junit.xml, results.json, grades.csv");
  cmd->add_option("--work", a->work,
                  "keep the scratch builds here, so the next run only rebuilds what changed "
                  "(default: a temporary folder)");
  cmd->add_option("--ccache", a->ccache,
                  "the compiler cache, which work folders may share (default: WORK/ccache)")
      ->envname("CAMNET_GRADE_CCACHE");
  cmd->add_option("--course", a->course, "the course (default: the one camnet was built from)");
  cmd->add_option("--jobs,-j", a->jobs,
                  "compiles and tests at once; with --class, students graded at once too "
                  "(default: one per processor)");
  cmd->add_option("--timeout", a->timeout, "seconds one test may run (default: 10)");
  cmd->add_option("--deadline", a->deadline,
                  "grade git submissions at their last commit before this date and time "
                  "(\"2026-12-01 23:59\", local time, or 2026-12-01T23:59+01:00)");
  CLI::Option* resume = cmd->add_flag(
      "--resume", a->resume,
      "with --class: keep the reports of students an earlier run finished, grade the others");
  CLI::Option* student = cmd->add_option(
      "--student", a->students,
      "with --class: grade only this student again (repeat for more), keep the others' reports");
  resume->excludes(student);
  cmd->add_option("--sandbox", a->sandbox,
                  "where submissions' builds and tests run: auto (bubblewrap, or as root where "
                  "bubblewrap cannot run, the user sandbox), bubblewrap, user (as nobody) or none "
                  "(see docs/instructors.md)")
      ->check(CLI::IsMember({"auto", "bubblewrap", "user", "none"}));
  cmd->add_flag("--no-sandbox", a->no_sandbox, "the same as --sandbox none");
  klass->excludes(submission)->excludes(format)->excludes(prepare);
  resume->needs(klass);
  student->needs(klass);
  submission->excludes(prepare);
  cmd->callback([a] {
    if (a->prepare_only)
      prepare_only(*a);
    else if (!a->class_dir.empty())
      grade_class(*a);
    else if (!a->submission.empty())
      grade_one(*a);
    else
      throw GradeError("grade: give a SUBMISSION, or --class DIR (see camnet grade --help)");
  });
}

void add_export(CLI::App& app) {
  auto out = std::make_shared<std::string>();
  auto release = std::make_shared<std::string>();
  auto course = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "export-student",
      "Write the student edition: the repository without solutions/ and instructor-only files, "
      "labs/ as generated, with the solutions of --release-solutions labs included");
  cmd->add_option("--out", *out, "the folder to write it into (new, or empty)")->required();
  cmd->add_option("--release-solutions", *release,
                  "labs whose solution the edition includes, e.g. 1 (default: none)");
  cmd->add_option("--course", *course, "the course (default: the one camnet was built from)");
  cmd->callback([out, release, course] {
    grade::ExportOptions o;
    o.course_dir = course->empty() ? grade::built_course_dir() : fs::path(*course);
    o.out = *out;
    if (!release->empty())
      o.release = grade::parse_lab_list(*release, "--release-solutions");
    grade::ExportSummary s = grade::export_student_edition(o);
    std::string released;
    for (const std::string& folder : s.released)
      released += (released.empty() ? "" : ", ") + folder;
    std::printf("wrote the student edition to %s: %zu files%s\n", out->c_str(), s.files,
                released.empty() ? "" : (", with the solutions of " + released).c_str());
    std::printf(
        "next: make it a git repository students clone; its README's quick start builds "
        "it\n");
  });
}

void add_kits(CLI::App& app) {
  auto a = std::make_shared<GradeArgs>();
  CLI::App* kit = app.add_subcommand(
      "kit", "Write an integration kit: Gradescope autograders, or a GitHub Classroom workflow");
  kit->require_subcommand(1);
  auto report = [](const grade::KitSummary& s) {
    for (const grade::KitFile& f : s.written)
      std::printf("wrote %s: %s\n", f.path.c_str(), f.what.c_str());
    std::printf("next: %s\n", s.next_step.c_str());
  };

  CLI::App* gradescope = kit->add_subcommand(
      "gradescope",
      "Gradescope autograders, one per lab by default (OUT/lab1/autograder.zip, ...: one "
      "Gradescope assignment per lab), each the course with its solutions and hidden tests, "
      "setup.sh and run_autograder, zipped (see docs/instructors.md for the image and settings)");
  gradescope->add_option("--out", a->out, "the folder to write the kits into (new, or empty)")
      ->required();
  gradescope->add_option("--hidden", a->hidden,
                         "hidden tests to bundle (see camnet grade); each autograder gets its "
                         "labs' own");
  gradescope->add_option("--labs", a->labs,
                         "write one autograder, OUT/autograder.zip, grading these labs together "
                         "(e.g. 1,2: one assignment for both; default: one autograder per lab)");
  gradescope->add_option("--course", a->course, "the course repository (default: this one)");
  gradescope->callback([a, report] {
    grade::GradescopeKitOptions o;
    o.course_dir = a->course.empty() ? grade::built_course_dir() : fs::path(a->course);
    o.out = a->out;
    o.hidden = a->hidden;
    if (!a->labs.empty())
      o.labs = grade::parse_lab_list(a->labs, "--labs");
    report(grade::write_gradescope_kit(o));
  });

  CLI::App* classroom = kit->add_subcommand(
      "classroom",
      "The GitHub Classroom workflow of one assignment, written into a student edition: it "
      "builds each graded lab's tests and has a graded step per test (reads the tests by building "
      "the course once)");
  classroom->add_option("--out", a->out, "the student edition (from camnet export-student)")
      ->required();
  classroom
      ->add_option("--labs", a->labs,
                   "the labs the assignment grades: one, e.g. 2, for an assignment per lab (its "
                   "template an edition of its own, with the earlier labs' solutions released if "
                   "you like), or several, e.g. 1,2, for one assignment of them all")
      ->required();
  classroom->add_option("--work", a->work, "scratch builds, as for camnet grade");
  classroom->add_option("--course", a->course, "the course repository (default: this one)");
  classroom->callback([a, report] {
    if (!fs::is_directory(a->out))
      throw GradeError("--out " + a->out + ": no such folder (write the edition first)");
    grade::Grader grader(grade_options(*a));
    grader.prepare();
    report(grade::write_classroom_kit(a->out, grader.catalog()));
  });
}

}  // namespace

void add_grade_commands(CLI::App& app) {
  add_grade(app);
  add_export(app);
  add_kits(app);
}

}  // namespace camnet::cli
