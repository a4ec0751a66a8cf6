#include "kits.hpp"

#include <fmt/format.h>

#include "export.hpp"
#include "process.hpp"

namespace fs = std::filesystem;

namespace camnet::grade {
namespace {

std::string fill(std::string text, const std::string& placeholder, const std::string& value) {
  for (std::size_t at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + value.size())) {
    text.replace(at, placeholder.size(), value);
  }
  return text;
}

void make_executable(const fs::path& path) {
  fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                  fs::perm_options::add);
}

void require_new_folder(const fs::path& out) {
  std::error_code ec;
  if (out.empty())
    throw GradeError("--out: name the folder to write the kit into");
  if (fs::exists(out) && !(fs::is_directory(out) && fs::is_empty(out, ec)))
    throw GradeError("--out " + out.string() + ": exists and is not an empty folder");
}

// A CTest -R pattern matching exactly `name`.
std::string exact_regex(const std::string& name) {
  std::string out = "^";
  for (char c : name) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos)
      out += '\\';
    out += c;
  }
  return out + "$";
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string yaml_quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

KitSummary write_gradescope_kit(const GradescopeKitOptions& options) {
  Course course = open_course(options.course_dir);
  for (int n : options.labs) {
    if (course.lab(n) == nullptr)
      throw GradeError(fmt::format("--labs: the course has no lab {}", n));
  }
  if (!options.hidden.empty() && !fs::is_directory(options.hidden))
    throw GradeError("--hidden " + options.hidden.string() + ": no such folder");
  require_new_folder(options.out);
  fs::path out = fs::absolute(options.out);
  fs::path bundle = out / "autograder";
  fs::path kits = course.root / "tools" / "grade" / "kits";

  for (const fs::path& relative : course_files(course.root)) {
    fs::create_directories((bundle / relative).parent_path());
    fs::copy_file(course.root / relative, bundle / relative, fs::copy_options::overwrite_existing);
  }
  std::string grade_options;
  if (!options.hidden.empty()) {
    fs::copy(options.hidden, bundle / "hidden", fs::copy_options::recursive);
    grade_options += " --hidden hidden";
  }
  if (!options.labs.empty()) {
    std::string list;
    for (int n : options.labs)
      list += fmt::format("{}{}", list.empty() ? "" : ",", n);
    grade_options += " --labs " + list;
  }
  for (const char* name : {"setup.sh", "run_autograder"}) {
    std::string text = read_file(kits / (std::string("gradescope-") + name));
    write_file_if_changed(bundle / name, fill(text, "@GRADE_OPTIONS@", grade_options));
    make_executable(bundle / name);
  }

  KitSummary summary;
  summary.written = {bundle / "setup.sh", bundle / "run_autograder"};
  if (find_program("zip").empty()) {
    summary.next_step = fmt::format(
        "zip is not installed: zip the contents of {} (not the folder itself), then upload the "
        "zip as the autograder",
        bundle.string());
    return summary;
  }
  RunLimits limits;
  limits.timeout = std::chrono::seconds(300);
  limits.output_cap = 1024 * 1024;
  RunResult r =
      run({{"zip", "-q", "-r", (out / "autograder.zip").string(), "."}, bundle, {}}, limits);
  if (r.ending != Ending::exited || r.exit_code != 0)
    throw GradeError("zip failed: " + r.output);
  summary.written.push_back(out / "autograder.zip");
  summary.next_step = fmt::format(
      "upload {} as the assignment's autograder (base image: Ubuntu 24.04 or newer, for "
      "CMake 3.25)",
      (out / "autograder.zip").string());
  return summary;
}

std::string classroom_workflow(const std::vector<TestInfo>& tests) {
  std::string out =
      "# GitHub Classroom autograding for the camnet student edition, written by\n"
      "# `camnet kit classroom`: one graded step per test, its points from the test's tags.\n"
      "# Regenerate it (rather than edit it) when the course's tests change.\n"
      "name: Autograding Tests\n"
      "'on': [push, workflow_dispatch, repository_dispatch]\n"
      "permissions:\n"
      "  checks: write\n"
      "  actions: read\n"
      "  contents: read\n"
      "jobs:\n"
      "  run-autograding-tests:\n"
      "    runs-on: ubuntu-latest\n"
      "    container: debian:12\n"
      "    if: github.actor != 'github-classroom[bot]'\n"
      "    steps:\n"
      "      - name: Check out the code\n"
      "        uses: actions/checkout@v4\n"
      "      - name: Install the packages and build (the README's first command)\n"
      "        run: tools/setup.sh\n";
  std::string runners;
  std::string env;
  int index = 0;
  for (const TestInfo& t : tests) {
    if (t.from_hidden)
      continue;
    std::string id = fmt::format("lab{}_t{:03}", t.lab, ++index);
    std::string full = fmt::format("lab{}/{}", t.lab, t.name);
    std::string command =
        "ctest --test-dir build/default --no-tests=error --output-on-failure -R " +
        shell_quote(exact_regex(full));
    out += fmt::format("      - name: {}\n", yaml_quote(full));
    out += fmt::format("        id: {}\n", id);
    out += "        uses: classroom-resources/autograding-command-grader@v1\n";
    out += "        with:\n";
    out += fmt::format("          test-name: {}\n", yaml_quote(full));
    out += "          setup-command: ''\n";
    out += fmt::format("          command: {}\n", yaml_quote(command));
    out += "          timeout: 1\n";
    out += fmt::format("          max-score: {}\n", t.points);
    runners += (runners.empty() ? "" : ",") + id;
    std::string upper = id;
    for (char& c : upper)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    env += fmt::format("          {}_RESULTS: \"${{{{steps.{}.outputs.result}}}}\"\n", upper, id);
  }
  out += "      - name: Autograding Reporter\n";
  out += "        uses: classroom-resources/autograding-grading-reporter@v1\n";
  out += "        env:\n" + env;
  out += "        with:\n";
  out += "          runners: " + runners + "\n";
  return out;
}

KitSummary write_classroom_kit(const fs::path& edition, const std::vector<TestInfo>& tests) {
  if (!fs::is_regular_file(edition / "CMakePresets.json") || !fs::is_directory(edition / "labs"))
    throw GradeError("--out " + edition.string() +
                     ": not a student edition (write one with camnet export-student)");
  if (fs::exists(edition / "solutions"))
    throw GradeError("--out " + edition.string() +
                     ": has solutions/: the workflow belongs in the student edition");
  fs::path workflow = edition / ".github" / "workflows" / "classroom.yml";
  write_file_if_changed(workflow, classroom_workflow(tests));
  KitSummary summary;
  summary.written = {workflow};
  summary.next_step =
      "commit it with the student edition; use that repository as the assignment's template";
  return summary;
}

}  // namespace camnet::grade
