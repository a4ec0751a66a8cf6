// The student edition: the repository a student receives, made from this one.
//
// It holds every file of the course except solutions/ and what only instructors use (the grader's
// tests and example hidden suite, the kits' templates, the labs/ generator, the instructor's CI and
// guide). labs/ is as generated, except that the labs named in `release` get their solution, so
// students can build on a working earlier layer. Every lab builds from labs/ (the student track is
// the default), and the README and tools/setup.sh are the student's own: setup builds, and the
// tests then fail with the TODOs the student fills in.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace camnet::grade {

struct ExportOptions {
  std::filesystem::path course_dir;
  std::filesystem::path out;  // must not exist, or be empty
  std::vector<int> release;   // labs whose solution the edition includes
};

struct ExportSummary {
  std::size_t files = 0;
  std::vector<std::string> released;  // "01-frame"
};

// Throws GradeError naming what is wrong (a bad option, or a course file the export must adapt
// that no longer looks as the export expects).
ExportSummary export_student_edition(const ExportOptions& options);

// The files of the course a fresh clone has (git's list, with files not yet committed), or every
// file outside build folders when the course is not a git repository. Relative paths, sorted.
std::vector<std::filesystem::path> course_files(const std::filesystem::path& course_dir);

}  // namespace camnet::grade
