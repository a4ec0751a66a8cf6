// The student edition and the kits: what students receive holds no solution they were not given,
// builds their code by default, and says how to start; the kits are complete.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "camnet/testing/process.hpp"
#include "course.hpp"
#include "export.hpp"
#include "kits.hpp"
#include "process.hpp"

using namespace camnet::grade;
namespace fs = std::filesystem;

namespace {

const fs::path course_dir = CAMNET_SOURCE_DIR;

fs::path fresh(const std::string& name) {
  fs::path dir = fs::path(camnet::testing::scratch_dir()) / name;
  fs::remove_all(dir);
  return dir;
}

std::string text_of(const fs::path& path) {
  return read_file(path);
}

bool is_executable(const fs::path& path) {
  return (fs::status(path).permissions() & fs::perms::owner_exec) != fs::perms::none;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// What a program prints, which must exit 0.
std::string output_of(const std::vector<std::string>& argv, const fs::path& cwd = {}) {
  RunLimits limits;
  limits.timeout = std::chrono::seconds(60);
  limits.output_cap = 16 * 1024 * 1024;
  RunResult r = run({argv, cwd, {}}, limits);
  INFO(argv.front() << ": " << r.output);
  REQUIRE(r.ending == Ending::exited);
  REQUIRE(r.exit_code == 0);
  return r.output;
}

// The packages `tools/setup.sh ARGS --list` names (it installs nothing).
std::vector<std::string> setup_packages(const fs::path& setup, const std::string& mode) {
  std::vector<std::string> argv{"bash", setup.string()};
  if (!mode.empty())
    argv.push_back(mode);
  argv.push_back("--list");
  return lines_of(output_of(argv));
}

bool has(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

TEST_CASE("the student edition has labs/ as generated and nothing only instructors use",
          "[grade]") {
  fs::path out = fresh("edition");
  ExportSummary s = export_student_edition({course_dir, out, {}});
  CHECK(s.files > 50);
  CHECK(s.released.empty());
  for (const char* gone : {"solutions", ".ci", "tools/genlabs", "tools/grade",
                           "tools/camnet/grade_command.cpp", "docs/instructors.md"}) {
    INFO(gone);
    CHECK_FALSE(fs::exists(out / gone));
  }
  CHECK(text_of(out / "labs/01-frame/frame/ethernet.cpp") ==
        text_of(course_dir / "labs/01-frame/frame/ethernet.cpp"));
  CHECK(fs::exists(out / "labs/01-frame/tests/test_ethernet.cpp"));

  std::string cmake = text_of(out / "CMakeLists.txt");
  CHECK_THAT(cmake, Catch::Contains("set(CAMNET_TRACK \"student\""));
  CHECK_THAT(cmake, !Catch::Contains("tools/genlabs"));
  std::string presets = text_of(out / "CMakePresets.json");
  CHECK_THAT(presets, Catch::Contains("\"CAMNET_TRACK\": \"student\""));
  CHECK_THAT(presets, !Catch::Contains("\"CAMNET_TRACK\": \"reference\""));
  // One name for the student's build: default.
  CHECK_THAT(presets, !Catch::Contains("\"name\": \"student\"") &&
                          !Catch::Contains("\"configurePreset\": \"student\""));
  CHECK_THAT(presets, !Catch::Contains("eference"));

  std::string setup = text_of(out / "tools/setup.sh");
  CHECK(is_executable(out / "tools/setup.sh"));
  // Lab 1 first: its tests build and run before anything else does.
  CHECK_THAT(setup, Catch::Contains("\ncmake --preset default \"${cmake_args[@]}\"\n"));
  CHECK_THAT(setup, Catch::Contains("\ncmake --build --preset default --target lab1_tests\n"));
  CHECK_THAT(setup, !Catch::Contains("\ncmake --build --preset default\n"));
  CHECK_THAT(setup, !Catch::Contains("main-job"));  // the main job runs code the student writes

  std::string readme = text_of(out / "README.md");
  CHECK_THAT(readme, Catch::Contains("## Quick start\n"));
  CHECK_THAT(readme,
             Catch::Contains("```sh\ntools/setup.sh\ncmake --workflow --preset default\n```\n"));
  CHECK_THAT(readme, Catch::Contains("| 1 | frame | [labs/01-frame](labs/01-frame/README.md) | "
                                     "`labs/01-frame/frame/` |\n"));
  CHECK_THAT(readme, !Catch::Contains("@LABS@"));
  CHECK_THAT(readme, !Catch::Contains("solution is included"));
}

// In the edition the student's code is the `default` build: no page may send a student to a
// `student` preset or build folder (a second, slow build of the same code), or to the reference.
TEST_CASE("every page of the student edition speaks of one build, default", "[grade]") {
  fs::path out = fresh("edition-pages");
  export_student_edition({course_dir, out, {}});
  int pages = 0;
  // Every page and script, less the benchmarks' notes (which report measurements of the course's
  // reference solution, and say so).
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    std::string relative = fs::relative(entry.path(), out).generic_string();
    bool page = entry.path().extension() == ".md" || entry.path().extension() == ".sh";
    if (!page || relative.rfind("tools/bench/", 0) == 0)
      continue;
    ++pages;
    std::string text = text_of(entry.path());
    INFO(relative);
    CHECK_THAT(text, !Catch::Contains("--preset student") && !Catch::Contains("build/student") &&
                         !Catch::Contains("reference build") &&
                         !Catch::Contains("reference track"));
  }
  CHECK(pages > 10);
}

TEST_CASE("a released lab's solution is in the edition, in place of its TODOs", "[grade]") {
  fs::path out = fresh("edition-released");
  ExportSummary s = export_student_edition({course_dir, out, {1}});
  CHECK(s.released == std::vector<std::string>{"01-frame"});
  Course course = open_course(course_dir);
  const CourseLab& lab1 = *course.lab(1);
  for (const fs::path& file : lab1.solution_files) {
    INFO(file);
    CHECK(text_of(out / "labs/01-frame" / file) ==
          text_of(course_dir / "solutions/01-frame" / file));
  }
  CHECK(text_of(out / "labs/02-address/address/checksum.cpp") ==
        text_of(course_dir / "labs/02-address/address/checksum.cpp"));
  CHECK_THAT(text_of(out / "README.md"),
             Catch::Contains("`labs/01-frame/frame/`: the solution is included |\n") &&
                 Catch::Contains("the solution of lab 1"));
}

TEST_CASE("the export refuses a folder that is not new, and a lab the course does not have",
          "[grade]") {
  fs::path out = fresh("edition-taken");
  fs::create_directories(out);
  std::ofstream(out / "something") << "x";
  CHECK_THROWS_WITH(export_student_edition({course_dir, out, {}}),
                    "--out " + out.string() +
                        ": exists and is not an empty folder (the edition "
                        "goes into a new one)");
  CHECK_THROWS_WITH(export_student_edition({course_dir, fresh("edition-9"), {9}}),
                    "--release-solutions: the course has no lab 9");
  CHECK_THROWS_WITH(export_student_edition({fresh("edition-src"), fresh("edition-x"), {}}),
                    Catch::Contains("not a camnet course"));
}

// A grading machine (Gradescope's image, the Classroom runner) installs what the labs' tests and
// camnet grade need, and nothing for the firmware: no cross compiler, no QEMU.
TEST_CASE("setup --grading installs only what grading needs, and the full setup more", "[grade]") {
  std::vector<std::string> grading = setup_packages(course_dir / "tools/setup.sh", "--grading");
  for (const char* needed :
       {"build-essential", "cmake", "ninja-build", "catch2", "libfmt-dev", "libpcap-dev",
        "libcli11-dev", "nlohmann-json3-dev", "bubblewrap", "ccache", "git", "unzip"}) {
    INFO(needed);
    CHECK(has(grading, needed));
  }
  for (const char* not_needed :
       {"gcc-arm-none-eabi", "libnewlib-arm-none-eabi", "libstdc++-arm-none-eabi-newlib",
        "qemu-system-arm", "libslirp-dev", "clang", "dpdk-dev"}) {
    INFO(not_needed);
    CHECK_FALSE(has(grading, not_needed));
  }
  std::vector<std::string> full = setup_packages(course_dir / "tools/setup.sh", "");
  for (const std::string& p : grading) {
    INFO(p);
    CHECK(has(full, p));  // one list: what grading needs is part of the full setup's
  }
  CHECK(has(full, "gcc-arm-none-eabi"));
  CHECK(has(full, "qemu-system-arm"));
  CHECK(has(setup_packages(course_dir / "tools/setup.sh", "--ci"), "clang-format"));

  // The student edition's setup has the same mode: the Classroom workflow's first step.
  fs::path edition = fresh("edition-grading");
  export_student_edition({course_dir, edition, {}});
  CHECK(setup_packages(edition / "tools/setup.sh", "--grading") == grading);

  RunLimits limits;
  RunResult bad = run(
      {{"bash", (course_dir / "tools/setup.sh").string(), "--ci", "--grading"}, {}, {}}, limits);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Catch::Contains("--ci and --grading do not go together"));
}

TEST_CASE(
    "the Gradescope kit puts setup.sh and run_autograder at the top, beside the course and "
    "the hidden tests",
    "[grade]") {
  fs::path out = fresh("gradescope");
  GradescopeKitOptions o;
  o.course_dir = course_dir;
  o.out = out;
  o.hidden = course_dir / "tools/grade/example-hidden";
  o.labs = {1, 2};
  KitSummary s = write_gradescope_kit(o);
  fs::path bundle = out / "autograder";
  CHECK(is_executable(bundle / "setup.sh"));
  CHECK(is_executable(bundle / "run_autograder"));
  CHECK_THAT(text_of(bundle / "setup.sh"),
             Catch::Contains("camnet grade --prepare --work /autograder/work --hidden hidden "
                             "--labs 1,2\n"));
  CHECK_THAT(text_of(bundle / "run_autograder"),
             Catch::Contains("camnet grade /autograder/submission --work /autograder/work \\\n"
                             "     --out /autograder/results --hidden hidden --labs 1,2; then"));
  CHECK(fs::exists(bundle / "solutions/01-frame/frame/ethernet.cpp"));
  CHECK(fs::exists(bundle / "hidden/01-frame/test_hidden_frame.cpp"));
  CHECK(fs::exists(bundle / "tools/setup.sh"));
  CHECK_FALSE(fs::exists(bundle / "build"));
  CHECK_FALSE(s.next_step.empty());
}

TEST_CASE("the Classroom workflow has a graded step per test, with its points, that runs only it",
          "[grade]") {
  std::vector<TestInfo> tests{
      {"a frame's \"type\" (EtherType) is read", 1, 2, Visibility::visible, false},
      {"it's [1+1] *bytes*", 2, 3, Visibility::after_due_date, false},
      {"a hidden test", 2, 5, Visibility::hidden, true}};
  std::string yaml = classroom_workflow(tests);
  CHECK_THAT(yaml, Catch::Contains("        run: tools/setup.sh\n"));
  CHECK_THAT(yaml,
             Catch::Contains("      - name: \"lab1/a frame's \\\"type\\\" (EtherType) is read\"\n"
                             "        id: lab1_t001\n"
                             "        uses: classroom-resources/autograding-command-grader@v1\n"));
  CHECK_THAT(yaml,
             Catch::Contains("          command: \"ctest --test-dir build/default --no-tests=error "
                             "--output-on-failure -R '^lab1/a frame'\\\\''s \\\"type\\\" "
                             "\\\\(EtherType\\\\) is read$'\"\n"
                             "          timeout: 1\n"
                             "          max-score: 2\n"));
  CHECK_THAT(yaml, Catch::Contains("-R '^lab2/it'\\\\''s \\\\[1\\\\+1\\\\] \\\\*bytes\\\\*$'\""));
  CHECK_THAT(yaml, !Catch::Contains("a hidden test"));
  CHECK_THAT(yaml, Catch::Contains(
                       "          LAB1_T001_RESULTS: \"${{steps.lab1_t001.outputs.result}}\"\n"));
  CHECK_THAT(yaml, Catch::EndsWith("          runners: lab1_t001,lab2_t002\n"));
}
