// End to end: an instructor grades a class of ten fixture submissions with one command, and each
// fault costs only what it must. The first test (tagged [setup], run by CTest before the others)
// makes the class and grades it; the others read what the grading wrote.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "camnet/testing/process.hpp"
#include "camnet/testing/skip.hpp"
#include "course.hpp"
#include "fixtures.hpp"
#include "process.hpp"
#include "readers.hpp"
#include "sandbox.hpp"

using namespace camnet::grade;
using namespace camnet::grade::testing;
namespace fs = std::filesystem;

namespace {

const fs::path e2e = CAMNET_GRADE_E2E_DIR;
const fs::path out = e2e / "out";
const std::vector<std::string> students{"all-correct",           "cheat-forges-success",
                                        "cheat-links-solution",  "cheat-reads-and-writes",
                                        "lab1-prints-forever",   "lab1-segfault",
                                        "lab2-does-not-compile", "lab2-loops-forever",
                                        "lab2-missing",          "untouched-starter"};

// Where the cheat-reads-and-writes fixture tries to write (fixtures.cpp): none may exist after.
std::vector<fs::path> cheat_marks() {
  return {fs::path(CAMNET_SOURCE_DIR) / "CHEAT-WAS-HERE", e2e / "work" / "build" / "CHEAT-WAS-HERE",
          "/tmp/camnet-CHEAT-WAS-HERE"};
}

std::string text_of(const fs::path& path) {
  INFO("reading " << path.string());
  REQUIRE(fs::exists(path));
  return read_file(path);
}

// The class CSV: student -> column -> value.
std::map<std::string, std::map<std::string, std::string>> class_csv() {
  std::istringstream in(text_of(out / "grades.csv"));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream h(line);
  for (std::string cell; std::getline(h, cell, ',');)
    header.push_back(cell);
  std::map<std::string, std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += c;
      }
    }
    cells.push_back(cell);
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i)
      rows[cells[0]][header[i]] = cells[i];
  }
  return rows;
}

int number(const std::string& student, const std::string& column) {
  static const auto rows = class_csv();
  INFO(student << " " << column);
  REQUIRE(rows.count(student) == 1);
  REQUIRE(rows.at(student).count(column) == 1);
  return std::stoi(rows.at(student).at(column));
}

Json results(const std::string& student) {
  return parse_json(text_of(out / student / "results.json"));
}

// The lab's tests in a student's results.json.
std::vector<Json> lab_tests(const std::string& student, int lab) {
  std::vector<Json> tests;
  Json r = results(student);
  for (const Json& t : r["tests"].array) {
    if (t["name"].string.rfind("lab" + std::to_string(lab) + "/", 0) == 0)
      tests.push_back(t);
  }
  return tests;
}

// The course's labs (1, 2, 3...): the folders NN-name of solutions/. Every one is graded.
std::vector<int> course_labs() {
  std::vector<int> labs;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(fs::path(CAMNET_SOURCE_DIR) / "solutions")) {
    std::string name = entry.path().filename().string();
    if (entry.is_directory() && name.size() > 3 &&
        std::isdigit(static_cast<unsigned char>(name[0])) &&
        std::isdigit(static_cast<unsigned char>(name[1])) && name[2] == '-')
      labs.push_back(std::stoi(name.substr(0, 2)));
  }
  std::sort(labs.begin(), labs.end());
  return labs;
}

}  // namespace

