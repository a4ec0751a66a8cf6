#include "fixtures.hpp"

#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "course.hpp"
#include "process.hpp"

namespace fs = std::filesystem;

namespace camnet::grade::testing {
namespace {

// A submission's files: path under labs/ -> contents.
using Files = std::map<fs::path, std::string>;

// Every lab solved: each student file holds the solution (which is what a student who finished
// the lab has, give or take their own style).
Files solved(const Course& course) {
  Files files;
  for (const CourseLab& lab : course.labs) {
    for (const fs::path& file : lab.student_files)
      files[fs::path(lab.folder) / file] = read_file(course.solutions_dir() / lab.folder / file);
  }
  return files;
}

// Puts `code` at the start of the solution block whose hint holds `marker`, in `file`: inside the
// function a student writes, as a student's bug would be.
void inject(Files& files, const fs::path& file, const std::string& marker,
            const std::string& code) {
  std::string& text = files.at(file);
  std::size_t at = text.find("// BEGIN SOLUTION: " + marker);
  if (at == std::string::npos) {
    throw std::runtime_error("fixture: no solution block '" + marker + "' in " + file.string() +
                             " (the solution changed: pick another block for this fixture)");
  }
  std::size_t line_start = text.rfind('\n', at) + 1;
  std::string indent = text.substr(line_start, at - line_start);
  std::size_t line_end = text.find('\n', at) + 1;
  text.insert(line_end, indent + code + "\n");
}

void write_tree(const fs::path& labs, const Files& files) {
  for (const auto& [path, text] : files) {
    fs::create_directories((labs / path).parent_path());
    std::ofstream(labs / path, std::ios::binary) << text;
  }
}

const std::vector<std::pair<std::string, std::string>> committer{
    {"GIT_AUTHOR_NAME", "fixture"},
    {"GIT_AUTHOR_EMAIL", "fixture@camnet"},
    {"GIT_COMMITTER_NAME", "fixture"},
    {"GIT_COMMITTER_EMAIL", "fixture@camnet"}};

void must_run(const Command& command) {
  RunLimits limits;
  limits.timeout = std::chrono::seconds(120);
  limits.output_cap = 1024 * 1024;
  RunResult r = run(command, limits);
  if (r.ending != Ending::exited || r.exit_code != 0)
    throw std::runtime_error("fixture: " + command.argv.front() + " failed: " + r.output);
}

// Commits everything in `work` and clones it as the bare repository `bare`: a git submission.
void commit_as_bare_repository(const fs::path& work, const fs::path& bare) {
  must_run({{"git", "init", "-q", "."}, work, committer});
  must_run({{"git", "add", "-A"}, work, committer});
  must_run({{"git", "commit", "-q", "-m", "my labs"}, work, committer});
  must_run({{"git", "clone", "-q", "--bare", work.string(), bare.string()}, {}, committer});
}

}  // namespace

std::vector<Fixture> make_fixture_class(const fs::path& course_dir, const fs::path& class_dir) {
  Course course = open_course(course_dir);
  if (fs::exists(class_dir))
    throw std::runtime_error("fixture: " + class_dir.string() + " exists already");
  fs::path staging = class_dir.parent_path() / (class_dir.filename().string() + "-staging");
  fs::remove_all(staging);
  fs::create_directories(class_dir);
  std::vector<Fixture> fixtures;

  // A repository folder, every lab solved. Its edited test must make no difference.
  Files all = solved(course);
  all["01-frame/tests/test_crc32.cpp"] = "this is not the course's test, nor C++\n";
  write_tree(class_dir / "all-correct" / "labs", all);
  fixtures.push_back({"all-correct", "none"});

  // Lab 1 only, archived as a labs/ folder's contents under one top folder.
  Files lab1_only;
  for (const auto& [path, text] : solved(course)) {
    if (path.begin()->string() == "01-frame")
      lab1_only[path] = text;
  }
  write_tree(staging / "lab2-missing", lab1_only);
  must_run({{"tar", "-czf", (class_dir / "lab2-missing.tar.gz").string(), "-C", staging.string(),
             "lab2-missing"},
            {},
            {}});
  fixtures.push_back({"lab2-missing", "no lab 2"});

  Files segfault = solved(course);
  inject(segfault, "01-frame/frame/mac_address.cpp",
         "the U/L bit is the second-least significant bit of the first octet",
         "volatile int* volatile nowhere = nullptr;  // the fixture's fault: a write through null\n"
         "  *nowhere = 1;");
  write_tree(staging / "lab1-segfault" / "labs", segfault);
  if (!find_program("zip").empty() && !find_program("unzip").empty()) {
    must_run({{"zip", "-q", "-r", (class_dir / "lab1-segfault.zip").string(), "labs"},
              staging / "lab1-segfault",
              {}});
  } else {
    must_run({{"tar", "-cf", (class_dir / "lab1-segfault.tar").string(), "-C",
               (staging / "lab1-segfault").string(), "labs"},
              {},
              {}});
  }
  fixtures.push_back({"lab1-segfault", "lab 1 writes through a null pointer"});

  Files prints = solved(course);
  std::string& switch_source = prints.at("01-frame/frame/learning_switch.cpp");
  switch_source.insert(0, "#include <cstdio>\n");
  inject(prints, "01-frame/frame/learning_switch.cpp", "how many entries the table holds",
         "for (;;)  // the fixture's fault: debugging output that never stops\n"
         "    std::printf(\"table_size: still counting\\n\");");
  write_tree(class_dir / "lab1-prints-forever" / "labs", prints);
  fixtures.push_back({"lab1-prints-forever", "lab 1 prints in an endless loop"});

  Files loops = solved(course);
  inject(loops, "02-address/address/ipv4_address.cpp", "169.254.0.0/16",
         "for (volatile bool again = true; again;) {  // the fixture's fault: it never returns\n"
         "  }");
  if (!find_program("git").empty()) {
    fs::path work = staging / "lab2-loops-forever";
    write_tree(work / "labs", loops);
    commit_as_bare_repository(work, class_dir / "lab2-loops-forever.git");
  } else {
    write_tree(class_dir / "lab2-loops-forever" / "labs", loops);
  }
  fixtures.push_back({"lab2-loops-forever", "lab 2 never returns from one function"});

  Files broken = solved(course);
  inject(broken, "02-address/address/checksum.cpp", "sum 16-bit big-endian words",
         "int broken = ;  // the fixture's fault: a syntax error");
  write_tree(class_dir / "lab2-does-not-compile" / "labs", broken);
  fixtures.push_back({"lab2-does-not-compile", "lab 2 has a syntax error"});

  // The starter exactly as students receive it: every student file from labs/, TODOs and all.
  // Nothing is written yet, so every graded test must fail (on a TODO) and every lab score 0.
  Files starter;
  for (const CourseLab& lab : course.labs) {
    for (const fs::path& file : lab.student_files)
      starter[fs::path(lab.folder) / file] = read_file(course.labs_dir() / lab.folder / file);
  }
  write_tree(class_dir / "untouched-starter" / "labs", starter);
  fixtures.push_back({"untouched-starter", "nothing written: the starter as handed out"});

  // Three cheats, each lab 1 only: the starter's sources (every TODO open) with the reference's
  // headers (which the starter's may differ from in private members: the same headers keep each
  // cheat's build to lab 1's sources). Each must score 0 and change nothing for the students
  // graded after it.
  Files lab1_starter;
  for (const fs::path& file : course.lab(1)->student_files) {
    fs::path from = file.extension() == ".cpp" ? course.labs_dir() : course.solutions_dir();
    lab1_starter[fs::path("01-frame") / file] = read_file(from / "01-frame" / file);
  }

  // Prints Catch2's line for a passed test, then ends the program, before any test runs.
  Files forges = lab1_starter;
  forges.at("01-frame/frame/crc32.cpp") += R"cheat(
// The fixture's cheat: Catch2's success line, printed before any test runs, then the end.
#include <cstdio>
#include <unistd.h>
namespace {
struct ForgedSuccess {
  ForgedSuccess() {
    std::printf("===============================================================================\n"
                "All tests passed (1 assertion in 1 test case)\n\n");
    std::fflush(stdout);
    _exit(0);
  }
} forged_success;
}  // namespace
)cheat";
  write_tree(class_dir / "cheat-forges-success" / "labs", forges);
  fixtures.push_back({"cheat-forges-success", "prints Catch2's success line and exits first"});

