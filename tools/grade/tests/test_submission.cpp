// Submissions: found in the shapes students hand them in, and only the files a student writes are
// taken from them.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "camnet/testing/catch.hpp"

#include "camnet/testing/process.hpp"
#include "submission.hpp"

using namespace camnet::grade;
namespace fs = std::filesystem;

namespace {

const Course& course() {
  static const Course c = open_course(CAMNET_SOURCE_DIR);
  return c;
}

fs::path fresh(const std::string& name) {
  fs::path dir = fs::path(camnet::testing::scratch_dir()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void put(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A labs/ tree under `root` with lab 1's files, each holding its own name.
void lab1_files(const fs::path& labs) {
  const CourseLab& lab = *course().lab(1);
  for (const fs::path& file : lab.student_files)
    put(labs / lab.folder / file, "// " + file.string() + "\n");
}

}  // namespace

TEST_CASE("the course knows each lab's student files, their folders and the reference's files",
          "[grade]") {
  const CourseLab* lab = course().lab(1);
  REQUIRE(lab != nullptr);
  CHECK(lab->folder == "01-frame");
  CHECK(lab->name == "frame");
  CHECK(std::find(lab->student_files.begin(), lab->student_files.end(),
                  fs::path("frame/ethernet.cpp")) != lab->student_files.end());
  CHECK(lab->layer_folders == std::vector<fs::path>{"frame"});
  CHECK(lab->solution_files.size() >= lab->student_files.size());
  CHECK(course().lab(99) == nullptr);
}

TEST_CASE("a student's name is the submission's, without its archive ending", "[grade]") {
  CHECK(student_name("class/alice.tar.gz") == "alice");
  CHECK(student_name("class/bob.ZIP") == "bob");
  CHECK(student_name("class/carol/") == "carol");
  CHECK(student_name("https://example.org/course/dave-lab.git") == "dave-lab");
  CHECK(student_name("git@example.org:course/erin.git") == "erin");
}

TEST_CASE("a submission's labs are found at its top, in its labs/, or one folder down", "[grade]") {
  fs::path repo = fresh("repo");
  lab1_files(repo / "labs");
  CHECK(open_submission(repo.string(), fresh("scratch-a"), course()) == repo / "labs");

  fs::path bare = fresh("bare");
  lab1_files(bare);
  CHECK(open_submission(bare.string(), fresh("scratch-b"), course()) == bare);

  fs::path nested = fresh("nested");
  lab1_files(nested / "camnet-main" / "labs");
  CHECK(open_submission(nested.string(), fresh("scratch-c"), course()) ==
        nested / "camnet-main" / "labs");
}

TEST_CASE("an archive is unpacked, and its labs found inside", "[grade]") {
  fs::path src = fresh("archive-src");
  lab1_files(src / "alice" / "labs");
  fs::path archive = fs::path(camnet::testing::scratch_dir()) / "alice.tar.gz";
  REQUIRE(camnet::testing::run_command("tar -czf " + archive.string() + " -C " + src.string() +
                                       " alice")
              .status == 0);
  fs::path scratch = fresh("scratch-d");
  fs::path labs = open_submission(archive.string(), scratch, course());
  CHECK(labs == scratch / "submission" / "alice" / "labs");
  CHECK(fs::is_regular_file(labs / "01-frame" / "frame" / "ethernet.cpp"));
}

TEST_CASE("what is not a submission gets one line saying what was expected", "[grade]") {
  fs::path empty = fresh("empty");
  put(empty / "notes.txt", "hello");
  CHECK_THROWS_WITH(
      open_submission(empty.string(), fresh("scratch-e"), course()),
      empty.string() + ": no lab folders in it (expected labs/01-frame/ or 01-frame/, ...)");
  CHECK_THROWS_WITH(open_submission((empty / "notes.txt").string(), fresh("scratch-f"), course()),
                    Catch::Contains("notes.txt: not a folder, an archive"));
  CHECK_THROWS_WITH(open_submission((empty / "nothing").string(), fresh("scratch-g"), course()),
                    (empty / "nothing").string() + ": no such file or folder");
  put(empty / "broken.tar.gz", "not an archive");
  CHECK_THROWS_WITH(
      open_submission((empty / "broken.tar.gz").string(), fresh("scratch-h"), course()),
      Catch::StartsWith((empty / "broken.tar.gz").string() + ": cannot be unpacked: "));
}

TEST_CASE("only the student's files are taken: tests, captures and CMake files stay the course's",
          "[grade]") {
  fs::path labs = fresh("only") / "labs";
  lab1_files(labs);
  put(labs / "01-frame" / "tests" / "test_crc32.cpp", "not the course's test");
  put(labs / "01-frame" / "CMakeLists.txt", "not the course's CMake");
  put(labs / "01-frame" / "frame" / "helpers.hpp", "// the student's own header\n");
  put(labs / "01-frame" / "frame" / "extra.cpp", "// a source the build does not know\n");
  fs::remove(labs / "01-frame" / "frame" / "port.cpp");
  fs::remove(labs / "01-frame" / "frame" / "crc32.cpp");
  fs::create_symlink("/etc/hostname", labs / "01-frame" / "frame" / "crc32.cpp");

  StudentLab lab = collect_student_lab(*course().lab(1), labs);
  CHECK(lab.submitted);
  CHECK(lab.files.count("frame/ethernet.cpp") == 1);
  CHECK(lab.files.at("frame/ethernet.cpp") == "// frame/ethernet.cpp\n");
  CHECK(lab.files.count("frame/helpers.hpp") == 1);
  CHECK(lab.files.count("tests/test_crc32.cpp") == 0);
  CHECK(lab.files.count("CMakeLists.txt") == 0);
  CHECK(lab.files.count("frame/port.cpp") == 0);
  CHECK(lab.files.count("frame/crc32.cpp") == 0);
  std::string notes;
  for (const std::string& n : lab.notes)
    notes += n + "\n";
  CHECK_THAT(notes, Catch::Contains("frame/crc32.cpp is a symbolic link: refused"));
  CHECK_THAT(notes,
             Catch::Contains("frame/port.cpp is missing: the starter file (TODOs) is used\n"));
  CHECK_THAT(notes, Catch::Contains("frame/extra.cpp is not compiled"));

  StudentLab lab2 = collect_student_lab(*course().lab(2), labs);
  CHECK_FALSE(lab2.submitted);
  CHECK(lab2.files.empty());
}

TEST_CASE("a submission whose lab folder links to the course's solutions gets nothing from them",
          "[grade]") {
  // The cheat: labs/01-frame/frame -> the course's solutions/01-frame/frame.
  fs::path labs = fresh("linked-folder") / "labs";
  fs::create_directories(labs / "01-frame");
  fs::create_directory_symlink(fs::path(CAMNET_SOURCE_DIR) / "solutions" / "01-frame" / "frame",
                               labs / "01-frame" / "frame");
  StudentLab lab = collect_student_lab(*course().lab(1), labs);
  CHECK_FALSE(lab.submitted);
  CHECK(lab.files.empty());
  REQUIRE(lab.notes.size() == 1);
  CHECK(lab.notes[0] ==
        "frame is a symbolic link: refused (only the submission's own files count)");

  // The same one level up: the whole lab folder a link.
  fs::path labs2 = fresh("linked-lab") / "labs";
  fs::create_directories(labs2);
  fs::create_directory_symlink(fs::path(CAMNET_SOURCE_DIR) / "solutions" / "01-frame",
                               labs2 / "01-frame");
  StudentLab lab2 = collect_student_lab(*course().lab(1), labs2);
  CHECK_FALSE(lab2.submitted);
  CHECK(lab2.files.empty());
  CHECK(lab2.notes == std::vector<std::string>{
                          "01-frame is a symbolic link: refused (only the submission's own files "
                          "count)"});
}

TEST_CASE("a labs folder that is a link, and a file with a second name, are refused", "[grade]") {
  fs::path top = fresh("linked-labs");
  fs::path elsewhere = fresh("linked-labs-target") / "labs";
  lab1_files(elsewhere);
  fs::create_directory_symlink(elsewhere, top / "labs");
  CHECK_THROWS_WITH(open_submission(top.string(), fresh("scratch-links"), course()),
                    top.string() +
                        ": labs is a symbolic link: refused (only the submission's own files "
                        "count)");

  fs::path labs = fresh("hard-link") / "labs";
  lab1_files(labs);
  fs::path outside = fresh("hard-link-outside") / "ethernet.cpp";
  put(outside, "// a file outside the submission\n");
  fs::remove(labs / "01-frame" / "frame" / "ethernet.cpp");
  fs::create_hard_link(outside, labs / "01-frame" / "frame" / "ethernet.cpp");
  StudentLab lab = collect_student_lab(*course().lab(1), labs);
  CHECK(lab.submitted);  // its other files are its own
  CHECK(lab.files.count("frame/ethernet.cpp") == 0);
  CHECK(std::find(lab.notes.begin(), lab.notes.end(),
                  "frame/ethernet.cpp has other names (hard links): refused") != lab.notes.end());
}

TEST_CASE("a git submission is graded at its last commit before the deadline, and says which",
          "[grade]") {
  fs::path repo = fresh("deadline-repo");
  lab1_files(repo / "labs");
  // Two commits a day apart, dated as git records them (the committer's clock).
  auto commit = [&](const std::string& text, const std::string& date) {
    put(repo / "labs" / "01-frame" / "frame" / "ethernet.cpp", text);
    std::string env =
        "GIT_AUTHOR_NAME=s GIT_AUTHOR_EMAIL=s@x GIT_COMMITTER_NAME=s "
        "GIT_COMMITTER_EMAIL=s@x GIT_AUTHOR_DATE='" +
        date + "' GIT_COMMITTER_DATE='" + date + "' ";
    REQUIRE(camnet::testing::run_command("cd " + repo.string() + " && git add -A && " + env +
                                         "git commit -q -m work")
                .status == 0);
  };
  REQUIRE(camnet::testing::run_command("git init -q " + repo.string()).status == 0);
  commit("// on time\n", "2026-12-01T20:00:00+00:00");
  commit("// late\n", "2026-12-02T09:00:00+00:00");
  fs::path bare = fs::path(camnet::testing::scratch_dir()) / "deadline.git";
  fs::remove_all(bare);
  REQUIRE(camnet::testing::run_command("git clone -q --bare " + repo.string() + " " + bare.string())
              .status == 0);

  std::vector<std::string> notes;
  fs::path labs = open_submission(bare.string(), fresh("scratch-dl-a"), course(),
                                  "2026-12-01T23:59:00+00:00", &notes);
  CHECK(read_file(labs / "01-frame" / "frame" / "ethernet.cpp") == "// on time\n");
  REQUIRE(notes.size() == 1);
  CHECK_THAT(notes[0], Catch::StartsWith("graded at commit ") &&
                           Catch::Contains("of 2026-12-01 20:00 +0000, the last before the "
                                           "deadline (2026-12-01T23:59:00+00:00); 1 later commit "
                                           "not graded"));

  notes.clear();
  labs = open_submission(bare.string(), fresh("scratch-dl-b"), course(), "", &notes);
  CHECK(read_file(labs / "01-frame" / "frame" / "ethernet.cpp") == "// late\n");
  REQUIRE(notes.size() == 1);
  CHECK_THAT(notes[0], Catch::EndsWith("of 2026-12-02 09:00 +0000"));

  CHECK_THROWS_WITH(
      open_submission(bare.string(), fresh("scratch-dl-c"), course(), "2026-11-01T00:00:00+00:00"),
      bare.string() + ": no commit before the deadline (2026-11-01T00:00:00+00:00)");
  CHECK_NOTHROW(check_deadline("2026-12-01"));
  CHECK_NOTHROW(check_deadline("2026-12-01 23:59"));
  CHECK_NOTHROW(check_deadline("2026-12-01T23:59:00+01:00"));
  CHECK_THROWS_WITH(check_deadline("next friday"), Catch::StartsWith("--deadline next friday: "));
}
