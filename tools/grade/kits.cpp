#include "kits.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

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

// Whether `path` is `dir` or inside it (both absolute and normal).
bool is_inside(const fs::path& path, const fs::path& dir) {
  fs::path relative = path.lexically_relative(dir);
  return !relative.empty() && *relative.begin() != "..";
}

// Whether a hidden-test folder holds a test source (as the grader looks for them).
bool has_test_sources(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return false;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".cpp")
      return true;
  }
  return false;
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

// The labs the course's tests (not the hidden ones) belong to, in order.
std::vector<int> labs_of(const std::vector<TestInfo>& tests) {
  std::vector<int> labs;
  for (const TestInfo& t : tests) {
    if (!t.from_hidden && std::find(labs.begin(), labs.end(), t.lab) == labs.end())
      labs.push_back(t.lab);
  }
  std::sort(labs.begin(), labs.end());
  return labs;
}

// "lab 1", "labs 1 and 2", "labs 1, 2 and 3".
std::string lab_names(const std::vector<int>& labs) {
  std::string names;
  for (std::size_t i = 0; i < labs.size(); ++i)
    names += fmt::format("{}{}", i == 0 ? "" : (i + 1 == labs.size() ? " and " : ", "), labs[i]);
  return (labs.size() == 1 ? "lab " : "labs ") + names;
}

}  // namespace

std::string gradescope_lab_folder(int lab) {
  return fmt::format("lab{}", lab);
}

KitSummary write_gradescope_kit(const GradescopeKitOptions& options) {
  Course course = open_course(options.course_dir);
  for (int n : options.labs) {
    if (course.lab(n) == nullptr)
      throw GradeError(fmt::format("--labs: the course has no lab {}", n));
  }
  fs::path hidden;
  if (!options.hidden.empty()) {
    if (!fs::is_directory(options.hidden))
      throw GradeError("--hidden " + options.hidden.string() + ": no such folder");
    hidden = fs::weakly_canonical(options.hidden);
    if (std::none_of(course.labs.begin(), course.labs.end(),
                     [&](const CourseLab& lab) { return has_test_sources(hidden / lab.folder); }))
      throw GradeError(fmt::format(
          "--hidden {}: no lab folder with test sources in it (expected {}/test_*.cpp, ...)",
          options.hidden.string(), course.labs.front().folder));
  }
  require_new_folder(options.out);
  fs::path out = fs::weakly_canonical(fs::absolute(options.out));
  fs::path kits = course.root / "tools" / "grade" / "kits";

  // The course's files, less the kit itself and the hidden tests when they are inside the course
  // (each autograder holds one copy of the hidden tests, its own hidden/).
  fs::path root = fs::weakly_canonical(course.root);
  std::vector<fs::path> files;
  for (const fs::path& relative : course_files(course.root)) {
    fs::path file = root / relative;
    if (!is_inside(file, out) && (hidden.empty() || !is_inside(file, hidden)))
      files.push_back(relative);
  }
  std::string jobs = read_file(kits / "gradescope-jobs.sh");

  // One autograder per lab, or one for the labs asked for.
  struct Autograder {
    fs::path folder;
    std::vector<int> labs;
  };
  std::vector<Autograder> autograders;
  if (options.labs.empty()) {
    for (const CourseLab& lab : course.labs)
      autograders.push_back({out / gradescope_lab_folder(lab.number), {lab.number}});
  } else {
    autograders.push_back({out, options.labs});
  }

  KitSummary summary;
  bool zipped = !find_program("zip").empty();
  for (const Autograder& a : autograders) {
    fs::path bundle = a.folder / "autograder";
    for (const fs::path& relative : files) {
      fs::create_directories((bundle / relative).parent_path());
      fs::copy_file(course.root / relative, bundle / relative,
                    fs::copy_options::overwrite_existing);
    }
    std::string list;
    std::string names;
    for (int n : a.labs) {
      list += fmt::format("{}{}", list.empty() ? "" : ",", n);
      names += fmt::format("{}lab {} ({})", names.empty() ? "" : ", ", n, course.lab(n)->name);
    }
    std::string grade_options;
    bool with_hidden = false;
    if (!hidden.empty()) {
      // The graded labs' hidden tests, and whatever else the folder holds but other labs' tests.
      for (const fs::directory_entry& e : fs::directory_iterator(hidden)) {
        std::string name = e.path().filename().string();
        std::optional<int> n = lab_number_of_folder(name);
        bool graded = n && std::find(a.labs.begin(), a.labs.end(), *n) != a.labs.end();
        if (name.rfind(".", 0) == 0 || (n && !graded))
          continue;
        fs::create_directories(bundle / "hidden");
        fs::copy(e.path(), bundle / "hidden" / name,
                 fs::copy_options::recursive | fs::copy_options::copy_symlinks);
        with_hidden = with_hidden || (graded && has_test_sources(e.path()));
      }
      if (with_hidden)
        grade_options += " --hidden hidden";
      else
        fs::remove_all(bundle / "hidden");
    }
    grade_options += " --labs " + list;
    for (const char* name : {"setup.sh", "run_autograder"}) {
      std::string text = read_file(kits / (std::string("gradescope-") + name));
      text = fill(text, "@GRADE_OPTIONS@", grade_options);
      text = fill(text, "@LABS@", names);
      text = fill(text, "@JOBS@\n", jobs);
      write_file_if_changed(bundle / name, text);
      make_executable(bundle / name);
    }
    std::string what = fmt::format(
        "the autograder of the Gradescope assignment for {}{}", names,
        hidden.empty() ? "" : (with_hidden ? ", with its hidden tests" : ", no hidden tests"));
    if (!zipped) {
      summary.written.push_back({bundle, what});
      continue;
    }
    RunLimits limits;
    limits.timeout = std::chrono::seconds(300);
    limits.output_cap = 1024 * 1024;
    fs::path zip = a.folder / "autograder.zip";
    RunResult r = run({{"zip", "-q", "-r", "-X", zip.string(), "."}, bundle, {}}, limits);
    if (r.ending != Ending::exited || r.exit_code != 0)
      throw GradeError("zip failed: " + r.output);
    summary.written.push_back({zip, what});
  }
  const char* settings =
      "; base image Ubuntu 24.04, and at least 2 CPUs and 3 GB of memory: see "
      "docs/instructors.md, \"Gradescope\"";
  if (!zipped) {
    summary.next_step = fmt::format(
        "zip is not installed: zip the contents of each autograder folder (not the folder "
        "itself) and upload each zip as its assignment's autograder{}",
        settings);
  } else if (autograders.size() > 1) {
    summary.next_step = fmt::format(
        "make one Gradescope programming assignment per lab and upload its autograder.zip as "
        "the assignment's autograder{}",
        settings);
  } else {
    summary.next_step = fmt::format("upload {} as the assignment's autograder{}",
                                    summary.written.front().path.string(), settings);
  }
  return summary;
}