  // The whole lab 1 folder a link to the course's solution, in a git repository (as a link is
  // committed), or a folder when git is missing.
  fs::path links = staging / "cheat-links-solution";
  fs::create_directories(links / "labs" / "01-frame");
  fs::create_directory_symlink(fs::absolute(course.solutions_dir() / "01-frame" / "frame"),
                               links / "labs" / "01-frame" / "frame");
  if (!find_program("git").empty()) {
    commit_as_bare_repository(links, class_dir / "cheat-links-solution.git");
  } else {
    fs::rename(links, class_dir / "cheat-links-solution");
  }
  fixtures.push_back({"cheat-links-solution", "labs/01-frame/frame links to the solution"});

  // At start-up, before any test: reads what no submission may read (the course's solutions, the
  // scratch course's, the hidden tests' sources, lab 2's reference beside it) and prints it where
  // the student would see it; writes where no submission may write (over a file of the scratch
  // course every build needs, beside the course, into the build, into the machine's /tmp).
  Files tampers = lab1_starter;
  std::string& tamper = tampers.at("01-frame/frame/crc32.cpp");
  tamper += R"cheat(
// The fixture's cheat (see tools/grade/tests/fixtures.cpp).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
namespace {
std::string cheat_read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
void cheat_write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}
struct Tamper {
  Tamper() {
    namespace fs = std::filesystem;
    std::error_code ec;
    // This file is <scratch course>/labs/01-frame/frame/crc32.cpp.
    fs::path src = fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
    fs::path course = CHEAT_COURSE;
    std::vector<fs::path> wanted{course / "solutions/01-frame/frame/crc32.cpp",
                                 src / "solutions/01-frame/frame/crc32.cpp",
                                 src / "labs/02-address/address/checksum.cpp"};
    for (const auto& e : fs::recursive_directory_iterator(src / ".camnet-hidden", ec)) {
      if (e.path().extension() == ".cpp")
        wanted.push_back(e.path());
    }
    for (const fs::path& path : wanted) {
      std::string text = cheat_read(path);
      if (!text.empty())
        std::printf("LEAKED %s:\n%s\n", path.c_str(), text.c_str());
    }
    cheat_write(src / "common/camnet/testing/test_main.cpp", "#error the cheat was here\n");
    cheat_write(course / "CHEAT-WAS-HERE", "the cheat was here\n");
    cheat_write(src.parent_path() / "build/CHEAT-WAS-HERE", "the cheat was here\n");
    cheat_write("/tmp/camnet-CHEAT-WAS-HERE", "the cheat was here\n");
    std::fflush(stdout);
  }
} tamper;
}  // namespace
)cheat";
  tamper.insert(0, "#define CHEAT_COURSE \"" + fs::absolute(course_dir).string() + "\"\n");
  write_tree(class_dir / "cheat-reads-and-writes" / "labs", tampers);
  fixtures.push_back({"cheat-reads-and-writes",
                      "reads the solutions and hidden tests, writes outside its folder"});

  fs::remove_all(staging);
  return fixtures;
}