TEST_CASE("a class of ten fixture submissions is graded in one command", "[.][setup]") {
  fs::remove_all(e2e / "class");
  fs::remove_all(out);
  for (const fs::path& mark : cheat_marks())
    fs::remove(mark);
  // The grader builds and tests every submission in bubblewrap's sandbox (tools/setup.sh
  // installs it); without one it refuses to grade.
  if (std::string why = sandbox_unavailable(); !why.empty())
    camnet::testing::skip_test(why);
  fs::create_directories(e2e);
  for (const Fixture& f : make_fixture_class(CAMNET_SOURCE_DIR, e2e / "class"))
    std::printf("fixture %s: %s\n", f.student.c_str(), f.fault.c_str());
  // The work folder stays between runs: a second run only rebuilds what the fixtures change.
  RunLimits limits;
  limits.timeout = std::chrono::seconds(1400);  // each of the three runs below
  limits.output_cap = 16 * 1024 * 1024;
  auto grade_class = [&](const std::vector<std::string>& more, const char* log) {
    std::vector<std::string> args{
        CAMNET_EXE,  "grade",
        "--class",   (e2e / "class").string(),
        "--out",     out.string(),
        "--work",    (e2e / "work").string(),
        "--hidden",  std::string(CAMNET_SOURCE_DIR) + "/tools/grade/example-hidden",
        "--timeout", "5"};
    args.insert(args.end(), more.begin(), more.end());
    RunResult r = run({args, {}, {}}, limits);
    std::ofstream(e2e / log) << r.output;
    std::printf("%s", r.output.c_str());
    REQUIRE(r.ending == Ending::exited);
    REQUIRE(r.exit_code == 0);
  };
  // Two students at once (two lanes, a job each), as on a 2-core machine by default.
  grade_class({"--jobs", "2"}, "class-run.txt");
  // As if the run had stopped before its last student: --resume grades only that one.
  fs::remove(out / "untouched-starter" / "camnet-report.json");
  grade_class({"--resume"}, "resume-run.txt");
  // One student graded again, alone; the others' reports are kept.
  grade_class({"--student", "lab2-missing"}, "student-run.txt");

  // One submission, one lab, its Gradescope JSON on standard output (progress on standard error).
  auto one = camnet::testing::run_command(
      std::string(CAMNET_EXE) + " grade " + (e2e / "class" / "all-correct").string() +
      " --labs 1 --format gradescope --work " + (e2e / "work").string() + " --hidden " +
      CAMNET_SOURCE_DIR + "/tools/grade/example-hidden");
  std::ofstream(e2e / "one.json") << one.out;
  std::ofstream(e2e / "one.err") << one.err;
  INFO(one.err);
  REQUIRE(one.status == 0);
}

TEST_CASE(
    "every student gets a CSV row, a table, results.json and JUnit XML, and the run a "
    "summary",
    "[grade]") {
  for (const std::string& s : students) {
    INFO(s);
    int possible = 0;
    int total = 0;
    for (int lab : course_labs()) {
      possible += number(s, fmt::format("lab{}_possible", lab));
      total += number(s, fmt::format("lab{}", lab));
    }
    CHECK(number(s, "possible") == possible);
    CHECK(number(s, "total") == total);
    for (const char* file : {"report.txt", "results.json", "junit.xml", "grades.csv"})
      CHECK(fs::is_regular_file(out / s / file));
  }
  std::string run = text_of(e2e / "class-run.txt");
  for (const std::string& s : students)
    CHECK_THAT(run, Catch::Contains("\n" + s + " "));
  std::string summary = text_of(out / "summary.txt");
  CHECK_THAT(summary, Catch::StartsWith("class summary: 10 submissions\n"));
  CHECK_THAT(summary,
             Catch::Contains("\nlab 1 (01-frame), ") && Catch::Contains("\nlab 2 (02-address), "));
  CHECK_THAT(summary, Catch::Contains("  90-100% |"));
  CHECK_THAT(run, Catch::Contains(summary.substr(0, 200)));
}

TEST_CASE("with --jobs 2 two students are graded at once, and the CSV lists every student in order",
          "[grade]") {
  CHECK_THAT(text_of(e2e / "class-run.txt"), Catch::Contains("grading 10 students, 2 at once"));
  std::istringstream csv(text_of(out / "grades.csv"));
  std::string line;
  std::getline(csv, line);  // the header
  std::vector<std::string> listed;
  while (std::getline(csv, line))
    listed.push_back(line.substr(0, line.find(',')));
  std::vector<std::string> sorted = students;
  std::sort(sorted.begin(), sorted.end());
  CHECK(listed == sorted);
}

