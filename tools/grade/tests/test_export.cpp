// The student edition and the kits: what students receive holds no solution they were not given,
// builds their code by default, and says how to start; the kits are complete.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "camnet/testing/catch.hpp"

#include "camnet/testing/process.hpp"
#include "camnet/testing/skip.hpp"
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

// Every path in a zip, as unzip lists them; empty when unzip is missing.
std::vector<std::string> zip_entries(const fs::path& zip) {
  if (find_program("unzip").empty())
    return {};
  return lines_of(output_of({"unzip", "-Z1", zip.string()}));
}

int course_lab_count() {
  return static_cast<int>(open_course(course_dir).labs.size());
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

// The lines of the guide's ```sh block whose info string starts with `info`.
std::vector<std::string> guide_block(const std::string& info) {
  std::vector<std::string> lines = lines_of(read_file(course_dir / "docs/instructors.md"));
  auto start = std::find_if(lines.begin(), lines.end(), [&](const std::string& line) {
    return line.rfind("```" + info, 0) == 0;
  });
  REQUIRE(start != lines.end());
  auto end = std::find(start + 1, lines.end(), "```");
  return {start + 1, end};
}

TEST_CASE(
    "the guide's commands take a released solution into a student's clone that changed "
    "lab 1, without a conflict",
    "[grade]") {
  if (find_program("git").empty())
    camnet::testing::skip_test("git is not installed");
  fs::path top = fresh("release");
  auto git = [&](const fs::path& repo, std::vector<std::string> args) {
    args.insert(args.begin(), {"git", "-C", repo.string(), "-c", "user.name=t", "-c",
                               "user.email=t@example.org"});
    return output_of(args);
  };
  // The published edition, and a student's clone of it with work in lab 1 and lab 2 (part of it
  // committed, part not).
  fs::path published = top / "published";
  export_student_edition({course_dir, published, {}});
  git(published, {"init", "-q", "-b", "main"});
  git(published, {"add", "-A"});
  git(published, {"commit", "-qm", "camnet, student edition"});
  fs::path clone = top / "clone";
  output_of({"git", "clone", "-q", published.string(), clone.string()});
  const fs::path ethernet = "labs/01-frame/frame/ethernet.cpp";
  std::ofstream(clone / ethernet, std::ios::app) << "// my own helper, and my own bug\n";
  git(clone, {"commit", "-qam", "lab 1, nearly"});
  std::ofstream(clone / ethernet, std::ios::app) << "// not committed yet\n";
  const fs::path lab2 = "labs/02-address/address/ipv4_address.cpp";
  std::ofstream(clone / lab2, std::ios::app) << "// lab 2 begun\n";

  // The instructor's release, as the guide makes it.
  fs::path week5 = top / "week5";
  export_student_edition({course_dir, week5, {1}});
  git(published, {"--work-tree=" + week5.string(), "add", "-A"});
  git(published, {"commit", "-qm", "The solution of lab 1"});

  // The student's lines, as written, in the clone.
  for (const std::string& line : guide_block("sh norun: run by students")) {
    INFO(line);
    RunLimits limits;
    limits.timeout = std::chrono::seconds(60);
    RunResult r = run({{"bash", "-c", line},
                       clone,
                       {{"GIT_AUTHOR_NAME", "s"},
                        {"GIT_AUTHOR_EMAIL", "s@example.org"},
                        {"GIT_COMMITTER_NAME", "s"},
                        {"GIT_COMMITTER_EMAIL", "s@example.org"}}},
                      limits);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
  }
  CHECK(read_file(clone / ethernet) == read_file(week5 / ethernet));  // lab 1 is the solution
  CHECK_THAT(read_file(clone / lab2), Catch::EndsWith("// lab 2 begun\n"));  // lab 2 is theirs
  CHECK(read_file(clone / "README.md") == read_file(week5 / "README.md"));
  CHECK(git(clone, {"status", "--porcelain"}).empty());
  // Their own lab 1, the uncommitted line too, is in their history.
  CHECK_THAT(git(clone, {"log", "-p", "--all", "--", ethernet.string()}),
             Catch::Contains("+// not committed yet"));
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

TEST_CASE("the Gradescope kit writes one autograder per lab by default, each grading its lab",
          "[grade]") {
  fs::path out = fresh("gradescope-per-lab");
  GradescopeKitOptions o;
  o.course_dir = course_dir;
  o.out = out;
  o.hidden = course_dir / "tools/grade/example-hidden";
  KitSummary s = write_gradescope_kit(o);
  Course course = open_course(course_dir);
  REQUIRE(s.written.size() == course.labs.size());
  bool zipped = !find_program("zip").empty();
  for (const CourseLab& lab : course.labs) {
    INFO("lab " << lab.number);
    fs::path folder = out / fmt::format("lab{}", lab.number);
    const KitFile& file = s.written[static_cast<std::size_t>(lab.number - 1)];
    CHECK(file.path == (zipped ? folder / "autograder.zip" : folder / "autograder"));
    CHECK_THAT(file.what, Catch::StartsWith(fmt::format(
                              "the autograder of the Gradescope assignment for lab {} ({})",
                              lab.number, lab.name)));
    fs::path bundle = folder / "autograder";
    std::string setup = text_of(bundle / "setup.sh");
    std::string runner = text_of(bundle / "run_autograder");
    // Each grades its own lab, and only that one (the hidden tests given only where the lab has
    // some: the example has lab 1's and lab 2's).
    bool hidden = fs::exists(course_dir / "tools/grade/example-hidden" / lab.folder);
    std::string options =
        (hidden ? " --hidden hidden" : "") + fmt::format(" --labs {}\n", lab.number);
    CHECK_THAT(
        setup,
        Catch::Contains("camnet grade --prepare --work \"$root/work\" --jobs \"$jobs\"" + options));
    CHECK_THAT(runner, Catch::Contains("--out \"$root/results\" --jobs \"$(grading_jobs)\"" +
                                       options.substr(0, options.size() - 1) + "; then\n"));
    CHECK(fs::exists(bundle / "hidden" / lab.folder) == hidden);
    for (const CourseLab& other : course.labs) {
      if (other.number != lab.number)
        CHECK_FALSE(fs::exists(bundle / "hidden" / other.folder));  // another lab's hidden tests
    }
    CHECK(fs::exists(bundle / "solutions" / lab.folder));  // every lab's reference: the others'
    CHECK(fs::exists(bundle / "solutions/01-frame"));      // are built in with the student's lab
  }
  CHECK_THAT(s.next_step, Catch::Contains("one Gradescope programming assignment per lab") &&
                              Catch::Contains("Ubuntu 24.04"));
}

// setup.sh builds the grader and the grading build, nothing else; the course with its solutions and
// the hidden tests are in the zip once each, at the places the sandbox never shows.
TEST_CASE(
    "a Gradescope autograder installs and builds only what grading needs, and holds each "
    "solution and hidden test once",
    "[grade]") {
  fs::path out = fresh("gradescope");
  GradescopeKitOptions o;
  o.course_dir = course_dir;
  o.out = out;
  o.hidden = course_dir / "tools/grade/example-hidden";
  o.labs = {1, 2};
  KitSummary s = write_gradescope_kit(o);
  REQUIRE(s.written.size() == 1);
  CHECK_THAT(s.written.front().what,
             Catch::StartsWith("the autograder of the Gradescope assignment for lab 1 (frame), "
                               "lab 2 (address)"));
  fs::path bundle = out / "autograder";
  CHECK(is_executable(bundle / "setup.sh"));
  CHECK(is_executable(bundle / "run_autograder"));
  std::string setup = text_of(bundle / "setup.sh");
  std::string runner = text_of(bundle / "run_autograder");
  CHECK_THAT(setup, Catch::Contains("\nbash tools/setup.sh --grading\n"));
  CHECK_THAT(setup, Catch::Contains("\ncmake --build build/grader --target camnet "));
  CHECK_THAT(setup, Catch::Contains("-DCAMNET_TRACK=student"));  // no solution in the grader
  CHECK_THAT(setup,
             Catch::Contains("\nbuild/grader/tools/camnet/camnet grade --prepare --work "
                             "\"$root/work\" --jobs \"$jobs\" --hidden hidden --labs 1,2\n"));
  CHECK_THAT(runner,
             Catch::Contains("build/grader/tools/camnet/camnet grade \"$root/submission\" --work "
                             "\"$root/work\" \\\n     --out \"$root/results\" --jobs "
                             "\"$(grading_jobs)\" --hidden hidden --labs 1,2; then\n"));
  for (const std::string& script : {setup, runner}) {
    CHECK_THAT(script, Catch::Contains("root=\"${CAMNET_AUTOGRADER_ROOT:-/autograder}\"\n"));
    CHECK_THAT(script, Catch::Contains("grading_jobs() {\n"));
    CHECK_THAT(script, !Catch::Contains("@"));  // every placeholder filled
    // No course build, no main job, no firmware.
    CHECK_THAT(script, !Catch::Contains("--preset") && !Catch::Contains("build/default") &&
                           !Catch::Contains("camnet demo") && !Catch::Contains("qemu") &&
                           !Catch::Contains("main-job") && !Catch::Contains("tools/setup.sh\n"));
  }
  CHECK(fs::exists(bundle / "solutions/01-frame/frame/ethernet.cpp"));
  CHECK(fs::exists(bundle / "hidden/01-frame/test_hidden_frame.cpp"));
  CHECK(fs::exists(bundle / "tools/setup.sh"));
  CHECK_FALSE(fs::exists(bundle / "build"));
  // The hidden tests given from inside the course are in hidden/ only.
  CHECK_FALSE(fs::exists(bundle / "tools/grade/example-hidden"));

  std::vector<std::string> entries = zip_entries(out / "autograder.zip");
  if (entries.empty()) {
    WARN("zip or unzip is not installed: the zip's contents are not checked");
    return;
  }
  CHECK(has(entries, "setup.sh"));
  CHECK(has(entries, "run_autograder"));
  CHECK(has(entries, "solutions/01-frame/frame/ethernet.cpp"));
  int hidden_copies = 0;
  for (const std::string& e : entries) {
    INFO(e);
    CHECK(e.rfind("build/", 0) != 0);
    CHECK(e.rfind(".git/", 0) != 0);
    CHECK(e.find("autograder.zip") == std::string::npos);  // no kit inside the kit
    CHECK(e.rfind("autograder/", 0) != 0);
    if (fs::path(e).filename() == "test_hidden_frame.cpp")
      ++hidden_copies;
  }
  CHECK(hidden_copies == 1);
}

// An instructor who runs `camnet kit gradescope --out kits` from the top of the course: the second
// lab's autograder must not hold the first's, nor the hidden tests twice.
TEST_CASE("a Gradescope kit written inside the course does not bundle itself", "[grade]") {
  fs::path course = fresh("course-copy");
  for (const fs::path& relative : course_files(course_dir)) {
    fs::create_directories((course / relative).parent_path());
    fs::copy_file(course_dir / relative, course / relative);
  }
  GradescopeKitOptions o;
  o.course_dir = course;
  o.out = course / "kits";
  o.hidden = course / "tools/grade/example-hidden";
  write_gradescope_kit(o);
  for (int n = 1; n <= course_lab_count(); ++n) {
    fs::path bundle = course / "kits" / fmt::format("lab{}", n) / "autograder";
    INFO(bundle);
    CHECK(fs::exists(bundle / "setup.sh"));
    CHECK_FALSE(fs::exists(bundle / "kits"));
    CHECK_FALSE(fs::exists(bundle / "tools/grade/example-hidden"));
  }
}

TEST_CASE("the Gradescope kit refuses a lab or a hidden folder it cannot grade", "[grade]") {
  GradescopeKitOptions o;
  o.course_dir = course_dir;
  o.out = fresh("gradescope-bad");
  o.labs = {9};
  CHECK_THROWS_WITH(write_gradescope_kit(o), "--labs: the course has no lab 9");
  o.labs = {};
  o.hidden = fresh("no-hidden");
  CHECK_THROWS_WITH(write_gradescope_kit(o), Catch::Contains("no such folder"));
  fs::create_directories(o.hidden / "01-frame");
  CHECK_THROWS_WITH(write_gradescope_kit(o), Catch::Contains("no lab folder with test sources"));
}

namespace {

const std::vector<TestInfo> classroom_tests{
    {"a frame's \"type\" (EtherType) is read", 1, 2, Visibility::visible, false},
    {"it's [1+1] *bytes*", 2, 3, Visibility::after_due_date, false},
    {"a hidden test", 2, 5, Visibility::hidden, true},
    {"a checksum", 2, 1, Visibility::visible, false}};

// The workflow's steps as a YAML parser reads them, one line each, "name | if | uses | run", or
// an empty list when no parser is at hand (python3 with its yaml module).
std::vector<std::string> parsed_steps(const std::string& yaml) {
  if (find_program("python3").empty())
    return {};
  RunLimits limits;
  RunResult probe = run({{"python3", "-c", "import yaml"}, {}, {}}, limits);
  if (probe.exit_code != 0)
    return {};
  fs::path file = fresh("classroom.yml");
  std::ofstream(file) << yaml;
  const char* script = R"(
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
assert set(doc['on']) == {'push', 'workflow_dispatch', 'repository_dispatch'}, doc['on']
job = doc['jobs']['run-autograding-tests']
for step in job['steps']:
    print(' | '.join(str(step.get(k, '-')) for k in ('name', 'if', 'uses', 'run')))
)";
  return lines_of(output_of({"python3", "-c", script, file.string()}));
}

}  // namespace

TEST_CASE("the Classroom workflow has a graded step per test, with its points, that runs only it",
          "[grade]") {
  std::string yaml = classroom_workflow(classroom_tests);
  CHECK_THAT(yaml,
             Catch::Contains("      - name: \"lab1/a frame's \\\"type\\\" (EtherType) is read\"\n"
                             "        id: lab1_t001\n"
                             "        if: always()\n"
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
  CHECK_THAT(yaml, Catch::EndsWith("          runners: lab1_t001,lab2_t002,lab2_t003\n"));
  CHECK_THAT(yaml, Catch::Contains("`camnet kit classroom --labs 1,2`"));
}

// A lab that does not compile fails its build step; the steps after it must run all the same, or
// the reporter reports nothing and the student has no score at all.
TEST_CASE(
    "the Classroom workflow installs first, builds each lab's tests, and runs every build, test "
    "and the report even after a failed step",
    "[grade]") {
  std::string yaml = classroom_workflow(classroom_tests);
  CHECK_THAT(yaml, Catch::Contains("        run: tools/setup.sh --grading\n"));
  CHECK_THAT(yaml, !Catch::Contains("run: tools/setup.sh\n"));  // the full setup builds and tests
  CHECK_THAT(yaml, Catch::Contains("        run: cmake --preset default\n"));
  for (int lab : {1, 2}) {
    CHECK_THAT(yaml, Catch::Contains(fmt::format("      - name: \"Build lab {}'s tests\"\n"
                                                 "        id: build_lab{}\n"
                                                 "        if: always()\n"
                                                 "        run: cmake --build --preset default "
                                                 "--target lab{}_tests\n",
                                                 lab, lab, lab)));
  }
  // Lab 2's build comes after lab 1's tests and before its own.
  std::size_t build2 = yaml.find("Build lab 2's tests");
  CHECK(yaml.find("id: lab1_t001") < build2);
  CHECK(build2 < yaml.find("id: lab2_t002"));
  CHECK_THAT(yaml, Catch::Contains("      - name: Autograding Reporter\n"
                                   "        if: always()\n"));

  std::vector<std::string> steps = parsed_steps(yaml);
  if (steps.empty()) {
    WARN("python3 with its yaml module is not installed: the workflow was not parsed");
    return;
  }
  REQUIRE(steps.size() == 9);  // checkout, install, configure, 2 builds, 3 tests, reporter
  CHECK(steps[0] == "Check out the code | - | actions/checkout@v4 | -");
  CHECK_THAT(steps[1], Catch::EndsWith(" | - | - | tools/setup.sh --grading"));
  CHECK(steps[2] == "Configure the build | - | - | cmake --preset default");
  CHECK(steps[3] ==
        "Build lab 1's tests | always() | - | cmake --build --preset default --target "
        "lab1_tests");
  CHECK_THAT(steps[4], Catch::StartsWith("lab1/a frame's \"type\" (EtherType) is read | always() | "
                                         "classroom-resources/autograding-command-grader@v1"));
  CHECK(steps[5] ==
        "Build lab 2's tests | always() | - | cmake --build --preset default --target "
        "lab2_tests");
  for (std::size_t i = 3; i < steps.size(); ++i) {
    INFO(steps[i]);
    CHECK_THAT(steps[i], Catch::Contains(" | always() | "));
  }
  CHECK(steps[8] ==
        "Autograding Reporter | always() | "
        "classroom-resources/autograding-grading-reporter@v1 | -");
}

TEST_CASE("the Classroom kit goes into a student edition and says which assignment it grades",
          "[grade]") {
  fs::path edition = fresh("edition-classroom");
  export_student_edition({course_dir, edition, {1}});
  KitSummary s = write_classroom_kit(edition, classroom_tests);
  fs::path workflow = edition / ".github/workflows/classroom.yml";
  REQUIRE(s.written.size() == 1);
  CHECK(s.written.front().path == workflow);
  CHECK(s.written.front().what == "the GitHub Classroom workflow grading labs 1 and 2");
  CHECK_THAT(s.next_step, Catch::Contains("Classroom assignment for labs 1 and 2"));
  CHECK(text_of(workflow) == classroom_workflow(classroom_tests));
  CHECK_THROWS_WITH(write_classroom_kit(course_dir, classroom_tests),
                    Catch::Contains("has solutions/"));
}
