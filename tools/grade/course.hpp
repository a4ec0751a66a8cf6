// The course a submission is graded against: this repository (or a copy of it, as in the Gradescope
// bundle), with its labs/ (tests, captures, starter files) and solutions/ (the reference).
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace camnet::grade {

// Anything that stops a grading step, in one line naming what is wrong.
struct GradeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct CourseLab {
  int number = 0;      // 1
  std::string folder;  // "01-frame", the same under labs/ and solutions/
  std::string name;    // "frame"
  // The files a student writes, relative to the lab folder ("frame/ethernet.cpp"): the generated
  // ones, those under labs/ with a twin under solutions/.
  std::vector<std::filesystem::path> student_files;
  // Every source of the reference, relative to the lab folder (includes SOLUTION ONLY files).
  std::vector<std::filesystem::path> solution_files;
  // The folders that hold the student's files ("frame").
  std::vector<std::filesystem::path> layer_folders;
};

struct Course {
  std::filesystem::path root;
  std::vector<CourseLab> labs;  // in order of their numbers

  const CourseLab* lab(int number) const;
  std::filesystem::path labs_dir() const { return root / "labs"; }
  std::filesystem::path solutions_dir() const { return root / "solutions"; }
};

// Reads the course at `root`. Throws GradeError when it is not a course with solutions.
Course open_course(const std::filesystem::path& root);

// The course this camnet was built from.
std::filesystem::path built_course_dir();

// "01-frame" -> 1; std::nullopt for a folder that is not a lab's.
std::optional<int> lab_number_of_folder(const std::string& folder);

// .cpp, .hpp, .cc, .h
bool is_source_file(const std::filesystem::path& path);

// Small file helpers: whole files as bytes.
std::string read_file(const std::filesystem::path& path);
// Writes `text` unless the file already holds exactly that (its time stamp then stays, so an
// incremental build does not redo work). Returns whether it wrote.
bool write_file_if_changed(const std::filesystem::path& path, const std::string& text);

// "1,2" or "1, 2" -> {1, 2}; throws GradeError naming the bad item.
std::vector<int> parse_lab_list(const std::string& text, const std::string& option);

}  // namespace camnet::grade