TEST_CASE(
    "the solved submission scores every point, hidden tests included, and its edited test "
    "file changes nothing",
    "[grade]") {
  CHECK(number("all-correct", "total") == number("all-correct", "possible"));
  CHECK(number("all-correct", "lab1_possible") > 0);
  CHECK(number("all-correct", "lab2_possible") > 0);
  Json r = results("all-correct");
  for (const Json& t : r["tests"].array) {
    INFO(t["name"].string);
    CHECK(t["status"].string == "passed");
  }
  // Every submission is graded out of the same points.
  for (const std::string& s : students)
    CHECK(number(s, "possible") == number("all-correct", "possible"));
}

// The convention behind every point: a graded test must need the student's code. One that passes on
// the untouched starter gives points for nothing; this names it.
TEST_CASE("the untouched starter scores 0: every graded test fails on a TODO", "[grade]") {
  for (int lab : course_labs()) {
    INFO("lab " << lab);
    CHECK(number("untouched-starter", fmt::format("lab{}_possible", lab)) > 0);
    for (const Json& t : lab_tests("untouched-starter", lab)) {
      INFO(t["name"].string << ": " << t["output"].string);
      CHECK(t["status"].string == "failed");
      CHECK_THAT(t["output"].string, Catch::Contains("TODO(lab"));
    }
  }
  CHECK(number("untouched-starter", "total") == 0);
}

TEST_CASE("a submission without lab 2 scores zero there and full marks in lab 1", "[grade]") {
  CHECK(number("lab2-missing", "lab1") == number("lab2-missing", "lab1_possible"));
  CHECK(number("lab2-missing", "lab2") == 0);
  for (const Json& t : lab_tests("lab2-missing", 2))
    CHECK_THAT(t["output"].string, Catch::Contains("the submission has no code for lab 2"));
  CHECK_THAT(text_of(out / "lab2-missing" / "report.txt"),
             Catch::Contains("lab 2 (02-address): not submitted: 0/"));
}

TEST_CASE(
    "a function that segfaults costs the tests that call it, reported as crashed with "
    "SIGSEGV, and nothing in lab 2",
    "[grade]") {
  CHECK(number("lab1-segfault", "lab2") == number("lab1-segfault", "lab2_possible"));
  CHECK(number("lab1-segfault", "lab1") > 0);
  CHECK(number("lab1-segfault", "lab1") < number("lab1-segfault", "lab1_possible"));
  CHECK_THAT(text_of(out / "lab1-segfault" / "report.txt"),
             Catch::Contains("crashed: SIGSEGV (segmentation fault"));
  XmlElement junit = parse_xml(text_of(out / "lab1-segfault" / "junit.xml"));
  int crashed = 0;
  for (const XmlElement* suite : junit.all("testsuite")) {
    for (const XmlElement* test : suite->all("testcase")) {
      for (const XmlElement* error : test->all("error"))
        crashed += error->attribute("type") == "crashed";
    }
  }
  CHECK(crashed > 0);
}

TEST_CASE(
    "a function that never returns costs the tests that call it, each stopped at the time "
    "limit, and nothing in lab 1",
    "[grade]") {
  CHECK(number("lab2-loops-forever", "lab1") == number("lab2-loops-forever", "lab1_possible"));
  CHECK(number("lab2-loops-forever", "lab2") > 0);
  CHECK(number("lab2-loops-forever", "lab2") < number("lab2-loops-forever", "lab2_possible"));
  CHECK_THAT(
      text_of(out / "lab2-loops-forever" / "report.txt"),
      Catch::Contains("timed out") && Catch::Contains("ran past the 5 s limit and was stopped"));
}

