// End to end, the Gradescope kit as Gradescope runs it: `camnet kit gradescope` writes one
// autograder per lab; lab 1's zip is unpacked into source/ of a folder laid out as Gradescope's
// /autograder (CAMNET_AUTOGRADER_ROOT points the scripts there), its setup.sh runs (the packages,
// the grader, the grading build: minutes), then its run_autograder grades the course's solutions/,
// handed in as a student's labs/ folder would be. The solution must score every point, and the
// solutions and hidden tests must sit only where the kit puts them. Then the three cheats of the
// fixture class (fixtures.cpp) are handed in one after the other: each scores 0, and the solution
// handed in after them scores every point again.
//
// Run as root where no_namespaces was built (libseccomp), the scripts run under it, as in
// Gradescope's Docker container: bubblewrap cannot make its namespaces, and the grader falls back
// to its user sandbox (each build and test as nobody). Elsewhere they grade in bubblewrap.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "camnet/testing/catch.hpp"

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

const fs::path course_dir = CAMNET_SOURCE_DIR;
const fs::path e2e = CAMNET_KIT_E2E_DIR;

// Docker's default seccomp rules for the scripts, when this test can apply them (see the top).
const bool in_container = geteuid() == 0 && std::string(CAMNET_NO_NAMESPACES) != "";

RunResult run_logged(Command command, int seconds, const fs::path& log) {
  if (in_container && command.argv.front() == "bash")
    command.argv.insert(command.argv.begin(), CAMNET_NO_NAMESPACES);
  RunLimits limits;
  limits.timeout = std::chrono::seconds(seconds);
  limits.output_cap = 16 * 1024 * 1024;
  RunResult r = run(command, limits);
  std::ofstream(log) << r.output;
  std::printf("%s: exit %d after %.0f s (log: %s)\n", command.argv.back().c_str(), r.exit_code,
              r.seconds, log.c_str());
  std::fflush(stdout);
  return r;
}

}  // namespace

