// What grading found, per test and per lab, and the ways it is written out: a terminal table,
// JUnit XML, Gradescope's results.json, a CSV row per student, and a class summary.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace camnet::grade {

// Who may see a test's result, as Gradescope names it; declared as [visibility:...] beside the
// test (visible when it declares none).
enum class Visibility { visible, hidden, after_due_date, after_published };

enum class Outcome {
  passed,
  failed,         // an assertion failed, a TODO was reached, or it ended early
  crashed,        // a signal ended it (see TestResult::reason)
  timed_out,      // it ran past the time limit and was stopped
  output_limit,   // it printed past the output cap and was stopped
  did_not_build,  // the lab's code (or the test) does not compile
  missing,        // the submission has no code for the lab
  not_graded,     // the reference solution does not pass it on this machine: it counts for nobody
};

const char* visibility_name(Visibility v);  // "after_due_date"
std::optional<Visibility> visibility_from_name(const std::string& name);
const char* outcome_name(Outcome o);  // "timed out"

struct TestResult {
  std::string name;          // as the TEST_CASE declares it
  int lab = 0;               // its lab's number
  bool from_hidden = false;  // one of the instructor's --hidden tests
  int points = 0;            // [points:N]
  Visibility visibility = Visibility::visible;
  Outcome outcome = Outcome::missing;
  std::string reason;  // one line: why it did not pass
  std::string output;  // what it printed, paths relative to the course
  double seconds = 0;

  int score() const { return outcome == Outcome::passed ? points : 0; }
  int possible() const { return outcome == Outcome::not_graded ? 0 : points; }
  std::string full_name() const;  // "lab1/a frame shorter than ...", as CTest names it
};

enum class LabState { graded, missing, did_not_build };

struct LabResult {
  int number = 0;
  std::string folder;  // "01-frame"
  LabState state = LabState::missing;
  std::string build_errors;  // the first compiler errors, when it did not build
  std::vector<std::string> notes;
  std::vector<TestResult> tests;  // the course's tests, then the hidden ones
  double build_seconds = 0;

  int score() const;
  int possible() const;
  int count(Outcome o) const;
};

struct Report {
  std::string student;     // "alice"
  std::string submission;  // what was graded, as given
  std::vector<std::string> notes;
  std::vector<LabResult> labs;
  double seconds = 0;

  int score() const;
  int possible() const;
};

// The terminal table: one line per test, grouped by lab, reasons under the tests that lost points.
std::string format_table(const Report& report);
// JUnit XML: a <testsuite> per lab, points and visibility as properties.
std::string format_junit(const Report& report);
// Gradescope's results.json.
std::string format_gradescope(const Report& report);
// CSV: the header names a column per lab (score and possible), then total, possible, notes.
std::string format_csv_header(const Report& any_report);
std::string format_csv_row(const Report& report);
// The whole report, as JSON, under a key that says how it was graded (camnet grade --class keeps
// one per student, to resume a class and to regrade one student without the others).
std::string format_saved(const Report& report, const std::string& key);
// What format_saved wrote, if `text` is such a report under the same key.
std::optional<Report> read_saved(const std::string& text, const std::string& key);

// The class summary: per lab, the spread of scores as a histogram.
std::string format_class_summary(const std::vector<Report>& reports);

// A short note for the CSV: "lab 2 did not build; lab 1: 1 crashed".
std::string short_notes(const Report& report);

// Text made safe for JSON and XML: invalid UTF-8 becomes U+FFFD, control characters (other than
// tab and newline) become U+FFFD; longer than `limit` bytes keeps its head and tail.
std::string clean_text(const std::string& text, std::size_t limit = std::string::npos);
std::string json_string(const std::string& text);  // with the quotes
std::string xml_escape(const std::string& text);   // for attributes and text

}  // namespace camnet::grade