std::string classroom_workflow(const std::vector<TestInfo>& tests) {
  std::vector<int> labs = labs_of(tests);
  std::string list;
  for (int n : labs)
    list += fmt::format("{}{}", list.empty() ? "" : ",", n);
  std::string out = fmt::format(
      "# GitHub Classroom autograding of {}, written by `camnet kit classroom --labs {}`.\n"
      "# The packages are installed, then each lab's tests are built and each test is one graded\n"
      "# step, its points from the test's tags. Every build and test step runs even when an\n"
      "# earlier one failed (if: always()), so a lab that does not compile costs the tests that\n"
      "# need it, and the reporter still reports the score. Regenerate this file (rather than\n"
      "# edit it) when the course's tests change.\n"
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
      "      - name: Install the packages the labs' tests need (installs only, builds nothing)\n"
      "        run: tools/setup.sh --grading\n"
      "      - name: Configure the build\n"
      "        run: cmake --preset default\n",
      labs.empty() ? "no lab" : lab_names(labs), list);
  std::string runners;
  std::string env;
  int index = 0;
  for (int lab : labs) {
    out += fmt::format("      - name: \"Build lab {}'s tests\"\n", lab);
    out += fmt::format("        id: build_lab{}\n", lab);
    out += "        if: always()\n";
    out += fmt::format("        run: cmake --build --preset default --target lab{}_tests\n", lab);
    for (const TestInfo& t : tests) {
      if (t.from_hidden || t.lab != lab)
        continue;
      std::string id = fmt::format("lab{}_t{:03}", t.lab, ++index);
      std::string full = fmt::format("lab{}/{}", t.lab, t.name);
      std::string command =
          "ctest --test-dir build/default --no-tests=error --output-on-failure -R " +
          shell_quote(exact_regex(full));
      out += fmt::format("      - name: {}\n", yaml_quote(full));
      out += fmt::format("        id: {}\n", id);
      out += "        if: always()\n";
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
  }
  out += "      - name: Autograding Reporter\n";
  out += "        if: always()\n";
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
  std::string names = lab_names(labs_of(tests));
  KitSummary summary;
  summary.written = {{workflow, "the GitHub Classroom workflow grading " + names}};
  summary.next_step =
      "commit it with the student edition and use that repository as the template of the "
      "Classroom assignment for " +
      names;
  return summary;
}

}  // namespace camnet::grade
