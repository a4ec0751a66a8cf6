// Fixture submissions for the grader's end-to-end tests, made on the fly from the solutions: each is
// a student's labs/ with every lab solved, then one fault put into one function, the way students
// really hand them in (a folder, an archive, a git repository).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace camnet::grade::testing {

struct Fixture {
  std::string student;  // the name the grader gives it
  std::string fault;    // what is wrong with it, in words
};

// Writes the class into `class_dir` (which must not exist yet):
//   all-correct/              a repository folder: every lab solved (and an edited test file,
//                             which the grader must ignore)
//   lab2-missing.tar.gz       lab 1 only, as an archive of a labs/ folder
//   lab1-segfault.zip         a null pointer written through in lab 1 (.tar when zip is missing)
//   lab1-prints-forever/      a lab 1 function that prints in an endless loop
//   lab2-loops-forever.git    a lab 2 function that never returns, as a bare git repository
//                             (a folder when git is missing)
//   lab2-does-not-compile/    a syntax error in lab 2
//   untouched-starter/        the starter as handed out (labs/ of the course): every TODO open
// and three cheats, lab 1 only, the starter's sources (and the reference's headers) but for the
// cheat:
//   cheat-forges-success/     prints Catch2's success line and exits before any test runs
//   cheat-links-solution.git  labs/01-frame/frame is a link to the course's solution (a folder
//                             when git is missing)
//   cheat-reads-and-writes/   at start-up reads the solutions and hidden tests and prints them,
//                             and writes over the scratch course, beside the course, into the
//                             build and into /tmp (files named CHEAT-WAS-HERE)
std::vector<Fixture> make_fixture_class(const std::filesystem::path& course_dir,
                                        const std::filesystem::path& class_dir);

// A synthetic class of `count` lab 1 submissions (folders student-001/ ...), for timing a class's
// grading: each student's files differ from every other's (a line naming the student), and the
// class mixes what a real one hands in, in fixed shares: solved (most), solved with a helper
// declared in a header (which recompiles whatever includes it), a VLAN tag read from the wrong
// offset, an off-by-one in aging, the starter untouched, a crash, an endless loop, endless
// printing, and a syntax error.
std::vector<Fixture> make_synthetic_class(const std::filesystem::path& course_dir,
                                          const std::filesystem::path& class_dir, int count);

}  // namespace camnet::grade::testing
