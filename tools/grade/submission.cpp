#include "submission.hpp"

#include <algorithm>
#include <array>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "process.hpp"

namespace fs = std::filesystem;

namespace camnet::grade {
namespace {

constexpr std::uintmax_t largest_source = 1024 * 1024;  // a bigger "source file" is not one
constexpr std::array<const char*, 8> archive_endings{".zip",    ".tar", ".tar.gz",  ".tgz",
                                                     ".tar.xz", ".txz", ".tar.bz2", ".tbz2"};

bool ends_with(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string archive_ending(const std::string& name) {
  std::string l = lower(name);
  std::string best;
  for (const char* end : archive_endings) {
    if (ends_with(l, end) && std::string(end).size() > best.size())
      best = end;
  }
  return best;
}

bool is_bare_repository(const fs::path& dir) {
  return fs::is_regular_file(dir / "HEAD") && fs::is_directory(dir / "objects") &&
         fs::is_directory(dir / "refs");
}

bool is_git_source(const std::string& submission) {
  if (submission.find("://") != std::string::npos || submission.rfind("git@", 0) == 0)
    return true;
  fs::path path = submission;
  std::string name =
      path.filename().empty() ? path.parent_path().filename().string() : path.filename().string();
  return fs::is_directory(path) && (ends_with(name, ".git") || is_bare_repository(path));
}

void run_or_throw(const Command& command, std::chrono::seconds timeout, const std::string& what) {
  RunLimits limits;
  limits.timeout = timeout;
  limits.output_cap = 256 * 1024;
  RunResult r = run(command, limits);
  if (r.ending == Ending::exited && r.exit_code == 0)
    return;
  std::string why = r.ending == Ending::timed_out ? fmt::format("took over {} s", timeout.count())
                    : r.ending == Ending::not_started ? r.output
                                                      : "";
  if (why.empty()) {
    // The tool's last line says what went wrong.
    std::string out = r.output;
    while (!out.empty() && out.back() == '\n')
      out.pop_back();
    why = out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
    if (why.empty())
      why = r.ending == Ending::signalled ? describe_signal(r.signal)
                                          : fmt::format("exit status {}", r.exit_code);
  }
  throw GradeError(what + ": " + why);
}

bool holds_a_lab(const fs::path& dir, const Course& course) {
  return std::any_of(course.labs.begin(), course.labs.end(),
                     [&](const CourseLab& lab) { return fs::is_directory(dir / lab.folder); });
}

fs::path find_labs_root(const fs::path& top, const std::string& submission, const Course& course) {
  fs::path dir = top;
  for (int depth = 0; depth < 4; ++depth) {
    if (fs::is_directory(dir / "labs") && holds_a_lab(dir / "labs", course)) {
      if (fs::is_symlink(dir / "labs"))
        throw GradeError(submission +
                         ": labs is a symbolic link: refused (only the submission's "
                         "own files count)");
      return dir / "labs";
    }
    if (holds_a_lab(dir, course))
      return dir;
    std::vector<fs::path> folders;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
      std::string name = entry.path().filename().string();
      if (entry.is_directory() && !entry.is_symlink() && name[0] != '.' && name != "__MACOSX")
        folders.push_back(entry.path());
    }
    if (folders.size() != 1)
      break;
    dir = folders.front();
  }
  throw GradeError(fmt::format("{}: no lab folders in it (expected labs/{}/ or {}/, ...)",
                               submission, course.labs.front().folder, course.labs.front().folder));
}

// Why the file `relative` (under `base`) is not one the submission holds itself, or "" when it is
// (or does not exist): a part of its path that is a symbolic link (it would read a file outside
// the submission, the course's solutions say), or a file that is not a regular file with one name.
std::string refusal(const fs::path& base, const fs::path& relative) {
  fs::path so_far;
  for (const fs::path& part : relative) {
    so_far /= part;
    std::error_code ec;
    fs::file_status status = fs::symlink_status(base / so_far, ec);
    if (ec || status.type() == fs::file_type::not_found)
      return "";
    bool last = so_far == relative;
    if (status.type() == fs::file_type::symlink)
      return so_far.string() +
             " is a symbolic link: refused (only the submission's own files count)";
    if (!last && status.type() != fs::file_type::directory)
      return "";
    if (last && status.type() != fs::file_type::regular)
      return so_far.string() + " is not a regular file: refused";
    if (last && fs::hard_link_count(base / so_far, ec) > 1)
      return so_far.string() + " has other names (hard links): refused";
  }
  return "";
}

}  // namespace

std::string student_name(const std::string& submission) {
  std::string s = submission;
  while (s.size() > 1 && s.back() == '/')
    s.pop_back();
  std::string name =
      s.substr(s.find_last_of("/:") == std::string::npos ? 0 : s.find_last_of("/:") + 1);
  std::string ending = archive_ending(name);
  if (!ending.empty())
    name.resize(name.size() - ending.size());
  else if (ends_with(name, ".git"))
    name.resize(name.size() - 4);
  return name.empty() ? "submission" : name;
}

bool looks_like_submission(const fs::path& path) {
  std::string name = path.filename().string();
  if (name.empty() || name[0] == '.')
    return false;
  return fs::is_directory(path) || (fs::is_regular_file(path) && !archive_ending(name).empty());
}

void check_deadline(const std::string& deadline) {
  static const std::regex form(
      R"(^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?( ?(Z|[+-][0-9]{2}:?[0-9]{2}))?)?$)");
  if (!std::regex_match(deadline, form)) {
    throw GradeError("--deadline " + deadline +
                     ": give a date, and a time and zone if wanted: 2026-12-01, 2026-12-01 23:59 "
                     "(this machine's local time) or 2026-12-01T23:59+01:00");
  }
}

fs::path open_submission(const std::string& submission, const fs::path& scratch,
                         const Course& course, const std::string& deadline,
                         std::vector<std::string>* notes) {
  fs::path unpacked = scratch / "submission";
  fs::remove_all(unpacked);
  fs::path top;
  if (is_git_source(submission)) {
    fs::create_directories(scratch);
    std::vector<std::pair<std::string, std::string>> env{{"GIT_TERMINAL_PROMPT", "0"}};
    // With a deadline the history is needed, to find the last commit before it.
    std::vector<std::string> clone{"git", "clone", "--quiet", "--no-checkout"};
    if (deadline.empty())
      clone.insert(clone.end(), {"--depth", "1"});
    clone.insert(clone.end(), {"--", submission, unpacked.string()});
    run_or_throw({clone, {}, env}, std::chrono::seconds(300), submission + ": git clone failed");
    auto git = [&](std::vector<std::string> args) {
      args.insert(args.begin(), {"git", "-C", unpacked.string()});
      RunLimits limits;
      limits.timeout = std::chrono::seconds(120);
      RunResult r = run({args, {}, env}, limits);
      if (r.ending != Ending::exited || r.exit_code != 0)
        throw GradeError(submission + ": git " + args[3] + " failed: " + r.output);
      while (!r.output.empty() && r.output.back() == '\n')
        r.output.pop_back();
      return r.output;
    };
    std::string commit = git({"rev-parse", "HEAD"});
    std::string later = "0";
    if (!deadline.empty()) {
      commit = git({"rev-list", "-1", "--before=" + deadline, "HEAD"});
      if (commit.empty())
        throw GradeError(submission + ": no commit before the deadline (" + deadline + ")");
      later = git({"rev-list", "--count", commit + "..HEAD"});
    }
    git({"-c", "advice.detachedHead=false", "checkout", "--quiet", commit});
    if (notes != nullptr) {
      std::string note = "graded at commit " + git({"log", "-1", "--format=%h of %cd",
                                                    "--date=format:%Y-%m-%d %H:%M %z", commit});
      if (!deadline.empty()) {
        note += ", the last before the deadline (" + deadline + ")";
        if (later != "0")
          note += "; " + later + " later commit" + (later == "1" ? "" : "s") + " not graded";
      }
      notes->push_back(note);
    }
    top = unpacked;
  } else if (fs::is_directory(submission)) {
    top = submission;
  } else if (fs::is_regular_file(submission)) {
    std::string ending = archive_ending(fs::path(submission).filename().string());
    if (ending.empty()) {
      throw GradeError(submission +
                       ": not a folder, an archive (.zip, .tar, .tar.gz, .tgz, .tar.xz, .tar.bz2) "
                       "or a git repository");
    }
    fs::create_directories(unpacked);
    Command unpack;
    if (ending == ".zip") {
      if (find_program("unzip").empty())
        throw GradeError(submission + ": unpacking a .zip needs unzip (apt-get install unzip)");
      unpack.argv = {"unzip",          "-q", "-o", fs::absolute(submission).string(), "-d",
                     unpacked.string()};
    } else {
      unpack.argv = {"tar",
                     "--extract",
                     "--no-same-owner",
                     "--file",
                     fs::absolute(submission).string(),
                     "--directory",
                     unpacked.string()};
    }
    run_or_throw(unpack, std::chrono::seconds(120), submission + ": cannot be unpacked");
    top = unpacked;
  } else {
    throw GradeError(submission + ": no such file or folder");
  }
  return find_labs_root(top, submission, course);
}

StudentLab collect_student_lab(const CourseLab& lab, const fs::path& labs_root) {
  StudentLab student;
  fs::path dir = labs_root / lab.folder;
  if (!fs::is_directory(dir))
    return student;
  if (fs::is_symlink(dir)) {
    student.notes.push_back(lab.folder +
                            " is a symbolic link: refused (only the submission's own files count)");
    return student;
  }
  std::set<std::string> refusals;  // a linked folder is said once, not once per file in it
  auto take = [&](const fs::path& relative) {
    fs::path path = dir / relative;
    std::error_code ec;
    if (std::string why = refusal(dir, relative); !why.empty()) {
      if (refusals.insert(why).second)
        student.notes.push_back(why);
      return false;
    }
    if (!fs::is_regular_file(path, ec))
      return false;
    if (fs::file_size(path, ec) > largest_source) {
      student.notes.push_back(relative.string() + " is over 1 MiB: left out");
      return false;
    }
    student.files[relative] = read_file(path);
    return true;
  };
  std::vector<std::string> absent;
  for (const fs::path& relative : lab.student_files) {
    if (take(relative))
      student.submitted = true;
    else
      absent.push_back(relative.string());
  }
  if (!student.submitted)
    return student;
  for (const std::string& file : absent)
    student.notes.push_back(file + " is missing: the starter file (TODOs) is used");
  // Headers or sources of the student's own beside the course's files.
  for (const fs::path& layer : lab.layer_folders) {
    if (!fs::is_directory(dir / layer))
      continue;
    std::vector<fs::path> extra;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir / layer)) {
      fs::path relative = layer / entry.path().filename();
      if (is_source_file(entry.path()) && !student.files.count(relative) &&
          std::find(lab.student_files.begin(), lab.student_files.end(), relative) ==
              lab.student_files.end()) {
        extra.push_back(relative);
      }
    }
    std::sort(extra.begin(), extra.end());
    for (const fs::path& relative : extra) {
      if (take(relative) && relative.extension() != ".hpp" && relative.extension() != ".h") {
        student.notes.push_back(relative.string() +
                                " is not compiled: only the handout's .cpp files are (move its "
                                "code into one of them, or make it a header)");
      }
    }
  }
  return student;
}

}  // namespace camnet::grade