namespace {

// Replaces `from` (which must be there) with `to` in `files[file]`.
void replace_in(Files& files, const fs::path& file, const std::string& from,
                const std::string& to) {
  std::string& text = files.at(file);
  std::size_t at = text.find(from);
  if (at == std::string::npos) {
    throw std::runtime_error("fixture: '" + from + "' is not in " + file.string() +
                             " (the solution changed: update this fixture)");
  }
  text.replace(at, from.size(), to);
}

}  // namespace

std::vector<Fixture> make_synthetic_class(const fs::path& course_dir, const fs::path& class_dir,
                                          int count) {
  Course course = open_course(course_dir);
  if (fs::exists(class_dir))
    throw std::runtime_error("fixture: " + class_dir.string() + " exists already");
  Files lab1;
  Files starter;
  for (const fs::path& file : course.lab(1)->student_files) {
    lab1[fs::path("01-frame") / file] = read_file(course.solutions_dir() / "01-frame" / file);
    starter[fs::path("01-frame") / file] = read_file(course.labs_dir() / "01-frame" / file);
  }
  const fs::path ethernet = "01-frame/frame/ethernet.cpp";
  const fs::path mac = "01-frame/frame/mac_address.cpp";
  const fs::path sw = "01-frame/frame/learning_switch.cpp";
  // Shares out of 20 students: 9 solved, 2 with a header of their own, 2 VLAN bugs, 2 aging bugs,
  // 1 each of the rest.
  const std::vector<std::pair<int, std::string>> kinds{{9, "solved"},
                                                       {2, "solved, a helper declared in a header"},
                                                       {2, "VLAN tag read from the TPID's offset"},
                                                       {2, "aging off by one"},
                                                       {1, "the starter untouched"},
                                                       {1, "a write through null"},
                                                       {1, "an endless loop"},
                                                       {1, "prints in an endless loop"},
                                                       {1, "a syntax error"}};
  std::vector<std::string> order;
  for (const auto& [share, kind] : kinds)
    order.insert(order.end(), static_cast<std::size_t>(share), kind);
  std::vector<Fixture> fixtures;
  for (int i = 0; i < count; ++i) {
    const std::string& kind = order[static_cast<std::size_t>(i) % order.size()];
    Files files = kind == "the starter untouched" ? starter : lab1;
    if (kind == "solved, a helper declared in a header") {
      replace_in(
          files, "01-frame/frame/learning_switch.hpp", " private:\n",
          " private:\n  std::size_t index_of(MacAddress address) const;  // my own helper\n");
    } else if (kind == "VLAN tag read from the TPID's offset") {
      replace_in(files, ethernet, "std::uint16_t tci = load_u16(at + 2);",
                 "std::uint16_t tci = load_u16(at);");
    } else if (kind == "aging off by one") {
      replace_in(files, sw, "if (now_ - entries_[i].last_seen < config_.aging_time)",
                 "if (now_ - entries_[i].last_seen <= config_.aging_time)");
    } else if (kind == "a write through null") {
      inject(files, mac, "the U/L bit is the second-least significant bit of the first octet",
             "volatile int* volatile nowhere = nullptr;\n  *nowhere = 1;");
    } else if (kind == "an endless loop") {
      inject(files, sw, "forget every entry not seen for aging_time or longer",
             "for (volatile bool again = true; again;) {\n  }");
    } else if (kind == "prints in an endless loop") {
      files.at(sw).insert(0, "#include <cstdio>\n");
      inject(files, sw, "how many entries the table holds",
             "for (;;)\n    std::printf(\"table_size: still counting\\n\");");
    } else if (kind == "a syntax error") {
      inject(files, ethernet, "read the EtherType that follows the tags", "int broken = ;");
    }
    std::string name = fmt::format("student-{:03}", i + 1);
    for (auto& [path, text] : files) {
      if (path.extension() == ".cpp")
        text.insert(0, "// " + name + "\n");  // every student's files are their own
    }
    write_tree(class_dir / name / "labs", files);
    fixtures.push_back({name, kind});
  }
  return fixtures;
}

}  // namespace camnet::grade::testing
