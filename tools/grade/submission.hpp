// A student's submission: their labs/ tree, handed in as a folder, an archive (.zip, .tar, .tar.gz,
// .tgz, .tar.xz, .tar.bz2) or a git repository (a URL, a bare repository, or a path ending .git).
// Only the files a student writes are taken from it; tests, captures and CMake files are always the
// course's own.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "course.hpp"

namespace camnet::grade {

// "alice.tar.gz" -> "alice", "bob/" -> "bob", "https://host/x/carol-lab.git" -> "carol-lab".
std::string student_name(const std::string& submission);

// Whether `path` (an entry of a class folder) can be a submission: a folder or an archive.
bool looks_like_submission(const std::filesystem::path& path);

// Unpacks or clones `submission` under `scratch` if it needs it, and finds the folder that holds
// the lab folders (01-frame/, ...): the submission itself, its labs/, or the same one folder down
// (an archive of a repository usually holds one top folder). Throws GradeError.
// A git repository is graded at its last commit, or with a `deadline` ("2026-12-01 23:59", as git
// reads dates: local time unless it names its zone) at the last commit before it; `notes` (when
// given) gets a line naming the commit graded.
std::filesystem::path open_submission(const std::string& submission,
                                      const std::filesystem::path& scratch, const Course& course,
                                      const std::string& deadline = "",
                                      std::vector<std::string>* notes = nullptr);

// Checks a --deadline: a date, and a time and zone if wanted ("2026-12-01", "2026-12-01 23:59",
// "2026-12-01T23:59:00+01:00"). Throws GradeError naming the right form.
void check_deadline(const std::string& deadline);

// The student's files for one lab: those the course's starter names (taken when present) and any
// other source file they added beside them (a header of their own).
struct StudentLab {
  bool submitted = false;                              // at least one of the lab's files is there
  std::map<std::filesystem::path, std::string> files;  // relative to the lab folder -> contents
  std::vector<std::string> notes;                      // what was left out, and why
};

StudentLab collect_student_lab(const CourseLab& lab, const std::filesystem::path& labs_root);

}  // namespace camnet::grade
