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
  std::vector<int> labs;         // the labs the autograder grades; empty: every lab
};

struct KitSummary {
  std::vector<std::filesystem::path> written;  // the main files, for the instructor to look at
  std::string next_step;                       // what to do with them
};

// DIR/autograder/ (the course with its solutions, the hidden tests, setup.sh and run_autograder at
// the top, as Gradescope wants them) and DIR/autograder.zip when zip is installed.
KitSummary write_gradescope_kit(const GradescopeKitOptions& options);

// The workflow: build with the README's first command, then one graded step per test (its points
// from the test's tags), reported to GitHub Classroom. `tests`: the course's tests (not hidden).
std::string classroom_workflow(const std::vector<TestInfo>& tests);

// Writes the workflow into a student edition: EDITION/.github/workflows/classroom.yml.
KitSummary write_classroom_kit(const std::filesystem::path& edition,
                               const std::vector<TestInfo>& tests);

}  // namespace camnet::grade