TEST_CASE(
    "lab 1's Gradescope autograder sets up as Gradescope runs it, gives the solution every "
    "point and each cheat none",
    "[slow]") {
  if (std::string why = sandbox_unavailable(); !why.empty())
    camnet::testing::skip_test(why);
  if (find_program("zip").empty() || find_program("unzip").empty())
    camnet::testing::skip_test("zip and unzip are needed to write and unpack the kit");
  fs::remove_all(e2e);
  fs::create_directories(e2e);

  // The kit, as the instructor writes it: one autograder per lab, with the example hidden tests.
  RunResult kit = run_logged({{CAMNET_EXE, "kit", "gradescope", "--out", (e2e / "kit").string(),
                               "--hidden", (course_dir / "tools/grade/example-hidden").string()},
                              {},
                              {}},
                             120, e2e / "kit.log");
  INFO(kit.output);
  REQUIRE(kit.exit_code == 0);
  fs::path zip = e2e / "kit" / "lab1" / "autograder.zip";
  CHECK_THAT(kit.output,
             Catch::Contains("wrote " + zip.string() +
                             ": the autograder of the Gradescope assignment for lab 1 (frame)"));

  // Gradescope's layout: the zip unpacked in source/, the submission in submission/.
  fs::path root = e2e / "autograder";
  fs::create_directories(root / "submission");
  REQUIRE(run_logged({{"unzip", "-q", zip.string(), "-d", (root / "source").string()}, {}, {}}, 120,
                     e2e / "unzip.log")
              .exit_code == 0);
  fs::copy(course_dir / "solutions", root / "submission" / "labs", fs::copy_options::recursive);
  // (The grader's compiler cache is the class test's, which ran before: camnet grade's
  // CAMNET_GRADE_CCACHE. On Gradescope each autograder has its own.)
  std::vector<std::pair<std::string, std::string>> env{
      {"CAMNET_AUTOGRADER_ROOT", root.string()}, {"CAMNET_GRADE_CCACHE", CAMNET_GRADE_CCACHE}};

  RunResult setup = run_logged({{"bash", (root / "source/setup.sh").string()}, root, env}, 2700,
                               e2e / "setup.log");
  {
    INFO(setup.output.substr(setup.output.size() > 8000 ? setup.output.size() - 8000 : 0));
    REQUIRE(setup.ending == Ending::exited);
    REQUIRE(setup.exit_code == 0);
  }
  CHECK_THAT(setup.output, Catch::Contains("lab 1: ") && !Catch::Contains("lab 2: "));
  const char* user_sandbox = "grading in the user sandbox (each build and test runs as nobody)";
  if (in_container)
    CHECK_THAT(setup.output, Catch::Contains(user_sandbox));
  else
    CHECK_THAT(setup.output, !Catch::Contains(user_sandbox));
  std::printf("graded in %s\n",
              in_container ? "the user sandbox, under no_namespaces" : "bubblewrap");

  // Gradescope runs a copy of run_autograder from the top of the layout, once per submission.
  fs::copy_file(root / "source/run_autograder", root / "run_autograder");
  auto hand_in = [&](const std::string& what) {
    RunResult r = run_logged({{"bash", (root / "run_autograder").string()}, root, env}, 900,
                             e2e / ("run_autograder-" + what + ".log"));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return parse_json(read_file(root / "results/results.json"));
  };
  Json results = hand_in("solution");
  int possible = 0;
  int hidden = 0;
  for (const Json& t : results["tests"].array) {
    INFO(t["name"].string);
    CHECK(t["name"].string.rfind("lab1/", 0) == 0);  // lab 1's assignment grades lab 1 only
    CHECK(t["status"].string == "passed");
    possible += static_cast<int>(t["max_score"].number);
    hidden += t["name"].string.rfind("lab1/hidden/", 0) == 0;
  }
  std::printf("results.json: score %.0f of %d, %zu tests (%d hidden)\n", results["score"].number,
              possible, results["tests"].array.size(), hidden);
  CHECK(possible > 0);
  CHECK(hidden > 0);
  CHECK(static_cast<int>(results["score"].number) == possible);

  // What setup.sh leaves: the grader's build from the starter code, and no build of the course.
  CHECK_THAT(read_file(root / "source/build/grader/CMakeCache.txt"),
             Catch::Contains("CAMNET_TRACK:STRING=student"));
  CHECK_FALSE(fs::exists(root / "source/build/default"));
  // The solutions and hidden tests are in source/ (the course, hidden/) and, for the grader's
  // scratch course, in work/ (each lab's reference in its slot, the hidden tests in .camnet-hidden/,
  // which the sandbox empties), and nowhere else.
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    fs::path relative = fs::relative(entry.path(), root);
    std::string top = relative.begin()->string();
    if (top == "source" || top == "work" || top == "submission")
      continue;
    INFO(relative);
    CHECK(entry.path().filename() != "solutions");
    CHECK(entry.path().filename() != "test_hidden_frame.cpp");
  }
  CHECK_FALSE(fs::exists(root / "work" / "src" / "solutions"));

  // The cheats, handed in one after the other, made against the kit's course (what they try to
  // read and link to is the kit's solutions/).
  for (const Fixture& f : make_fixture_class(root / "source", e2e / "fixtures"))
    std::printf("fixture %s: %s\n", f.student.c_str(), f.fault.c_str());
  const fs::path labs = root / "submission" / "labs";
  for (const std::string cheat :
       {"cheat-forges-success", "cheat-reads-and-writes", "cheat-links-solution"}) {
    fs::remove_all(root / "submission");
    fs::create_directories(root / "submission");
    if (cheat == "cheat-links-solution") {
      fs::create_directories(labs / "01-frame");
      fs::create_directory_symlink(root / "source/solutions/01-frame/frame",
                                   labs / "01-frame" / "frame");
    } else {
      fs::copy(e2e / "fixtures" / cheat / "labs", labs, fs::copy_options::recursive);
    }
    Json cheated = hand_in(cheat);
    INFO(cheat << ": " << read_file(root / "results/results.json"));
    CHECK(cheated["score"].number == 0);
    CHECK_THAT(read_file(root / "results/results.json"), !Catch::Contains("LEAKED"));
  }
  // What cheat-reads-and-writes wrote over, or beside, is as it was (its write to the machine's
  // /tmp is not stopped by the user sandbox, and changes no grade).
  const char* test_main = "common/camnet/testing/test_main.cpp";
  CHECK(read_file(root / "work/src" / test_main) == read_file(root / "source" / test_main));
  CHECK_FALSE(fs::exists(root / "source/CHEAT-WAS-HERE"));
  CHECK_FALSE(fs::exists(root / "work/build/CHEAT-WAS-HERE"));
  if (!in_container)
    CHECK_FALSE(fs::exists("/tmp/camnet-CHEAT-WAS-HERE"));
  fs::remove("/tmp/camnet-CHEAT-WAS-HERE");

  // The solution handed in after the cheats scores every point again.
  fs::remove_all(root / "submission");
  fs::create_directories(root / "submission");
  fs::copy(course_dir / "solutions", labs, fs::copy_options::recursive);
  CHECK(hand_in("solution-again")["score"].number == results["score"].number);
}
