// Integration kits: what an instructor uploads to Gradescope, and the GitHub Classroom workflow of
// the student edition. Both are generated, so they follow the course's tests and points.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grader.hpp"

namespace camnet::grade {

struct GradescopeKitOptions {
  std::filesystem::path course_dir;
  std::filesystem::path out;     // must not exist, or be empty
  std::filesystem::path hidden;  // the hidden tests to bundle; empty: none
  // The labs one autograder grades, together; empty: one autograder per lab, each grading only
  // its lab (an instructor makes one Gradescope assignment per lab).
  std::vector<int> labs;
};

struct KitFile {
  std::filesystem::path path;
  std::string what;  // what it is for: "the autograder of the Gradescope assignment for lab 1 ..."
};

struct KitSummary {
  std::vector<KitFile> written;  // the main files, for the instructor to look at
  std::string next_step;         // what to do with them
};

// The folder under `out` a lab's autograder is written to when each lab has its own: "lab1".
std::string gradescope_lab_folder(int lab);

// Each autograder in FOLDER/autograder/ (the course with its solutions, the graded labs' hidden
// tests in hidden/, setup.sh and run_autograder at the top, as Gradescope wants them) and
// FOLDER/autograder.zip when zip is installed. FOLDER is OUT/lab<N> for each lab, or OUT itself
// for the one autograder of `labs`.
KitSummary write_gradescope_kit(const GradescopeKitOptions& options);

// The workflow: install the packages, then for each lab a step that builds its tests and one
// graded step per test (its points from the test's tags), reported to GitHub Classroom. Every
// build, test and the report run even when an earlier step failed (`if: always()`), so a lab that
// does not compile costs its own points and the score is still reported. `tests`: the tests of
// the labs the assignment grades (hidden ones are left out: Classroom has none).
std::string classroom_workflow(const std::vector<TestInfo>& tests);

// Writes the workflow into a student edition: EDITION/.github/workflows/classroom.yml.
KitSummary write_classroom_kit(const std::filesystem::path& edition,
                               const std::vector<TestInfo>& tests);

}  // namespace camnet::grade