TEST_CASE(
    "a function that prints without end costs the tests that call it, each stopped at the "
    "output cap, and nothing in lab 2",
    "[grade]") {
  CHECK(number("lab1-prints-forever", "lab2") == number("lab1-prints-forever", "lab2_possible"));
  CHECK(number("lab1-prints-forever", "lab1") > 0);
  CHECK(number("lab1-prints-forever", "lab1") < number("lab1-prints-forever", "lab1_possible"));
  CHECK_THAT(text_of(out / "lab1-prints-forever" / "report.txt"),
             Catch::Contains("output limit") && Catch::Contains("printed over 64 KiB"));
}

TEST_CASE(
    "a lab that does not compile scores zero with the compiler's first errors, and the other "
    "lab scores in full",
    "[grade]") {
  CHECK(number("lab2-does-not-compile", "lab1") ==
        number("lab2-does-not-compile", "lab1_possible"));
  CHECK(number("lab2-does-not-compile", "lab2") == 0);
  std::string report = text_of(out / "lab2-does-not-compile" / "report.txt");
  CHECK_THAT(report, Catch::Contains("lab 2 (02-address): did not build: 0/"));
  CHECK_THAT(report,
             Catch::Contains("labs/02-address/address/checksum.cpp:") && Catch::Contains("error:"));
  CHECK_THAT(
      results("lab2-does-not-compile")["output"].string,
      Catch::Contains("lab 2 (02-address): did not build") && Catch::Contains("checksum.cpp"));
}

TEST_CASE("every results.json has the fields Gradescope reads, and a total that adds up",
          "[grade]") {
  std::set<std::string> visibilities{"visible", "hidden", "after_due_date", "after_published"};
  for (const std::string& s : students) {
    INFO(s);
    Json r = results(s);
    double sum = 0;
    for (const Json& t : r["tests"].array) {
      CHECK(t["name"].type == Json::Type::string);
      CHECK(t["number"].type == Json::Type::string);
      CHECK(t["output"].type == Json::Type::string);
      CHECK(visibilities.count(t["visibility"].string) == 1);
      CHECK(t["score"].number <= t["max_score"].number);
      sum += t["score"].number;
    }
    CHECK(sum == r["score"].number);
    CHECK(r["score"].number == number(s, "total"));
  }
}

TEST_CASE("every JUnit XML parses, with a suite per lab", "[grade]") {
  for (const std::string& s : students) {
    INFO(s);
    XmlElement root = parse_xml(text_of(out / s / "junit.xml"));
    CHECK(root.name == "testsuites");
    CHECK(root.all("testsuite").size() == course_labs().size());
  }
}

TEST_CASE("the hidden tests are graded with the visibility their tags declare", "[grade]") {
  std::map<std::string, std::string> hidden;
  Json all = results("all-correct");
  for (const Json& t : all["tests"].array) {
    if (t["name"].string.find("/hidden/") != std::string::npos)
      hidden[t["name"].string] = t["visibility"].string;
  }
  CHECK(hidden.size() == 5);
  CHECK(hidden["lab1/hidden/the CRC-32 of each text in the instructor's list is the value zlib "
               "gives"] == "hidden");
  CHECK(hidden["lab1/hidden/a MAC address with a one-digit pair or an underscore is not a MAC "
               "address"] == "after_due_date");
  CHECK(hidden["lab1/hidden/no frame of the course's two-hosts.pcap comes from a group address"] ==
        "after_published");
  CHECK(hidden["lab2/hidden/an odd number of bytes is summed as if a zero byte followed"] ==
        "hidden");
  // Where lab 2 did not build, its hidden tests did not either; lab 1's still ran.
  Json broken = results("lab2-does-not-compile");
  for (const Json& t : broken["tests"].array) {
    if (t["name"].string.rfind("lab1/hidden/", 0) == 0)
      CHECK(t["status"].string == "passed");
  }
}

