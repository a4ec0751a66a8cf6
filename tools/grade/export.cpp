#include "export.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "course.hpp"
#include "process.hpp"

namespace fs = std::filesystem;

namespace camnet::grade {
namespace {

// What only instructors use. Everything else of the course goes to students.
constexpr const char* instructor_only[] = {
    "solutions/",                      // the reference
    ".ci/",                            // the course's own CI (the edition gets the classroom kit's)
    ".github/",                        //
    "tools/genlabs/",                  // writes labs/ from solutions/
    "tools/grade/",                    // the grader, its tests, kits and example hidden tests
    "tools/camnet/grade_command.cpp",  // camnet grade, export-student, kit
    "docs/instructors.md",             // the instructor's guide
};

bool is_instructor_only(const fs::path& relative) {
  std::string path = relative.generic_string();
  return std::any_of(std::begin(instructor_only), std::end(instructor_only),
                     [&](const char* prefix) { return path.rfind(prefix, 0) == 0; });
}

[[noreturn]] void changed(const std::string& file, const std::string& expected) {
  throw GradeError(fmt::format(
      "{}: the student edition changes the line '{}', which is not there any more (update "
      "tools/grade/export.cpp to match)",
      file, expected));
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos)
      end = text.size();
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

std::string trimmed(const std::string& line) {
  std::size_t first = line.find_first_not_of(" \t");
  return first == std::string::npos ? ""
                                    : line.substr(first, line.find_last_not_of(" \t") + 1 - first);
}

void replace_once(std::string& text, const std::string& from, const std::string& to,
                  const std::string& file) {
  std::size_t at = text.find(from);
  if (at == std::string::npos)
    changed(file, from);
  if (text.find(from, at + 1) != std::string::npos)
    throw GradeError(fmt::format(
        "{}: '{}' is there more than once; the student edition expects one", file, from));
  text.replace(at, from.size(), to);
}

std::string fill(std::string text, const std::string& placeholder, const std::string& value) {
  for (std::size_t at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + value.size())) {
    text.replace(at, placeholder.size(), value);
  }
  return text;
}

// The top CMakeLists.txt: every lab from labs/ by default, and no labs/ generator.
std::string student_cmakelists(std::string text) {
  const std::string file = "CMakeLists.txt";
  replace_once(text, "set(CAMNET_TRACK \"reference\"", "set(CAMNET_TRACK \"student\"", file);
  std::string out;
  bool removed = false;
  for (const std::string& line : split_lines(text)) {
    if (trimmed(line) == "add_subdirectory(tools/genlabs)") {
      removed = true;
      continue;
    }
    out += line + "\n";
  }
  if (!removed)
    changed(file, "add_subdirectory(tools/genlabs)");
  return out;
}

// CMakePresets.json: `default` builds the student's code; the course's `student` presets (the same
// build under another name) are left out, so the edition has one name for it.
std::string student_presets(std::string text) {
  const std::string file = "CMakePresets.json";
  replace_once(text, "\"CAMNET_TRACK\": \"reference\"", "\"CAMNET_TRACK\": \"student\"", file);
  replace_once(text, "\"Reference track (solutions/), the main build\"",
               "\"Your code (labs/): the main build\"", file);
  replace_once(text,
               "    {\n"
               "      \"name\": \"student\",\n"
               "      \"displayName\": \"Student track (labs/): what a student builds\",\n"
               "      \"inherits\": \"default\",\n"
               "      \"binaryDir\": \"${sourceDir}/build/student\",\n"
               "      \"cacheVariables\": { \"CAMNET_TRACK\": \"student\" }\n"
               "    },\n",
               "", file);
  replace_once(text, "    { \"name\": \"student\", \"configurePreset\": \"student\" },\n", "",
               file);
  replace_once(text,
               "    {\n"
               "      \"name\": \"student\",\n"
               "      \"configurePreset\": \"student\",\n"
               "      \"output\": { \"outputOnFailure\": false },\n"
               "      \"execution\": { \"jobs\": 2 }\n"
               "    },\n",
               "", file);
  return text;
}

// tools/setup.sh: the course's package installation and configuration; the template then builds
// lab 1 first and runs its tests (the course's main job runs every lab, which is the student's
// TODOs until they write it).
std::string student_setup(const std::string& course_setup, const std::string& template_text) {
  const std::string file = "tools/setup.sh";
  std::vector<std::string> lines = split_lines(course_setup);
  auto find = [&](const std::string& line) {
    auto it = std::find_if(lines.begin(), lines.end(),
                           [&](const std::string& l) { return trimmed(l) == line; });
    if (it == lines.end())
      changed(file, line);
    return it;
  };
  auto first = find("set -euo pipefail");
  auto last = find("cmake --preset default \"${cmake_args[@]}\"");
  if (last < first)
    changed(file, "cmake --preset default \"${cmake_args[@]}\"");
  std::string body;
  for (auto it = first; it <= last; ++it)
    body += *it + "\n";
  return fill(template_text, "@COURSE_SETUP@\n", body);
}

std::string handout_title(const fs::path& handout, const std::string& fallback) {
  std::error_code ec;
  if (!fs::is_regular_file(handout, ec))
    return fallback;
  std::string first = split_lines(read_file(handout)).front();
  std::size_t colon = first.find(": ");
  return colon == std::string::npos ? fallback : first.substr(colon + 2);
}

std::string student_readme(const Course& course, const std::vector<int>& release,
                           const std::string& template_text) {
  std::string rows;
  std::string released;
  for (const CourseLab& lab : course.labs) {
    bool is_released = std::find(release.begin(), release.end(), lab.number) != release.end();
    std::string code;
    for (const fs::path& layer : lab.layer_folders)
      code += fmt::format("{}`labs/{}/{}/`", code.empty() ? "" : ", ", lab.folder, layer.string());
    rows += fmt::format("| {} | {} | [labs/{}](labs/{}/README.md) | {} |\n", lab.number,
                        handout_title(course.labs_dir() / lab.folder / "README.md", lab.name),
                        lab.folder, lab.folder,
                        is_released ? code + ": the solution is included" : code);
    if (is_released)
      released += fmt::format("{}lab {}", released.empty() ? "" : ", ", lab.number);
  }
  std::string note;
  if (!released.empty()) {
    note = fmt::format(
        "\nYour instructor has included the solution of {}: that code is complete, its tests pass, "
        "and the later labs build on it. Replace it with your own if you like.\n",
        released);
  }
  return fill(fill(template_text, "@LABS@\n", rows), "@RELEASED@\n", note);
}

void copy_course_file(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

}  // namespace

std::vector<fs::path> course_files(const fs::path& course_dir) {
  std::vector<fs::path> files;
  if (fs::exists(course_dir / ".git") && !find_program("git").empty()) {
    RunLimits limits;
    limits.timeout = std::chrono::seconds(60);
    limits.output_cap = 16 * 1024 * 1024;
    RunResult r = run({{"git", "-C", course_dir.string(), "ls-files", "-z", "--cached", "--others",
                        "--exclude-standard"},
                       {},
                       {}},
                      limits);
    if (r.ending != Ending::exited || r.exit_code != 0)
      throw GradeError(course_dir.string() + ": git ls-files failed: " + r.output);
    std::size_t begin = 0;
    while (begin < r.output.size()) {
      std::size_t end = r.output.find('\0', begin);
      if (end == std::string::npos)
        end = r.output.size();
      fs::path relative = r.output.substr(begin, end - begin);
      std::error_code ec;
      if (fs::is_regular_file(course_dir / relative, ec) &&
          !fs::is_symlink(course_dir / relative, ec))
        files.push_back(relative);
      begin = end + 1;
    }
  } else {
    for (auto it = fs::recursive_directory_iterator(course_dir);
         it != fs::recursive_directory_iterator(); ++it) {
      fs::path relative = fs::relative(it->path(), course_dir);
      std::string top = relative.begin()->string();
      if (top == ".git" || top == ".cache" || top.rfind("build", 0) == 0) {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && !it->is_symlink())
        files.push_back(relative);
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

ExportSummary export_student_edition(const ExportOptions& options) {
  Course course = open_course(options.course_dir);
  for (int n : options.release) {
    if (course.lab(n) == nullptr)
      throw GradeError(fmt::format("--release-solutions: the course has no lab {}", n));
  }
  if (options.out.empty())
    throw GradeError("--out: name the folder to write the student edition into");
  std::error_code ec;
  if (fs::exists(options.out) &&
      !(fs::is_directory(options.out) && fs::is_empty(options.out, ec))) {
    throw GradeError("--out " + options.out.string() +
                     ": exists and is not an empty folder (the edition goes into a new one)");
  }
  fs::path out = fs::absolute(options.out);
  fs::path kits = course.root / "tools" / "grade" / "kits";

  ExportSummary summary;
  for (const fs::path& relative : course_files(course.root)) {
    if (is_instructor_only(relative))
      continue;
    copy_course_file(course.root / relative, out / relative);
    ++summary.files;
  }
  for (int n : options.release) {
    const CourseLab& lab = *course.lab(n);
    for (const fs::path& relative : lab.solution_files) {
      write_file_if_changed(out / "labs" / lab.folder / relative,
                            read_file(course.solutions_dir() / lab.folder / relative));
    }
    summary.released.push_back(lab.folder);
  }
  write_file_if_changed(out / "CMakeLists.txt",
                        student_cmakelists(read_file(course.root / "CMakeLists.txt")));
  write_file_if_changed(out / "CMakePresets.json",
                        student_presets(read_file(course.root / "CMakePresets.json")));
  write_file_if_changed(out / "tools" / "setup.sh",
                        student_setup(read_file(course.root / "tools" / "setup.sh"),
                                      read_file(kits / "student-setup.sh")));
  fs::permissions(out / "tools" / "setup.sh", fs::perms::owner_all | fs::perms::group_read |
                                                  fs::perms::group_exec | fs::perms::others_read |
                                                  fs::perms::others_exec);
  write_file_if_changed(out / "README.md", student_readme(course, options.release,
                                                          read_file(kits / "student-README.md")));
  return summary;
}

}  // namespace camnet::grade
