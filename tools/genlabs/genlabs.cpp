#include "genlabs.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace camnet::genlabs {
namespace {

constexpr std::string_view begin_code = "// BEGIN SOLUTION:";
constexpr std::string_view begin_decls = "// BEGIN SOLUTION DECLARATIONS:";
constexpr std::string_view end_marker = "// END SOLUTION";
constexpr std::string_view solution_only = "// SOLUTION ONLY";

std::string trim_left(const std::string& line) {
  std::size_t first = line.find_first_not_of(" \t");
  return first == std::string::npos ? "" : line.substr(first);
}

std::string trim(std::string text) {
  text = trim_left(text);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::string escape_for_string_literal(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    lines.push_back(line);
  return lines;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool is_source(const fs::path& path) {
  static const std::set<std::string> extensions{".hpp", ".cpp", ".h", ".cc"};
  return extensions.count(path.extension().string()) != 0;
}

// "01-frame" -> 1; 0 for folders that are not labs.
int lab_number(const std::string& folder) {
  static const std::regex pattern("([0-9][0-9])-[a-z0-9-]+");
  std::smatch match;
  if (!std::regex_match(folder, match, pattern))
    return 0;
  return std::stoi(match[1]);
}

struct Plan {
  fs::path solution;
  fs::path lab;
  int lab_number;
};

// Every solution source and where its student edition goes.
std::vector<Plan> plan_tree(const fs::path& solutions_root, const fs::path& labs_root) {
  std::vector<Plan> plans;
  for (const fs::directory_entry& lab_dir : fs::directory_iterator(solutions_root)) {
    int number = lab_number(lab_dir.path().filename().string());
    if (!lab_dir.is_directory() || number == 0)
      continue;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(lab_dir.path())) {
      if (!entry.is_regular_file() || !is_source(entry.path()))
        continue;
      fs::path relative = fs::relative(entry.path(), solutions_root);
      plans.push_back({entry.path(), labs_root / relative, number});
    }
  }
  std::sort(plans.begin(), plans.end(), [](const Plan& a, const Plan& b) { return a.lab < b.lab; });
  return plans;
}

// The folders under labs/ that hold generated code: those that mirror a folder of solution sources.
std::set<fs::path> generated_folders(const std::vector<Plan>& plans) {
  std::set<fs::path> folders;
  for (const Plan& plan : plans)
    folders.insert(plan.lab.parent_path());
  return folders;
}

std::optional<std::string> generate(const Plan& plan) {
  return student_edition(read_file(plan.solution), plan.lab_number, plan.solution.string());
}

}  // namespace

std::optional<std::string> student_edition(const std::string& solution_text, int lab,
                                           const std::string& name) {
  std::vector<std::string> lines = split_lines(solution_text);
  if (!lines.empty() && trim(lines[0]) == solution_only)
    return std::nullopt;

  std::string out;
  std::size_t i = 0;
  while (i < lines.size()) {
    const std::string& line = lines[i];
    std::string stripped = trim_left(line);
    bool code = starts_with(stripped, begin_code);
    bool decls = starts_with(stripped, begin_decls);
    if (starts_with(stripped, end_marker)) {
      throw GenerateError{name + ":" + std::to_string(i + 1) + ": END SOLUTION without BEGIN"};
    }
    if (!code && !decls) {
      out += line + "\n";
      ++i;
      continue;
    }
    std::string indent = line.substr(0, line.size() - stripped.size());
    std::string hint = trim(stripped.substr(code ? begin_code.size() : begin_decls.size()));
    if (hint.empty()) {
      throw GenerateError{name + ":" + std::to_string(i + 1) + ": BEGIN SOLUTION needs a hint"};
    }
    std::string todo = "TODO(lab " + std::to_string(lab) + "): " + hint;
    out += indent + "// " + todo + "\n";
    std::size_t begin_line = i++;
    // The comment lines right after the marker are part of the hint: the student keeps them.
    auto is_marker = [](const std::string& text) {
      std::string t = trim_left(text);
      return starts_with(t, end_marker) || starts_with(t, begin_code) ||
             starts_with(t, begin_decls);
    };
    while (i < lines.size() && starts_with(trim_left(lines[i]), "//") && !is_marker(lines[i])) {
      out += lines[i] + "\n";
      ++i;
    }
    if (code)
      out += indent + "camnet::todo(\"" + escape_for_string_literal(todo) + "\");\n";
    while (i < lines.size() && !starts_with(trim_left(lines[i]), end_marker)) {
      std::string inner = trim_left(lines[i]);
      if (starts_with(inner, begin_code) || starts_with(inner, begin_decls)) {
        throw GenerateError{name + ":" + std::to_string(i + 1) +
                            ": BEGIN SOLUTION inside another block (opened at line " +
                            std::to_string(begin_line + 1) + ")"};
      }
      ++i;
    }
    if (i == lines.size()) {
      throw GenerateError{name + ":" + std::to_string(begin_line + 1) +
                          ": BEGIN SOLUTION has no END SOLUTION"};
    }
    ++i;  // skip END SOLUTION
  }
  return out;
}

std::vector<Difference> check_tree(const fs::path& solutions_root, const fs::path& labs_root) {
  std::vector<Difference> differences;
  std::vector<Plan> plans = plan_tree(solutions_root, labs_root);
  std::set<fs::path> expected_files;
  for (const Plan& plan : plans) {
    std::optional<std::string> want = generate(plan);
    if (!want)
      continue;
    expected_files.insert(plan.lab);
    if (!fs::exists(plan.lab)) {
      differences.push_back(
          {plan.lab, "is missing (run the generator: cmake --build build --target labs)"});
      continue;
    }
    std::vector<std::string> want_lines = split_lines(*want);
    std::vector<std::string> have_lines = split_lines(read_file(plan.lab));
    std::size_t n = std::min(want_lines.size(), have_lines.size());
    std::size_t line = 0;
    while (line < n && want_lines[line] == have_lines[line])
      ++line;
    if (line == n && want_lines.size() == have_lines.size())
      continue;
    std::string what = "differs from what " + plan.solution.string() + " generates, at line " +
                       std::to_string(line + 1) + ": expected \"" +
                       (line < want_lines.size() ? want_lines[line] : "(end of file)") +
                       "\", found \"" +
                       (line < have_lines.size() ? have_lines[line] : "(end of file)") + "\"";
    differences.push_back({plan.lab, what});
  }
  for (const fs::path& folder : generated_folders(plans)) {
    if (!fs::exists(folder))
      continue;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
      if (entry.is_regular_file() && is_source(entry.path()) &&
          !expected_files.count(entry.path())) {
        differences.push_back({entry.path(), "is not generated from any file under solutions/"});
      }
    }
  }
  return differences;
}

std::vector<fs::path> write_tree(const fs::path& solutions_root, const fs::path& labs_root) {
  std::vector<fs::path> changed;
  for (const Plan& plan : plan_tree(solutions_root, labs_root)) {
    std::optional<std::string> text = generate(plan);
    if (!text)
      continue;
    if (fs::exists(plan.lab) && read_file(plan.lab) == *text)
      continue;
    fs::create_directories(plan.lab.parent_path());
    std::ofstream(plan.lab, std::ios::binary) << *text;
    changed.push_back(plan.lab);
  }
  return changed;
}

}  // namespace camnet::genlabs