TEST_CASE("grading one submission prints its Gradescope JSON alone on standard output", "[grade]") {
  Json one = parse_json(text_of(e2e / "one.json"));
  double possible = 0;
  for (const Json& t : one["tests"].array) {
    CHECK_THAT(t["name"].string, Catch::StartsWith("lab1/"));
    possible += t["max_score"].number;
  }
  CHECK(one["score"].number == possible);
  CHECK(one["score"].number == number("all-correct", "lab1_possible"));
  CHECK_THAT(text_of(e2e / "one.err"), Catch::Contains("camnet grade: all-correct: lab 1:"));
}

TEST_CASE("printing Catch2's success line and exiting before the tests earns nothing", "[grade]") {
  CHECK(number("cheat-forges-success", "lab1_possible") > 0);
  CHECK(number("cheat-forges-success", "total") == 0);
  std::vector<Json> tests = lab_tests("cheat-forges-success", 1);
  REQUIRE_FALSE(tests.empty());
  for (const Json& t : tests) {
    INFO(t["name"].string << ": " << t["output"].string);
    CHECK(t["status"].string == "failed");
    CHECK_THAT(t["output"].string,
               Catch::Contains("All tests passed (1 assertion in 1 test case)") &&
                   Catch::Contains("the test program ended before its test did"));
  }
}

TEST_CASE("a lab folder that links to the course's solution is refused, and the lab scores 0",
          "[grade]") {
  CHECK(number("cheat-links-solution", "lab1_possible") > 0);
  CHECK(number("cheat-links-solution", "total") == 0);
  CHECK_THAT(text_of(out / "cheat-links-solution" / "report.txt"),
             Catch::Contains("frame is a symbolic link: refused"));
}

TEST_CASE(
    "code that reads the solutions and hidden tests and writes outside its folder scores 0, "
    "shows nothing it read, and changes nothing for the students graded after it",
    "[grade]") {
  CHECK(number("cheat-reads-and-writes", "total") == 0);
  for (const std::string& s : students) {
    INFO(s);
    CHECK_THAT(text_of(out / s / "results.json"), !Catch::Contains("LEAKED"));
  }
  for (const fs::path& mark : cheat_marks()) {
    INFO(mark.string());
    CHECK_FALSE(fs::exists(mark));
  }
  // The scratch course's file it wrote over is the course's own still...
  const char* main = "common/camnet/testing/test_main.cpp";
  CHECK(read_file(e2e / "work" / "src" / main) == read_file(fs::path(CAMNET_SOURCE_DIR) / main));
  // ...and the students graded after it (in the order of their names) scored as they should.
  CHECK(number("lab1-segfault", "lab2") == number("lab1-segfault", "lab2_possible"));
  CHECK(number("lab2-missing", "lab1") == number("lab2-missing", "lab1_possible"));
}

TEST_CASE(
    "a class run stopped part way resumes with the students it had not finished, and one "
    "student can be graded again alone",
    "[grade]") {
  auto lines = [](const std::string& log) {
    std::map<std::string, std::string> by_student;
    std::istringstream in(text_of(e2e / log));
    for (std::string line; std::getline(in, line);) {
      std::string first = line.substr(0, line.find(' '));
      if (std::find(students.begin(), students.end(), first) != students.end())
        by_student[first] = line;
    }
    return by_student;
  };
  std::map<std::string, std::string> resumed = lines("resume-run.txt");
  std::map<std::string, std::string> again = lines("student-run.txt");
  for (const std::string& s : students) {
    INFO(s);
    REQUIRE(resumed.count(s) == 1);
    REQUIRE(again.count(s) == 1);
    bool kept = resumed[s].find("(kept from an earlier run)") != std::string::npos;
    CHECK(kept == (s != "untouched-starter"));
    kept = again[s].find("(kept from an earlier run)") != std::string::npos;
    CHECK(kept == (s != "lab2-missing"));
  }
  // The class CSV and summary still cover everyone, with the same scores.
  CHECK_THAT(text_of(out / "summary.txt"), Catch::StartsWith("class summary: 10 submissions\n"));
  CHECK(number("untouched-starter", "total") == 0);
  CHECK(number("lab2-missing", "lab1") == number("lab2-missing", "lab1_possible"));
}
