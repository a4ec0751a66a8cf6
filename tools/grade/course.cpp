#include "course.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace camnet::grade {

std::optional<int> lab_number_of_folder(const std::string& folder) {
  static const std::regex pattern("([0-9][0-9])-[a-z0-9-]+");
  std::smatch match;
  if (!std::regex_match(folder, match, pattern) || std::stoi(match[1]) == 0)
    return std::nullopt;
  return std::stoi(match[1]);
}

bool is_source_file(const fs::path& path) {
  static const std::set<std::string> extensions{".cpp", ".hpp", ".cc", ".h"};
  return extensions.count(path.extension().string()) != 0;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw GradeError(path.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool write_file_if_changed(const fs::path& path, const std::string& text) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec) && !fs::is_symlink(path, ec) &&
      fs::file_size(path, ec) == text.size() && read_file(path) == text) {
    return false;
  }
  if (path.has_parent_path())
    fs::create_directories(path.parent_path());
  fs::remove(path, ec);  // a symbolic link is replaced, never written through
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out)
    throw GradeError(path.string() + ": cannot be written");
  return true;
}

const CourseLab* Course::lab(int number) const {
  for (const CourseLab& l : labs) {
    if (l.number == number)
      return &l;
  }
  return nullptr;
}

Course open_course(const fs::path& root) {
  Course course;
  course.root = fs::absolute(root).lexically_normal();
  if (!fs::is_directory(course.labs_dir())) {
    throw GradeError(course.root.string() + ": not a camnet course (no labs/ folder)");
  }
  if (!fs::is_directory(course.solutions_dir())) {
    throw GradeError(course.root.string() +
                     ": has no solutions/ (this is the student edition): grading needs the "
                     "instructor's repository");
  }
  for (const fs::directory_entry& dir : fs::directory_iterator(course.solutions_dir())) {
    std::string folder = dir.path().filename().string();
    std::optional<int> number = lab_number_of_folder(folder);
    if (!dir.is_directory() || !number || !fs::is_directory(course.labs_dir() / folder))
      continue;
    CourseLab lab;
    lab.number = *number;
    lab.folder = folder;
    lab.name = folder.substr(3);
    std::set<fs::path> layers;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir.path())) {
      if (!entry.is_regular_file() || !is_source_file(entry.path()))
        continue;
      fs::path relative = fs::relative(entry.path(), dir.path());
      lab.solution_files.push_back(relative);
      if (fs::is_regular_file(course.labs_dir() / folder / relative)) {
        lab.student_files.push_back(relative);
        layers.insert(relative.parent_path());
      }
    }
    std::sort(lab.solution_files.begin(), lab.solution_files.end());
    std::sort(lab.student_files.begin(), lab.student_files.end());
    lab.layer_folders.assign(layers.begin(), layers.end());
    if (!lab.student_files.empty())
      course.labs.push_back(std::move(lab));
  }
  std::sort(course.labs.begin(), course.labs.end(),
            [](const CourseLab& a, const CourseLab& b) { return a.number < b.number; });
  if (course.labs.empty())
    throw GradeError(course.root.string() + ": no lab has both labs/NN-name and solutions/NN-name");
  return course;
}

fs::path built_course_dir() {
  return CAMNET_COURSE_DIR;
}

std::vector<int> parse_lab_list(const std::string& text, const std::string& option) {
  std::vector<int> labs;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (item.empty() || item.size() > 3 ||
        !std::all_of(item.begin(), item.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(item) == 0) {
      throw GradeError(option + " " + text + ": '" + item +
                       "' is not a lab number (write them like 1,2)");
    }
    int n = std::stoi(item);
    if (std::find(labs.begin(), labs.end(), n) == labs.end())
      labs.push_back(n);
  }
  if (labs.empty())
    throw GradeError(option + " needs lab numbers, like 1,2");
  std::sort(labs.begin(), labs.end());
  return labs;
}

}  // namespace camnet::grade
