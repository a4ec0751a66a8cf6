#include "report.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace camnet::grade {
namespace {

constexpr std::size_t test_output_limit = 16 * 1024;  // per test, in JUnit and Gradescope
constexpr const char* replacement = "\xEF\xBF\xBD";   // U+FFFD

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// The length of the valid UTF-8 sequence at text[i], or 0.
std::size_t utf8_length(const std::string& text, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = at(i);
  std::size_t length = c >= 0xC2 && c <= 0xDF   ? 2
                       : c >= 0xE0 && c <= 0xEF ? 3
                       : c >= 0xF0 && c <= 0xF4 ? 4
                                                : 0;
  if (length == 0 || i + length > text.size())
    return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if (!is_continuation(at(i + k)))
      return 0;
  }
  unsigned char second = at(i + 1);
  if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second > 0x9F) ||  // overlong, surrogates
      (c == 0xF0 && second < 0x90) || (c == 0xF4 && second > 0x8F)) {
    return 0;
  }
  if (c == 0xEF && second == 0xBF && at(i + 2) >= 0xBE)  // U+FFFE and U+FFFF: not allowed in XML
    return 0;
  return length;
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

const char* state_name(LabState s) {
  switch (s) {
    case LabState::graded:
      return "graded";
    case LabState::missing:
      return "not submitted";
    case LabState::did_not_build:
      return "did not build";
  }
  return "?";
}

std::string lab_heading(const LabResult& lab) {
  return fmt::format("lab {} ({})", lab.number, lab.folder);
}

// "68 passed, 1 crashed"
std::string outcome_counts(const LabResult& lab) {
  std::string out;
  for (Outcome o : {Outcome::passed, Outcome::failed, Outcome::crashed, Outcome::timed_out,
                    Outcome::output_limit, Outcome::not_graded}) {
    int n = lab.count(o);
    if (n > 0)
      out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, outcome_name(o));
  }
  return out;
}

std::string test_marks(const TestResult& t) {
  if (t.from_hidden)
    return fmt::format("  [hidden suite, {}]", visibility_name(t.visibility));
  if (t.visibility != Visibility::visible)
    return fmt::format("  [{}]", visibility_name(t.visibility));
  return "";
}

double median(std::vector<int> values) {
  if (values.empty())
    return 0;
  std::sort(values.begin(), values.end());
  std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos)
    return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"')
      out += '"';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

std::string histogram(const std::vector<int>& scores, int possible) {
  std::array<int, 10> bins{};
  for (int s : scores) {
    int bin = possible > 0 ? s * 10 / possible : 9;
    bins[static_cast<std::size_t>(std::clamp(bin, 0, 9))]++;
  }
  int most = *std::max_element(bins.begin(), bins.end());
  std::string out;
  for (int b = 9; b >= 0; --b) {
    int n = bins[static_cast<std::size_t>(b)];
    int bar = most <= 40 ? n : (n * 40 + most - 1) / most;
    std::string range = b == 9 ? "90-100%" : fmt::format("{}-{}%", b * 10, b * 10 + 9);
    out += fmt::format("  {:>8} |{}{}\n", range, std::string(static_cast<std::size_t>(bar), '#'),
                       n > 0 ? fmt::format(" {}", n) : "");
  }
  return out;
}

}  // namespace

const char* visibility_name(Visibility v) {
  switch (v) {
    case Visibility::visible:
      return "visible";
    case Visibility::hidden:
      return "hidden";
    case Visibility::after_due_date:
      return "after_due_date";
    case Visibility::after_published:
      return "after_published";
  }
  return "visible";
}

std::optional<Visibility> visibility_from_name(const std::string& name) {
  for (Visibility v : {Visibility::visible, Visibility::hidden, Visibility::after_due_date,
                       Visibility::after_published}) {
    if (name == visibility_name(v))
      return v;
  }
  return std::nullopt;
}

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::passed:
      return "passed";
    case Outcome::failed:
      return "failed";
    case Outcome::crashed:
      return "crashed";
    case Outcome::timed_out:
      return "timed out";
    case Outcome::output_limit:
      return "output limit";
    case Outcome::did_not_build:
      return "did not build";
    case Outcome::missing:
      return "not submitted";
    case Outcome::not_graded:
      return "not graded";
  }
  return "?";
}

std::string TestResult::full_name() const {
  return fmt::format("lab{}/{}{}", lab, from_hidden ? "hidden/" : "", name);
}

int LabResult::score() const {
  return std::accumulate(tests.begin(), tests.end(), 0,
                         [](int sum, const TestResult& t) { return sum + t.score(); });
}

int LabResult::possible() const {
  return std::accumulate(tests.begin(), tests.end(), 0,
                         [](int sum, const TestResult& t) { return sum + t.possible(); });
}

int LabResult::count(Outcome o) const {
  return static_cast<int>(std::count_if(tests.begin(), tests.end(),
                                        [o](const TestResult& t) { return t.outcome == o; }));
}

int Report::score() const {
  return std::accumulate(labs.begin(), labs.end(), 0,
                         [](int sum, const LabResult& l) { return sum + l.score(); });
}

int Report::possible() const {
  return std::accumulate(labs.begin(), labs.end(), 0,
                         [](int sum, const LabResult& l) { return sum + l.possible(); });
}

std::string clean_text(const std::string& raw, std::size_t limit) {
  std::string text = raw;
  if (text.size() > limit) {
    std::size_t tail = limit / 4;
    std::size_t head = limit - tail;
    text = raw.substr(0, head) +
           fmt::format("\n[... {} bytes left out ...]\n", raw.size() - head - tail) +
           raw.substr(raw.size() - tail);
  }
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\r') {
        // dropped: Windows line ends and progress lines read the same without it
      } else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
        out += replacement;
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t length = utf8_length(text, i);
    if (length == 0) {
      out += replacement;
      ++i;
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
  return out;
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : clean_text(text)) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : clean_text(text)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_table(const Report& report) {
  std::string out = fmt::format("camnet grade: {} ({})\n", report.student, report.submission);
  for (const std::string& note : report.notes)
    out += "  note: " + note + "\n";
  for (const LabResult& lab : report.labs) {
    out += "\n";
    if (lab.state == LabState::graded) {
      out += fmt::format("{}: {}/{} points: {}\n", lab_heading(lab), lab.score(), lab.possible(),
                         outcome_counts(lab));
    } else {
      out += fmt::format("{}: {}: 0/{} points ({} tests)\n", lab_heading(lab),
                         state_name(lab.state), lab.possible(), lab.tests.size());
    }
    for (const std::string& note : lab.notes)
      out += "  note: " + note + "\n";
    if (lab.state == LabState::did_not_build) {
      out += "  the first compiler errors:\n";
      for (std::size_t begin = 0; begin < lab.build_errors.size();) {
        std::size_t end = lab.build_errors.find('\n', begin);
        if (end == std::string::npos)
          end = lab.build_errors.size();
        out += "    " + lab.build_errors.substr(begin, end - begin) + "\n";
        begin = end + 1;
      }
    }
    if (lab.state != LabState::graded)
      continue;
    out += "  points  result         test\n";
    for (const TestResult& t : lab.tests) {
      out += fmt::format("  {:>6}  {:<13}  {}{}\n", fmt::format("{}/{}", t.score(), t.possible()),
                         outcome_name(t.outcome), t.name, test_marks(t));
      if (t.outcome != Outcome::passed && !t.reason.empty())
        out += fmt::format("  {:>6}  {:<13}  {}\n", "", "", t.reason);
    }
  }
  out += fmt::format("\ntotal: {}/{} points\n", report.score(), report.possible());
  return out;
}

std::string format_junit(const Report& report) {
  auto count_all = [&](auto predicate) {
    int n = 0;
    for (const LabResult& lab : report.labs)
      n += static_cast<int>(std::count_if(lab.tests.begin(), lab.tests.end(), predicate));
    return n;
  };
  auto is_failure = [](const TestResult& t) {
    return t.outcome == Outcome::failed || t.outcome == Outcome::missing;
  };
  auto is_error = [](const TestResult& t) {
    return t.outcome == Outcome::crashed || t.outcome == Outcome::timed_out ||
           t.outcome == Outcome::output_limit || t.outcome == Outcome::did_not_build;
  };
  auto is_skipped = [](const TestResult& t) { return t.outcome == Outcome::not_graded; };
  auto all = [](const TestResult&) { return true; };

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"{:.3f}\">\n",
      xml_escape("camnet grade: " + report.student), count_all(all), count_all(is_failure),
      count_all(is_error), count_all(is_skipped), report.seconds);
  for (const LabResult& lab : report.labs) {
    auto count = [&](auto predicate) {
      return std::count_if(lab.tests.begin(), lab.tests.end(), predicate);
    };
    double seconds = lab.build_seconds;
    for (const TestResult& t : lab.tests)
      seconds += t.seconds;
    out += fmt::format(
        "  <testsuite name=\"lab{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
        "time=\"{:.3f}\">\n",
        lab.number, lab.tests.size(), count(is_failure), count(is_error), count(is_skipped),
        seconds);
    out += "    <properties>\n";
    out += fmt::format("      <property name=\"folder\" value=\"{}\"/>\n", xml_escape(lab.folder));
    out += fmt::format("      <property name=\"state\" value=\"{}\"/>\n", state_name(lab.state));
    out += fmt::format("      <property name=\"score\" value=\"{}\"/>\n", lab.score());
    out += fmt::format("      <property name=\"possible\" value=\"{}\"/>\n", lab.possible());
    out += "    </properties>\n";
    for (const TestResult& t : lab.tests) {
      out += fmt::format("    <testcase classname=\"lab{}{}\" name=\"{}\" time=\"{:.3f}\">\n",
                         lab.number, t.from_hidden ? ".hidden" : "", xml_escape(t.name), t.seconds);
      out += "      <properties>\n";
      out += fmt::format("        <property name=\"points\" value=\"{}\"/>\n", t.points);
      out += fmt::format("        <property name=\"score\" value=\"{}\"/>\n", t.score());
      out += fmt::format("        <property name=\"visibility\" value=\"{}\"/>\n",
                         visibility_name(t.visibility));
      out += "      </properties>\n";
      std::string body = t.outcome == Outcome::did_not_build ? lab.build_errors : t.output;
      if (t.outcome != Outcome::passed) {
        const char* element = is_error(t) ? "error" : is_skipped(t) ? "skipped" : "failure";
        out += fmt::format("      <{} type=\"{}\" message=\"{}\">{}</{}>\n", element,
                           outcome_name(t.outcome), xml_escape(one_line(t.reason)),
                           xml_escape(clean_text(body, test_output_limit)), element);
      }
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

std::string format_gradescope(const Report& report) {
  // The summary every student sees at once: what built and what did not. Scores stay out of it,
  // since a lab's score includes its hidden tests.
  std::string summary;
  for (const std::string& note : report.notes)
    summary += "note: " + note + "\n";
  for (const LabResult& lab : report.labs) {
    summary +=
        fmt::format("{}: {}\n", lab_heading(lab),
                    lab.state == LabState::graded ? "built and tested" : state_name(lab.state));
    for (const std::string& note : lab.notes)
      summary += "  note: " + note + "\n";
    if (lab.state == LabState::did_not_build)
      summary += "the first compiler errors:\n" + lab.build_errors + "\n";
  }

  std::string out = "{\n";
  out += fmt::format("  \"score\": {},\n", report.score());
  out += fmt::format("  \"execution_time\": {},\n", static_cast<long>(report.seconds + 0.5));
  out += fmt::format("  \"output\": {},\n", json_string(summary));
  out += "  \"visibility\": \"visible\",\n";
  out += "  \"stdout_visibility\": \"hidden\",\n";
  out += "  \"tests\": [";
  bool first = true;
  for (const LabResult& lab : report.labs) {
    int index = 0;
    for (const TestResult& t : lab.tests) {
      std::string output;
      if (t.outcome == Outcome::did_not_build) {
        output = fmt::format("lab {} did not build: see the compiler errors above", lab.number);
      } else if (t.outcome != Outcome::passed) {
        output = t.reason + "\n\n" + clean_text(t.output, test_output_limit);
      }
      out += first ? "\n" : ",\n";
      first = false;
      out += "    {";
      out += fmt::format("\"name\": {}, ", json_string(t.full_name()));
      out += fmt::format("\"number\": \"{}.{}\", ", lab.number, ++index);
      out += fmt::format("\"score\": {}, \"max_score\": {}, ", t.score(), t.possible());
      out +=
          fmt::format("\"status\": \"{}\", ", t.outcome == Outcome::passed ? "passed" : "failed");
      out += fmt::format("\"visibility\": \"{}\", ", visibility_name(t.visibility));
      out += fmt::format("\"output\": {}", json_string(output));
      out += "}";
    }
  }
  out += "\n  ]\n}\n";
  return out;
}

std::string short_notes(const Report& report) {
  std::vector<std::string> notes = report.notes;
  for (const LabResult& lab : report.labs) {
    if (lab.state != LabState::graded) {
      notes.push_back(fmt::format("lab {} {}", lab.number, state_name(lab.state)));
      continue;
    }
    std::string trouble;
    for (Outcome o :
         {Outcome::crashed, Outcome::timed_out, Outcome::output_limit, Outcome::not_graded}) {
      int n = lab.count(o);
      if (n > 0)
        trouble += fmt::format("{}{} {}", trouble.empty() ? "" : ", ", n, outcome_name(o));
    }
    if (!trouble.empty())
      notes.push_back(fmt::format("lab {}: {}", lab.number, trouble));
  }
  std::string out;
  for (const std::string& n : notes)
    out += (out.empty() ? "" : "; ") + n;
  return out;
}

std::string format_csv_header(const Report& any_report) {
  std::string out = "student";
  for (const LabResult& lab : any_report.labs)
    out += fmt::format(",lab{},lab{}_possible", lab.number, lab.number);
  return out + ",total,possible,notes\n";
}

std::string format_csv_row(const Report& report) {
  std::string out = csv_field(report.student);
  for (const LabResult& lab : report.labs)
    out += fmt::format(",{},{}", lab.score(), lab.possible());
  return out + fmt::format(",{},{},{}\n", report.score(), report.possible(),
                           csv_field(short_notes(report)));
}

namespace {

constexpr int saved_format = 1;  // raise when the fields below change: older files are not read

const char* state_key(LabState s) {
  switch (s) {
    case LabState::graded:
      return "graded";
    case LabState::missing:
      return "missing";
    case LabState::did_not_build:
      return "did_not_build";
  }
  return "?";
}

template <typename Enum, std::size_t N>
Enum enum_named(const std::string& name, const std::array<Enum, N>& all,
                const char* (*name_of)(Enum)) {
  for (Enum e : all) {
    if (name == name_of(e))
      return e;
  }
  throw std::invalid_argument("unknown name " + name);
}

constexpr std::array all_outcomes{Outcome::passed,    Outcome::failed,       Outcome::crashed,
                                  Outcome::timed_out, Outcome::output_limit, Outcome::did_not_build,
                                  Outcome::missing,   Outcome::not_graded};
constexpr std::array all_states{LabState::graded, LabState::missing, LabState::did_not_build};
constexpr std::array all_visibilities{Visibility::visible, Visibility::hidden,
                                      Visibility::after_due_date, Visibility::after_published};

}  // namespace

std::string format_saved(const Report& report, const std::string& key) {
  using nlohmann::json;
  json labs = json::array();
  for (const LabResult& lab : report.labs) {
    json tests = json::array();
    for (const TestResult& t : lab.tests) {
      tests.push_back({{"name", t.name},
                       {"lab", t.lab},
                       {"from_hidden", t.from_hidden},
                       {"points", t.points},
                       {"visibility", visibility_name(t.visibility)},
                       {"outcome", outcome_name(t.outcome)},
                       {"reason", t.reason},
                       {"output", t.output},
                       {"seconds", t.seconds}});
    }
    labs.push_back({{"number", lab.number},
                    {"folder", lab.folder},
                    {"state", state_key(lab.state)},
                    {"build_errors", lab.build_errors},
                    {"notes", lab.notes},
                    {"build_seconds", lab.build_seconds},
                    {"tests", tests}});
  }
  json saved{{"camnet_saved_report", saved_format},
             {"key", key},
             {"student", report.student},
             {"submission", report.submission},
             {"notes", report.notes},
             {"seconds", report.seconds},
             {"labs", labs}};
  // A student's program may print bytes that are not UTF-8: they are replaced, as in every report.
  return saved.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<Report> read_saved(const std::string& text, const std::string& key) {
  using nlohmann::json;
  json saved = json::parse(text, nullptr, false);
  if (saved.is_discarded() || !saved.is_object() ||
      saved.value("camnet_saved_report", 0) != saved_format || saved.value("key", "") != key)
    return std::nullopt;
  try {
    Report report;
    report.student = saved.at("student").get<std::string>();
    report.submission = saved.at("submission").get<std::string>();
    report.notes = saved.at("notes").get<std::vector<std::string>>();
    report.seconds = saved.at("seconds").get<double>();
    for (const json& l : saved.at("labs")) {
      LabResult lab;
      lab.number = l.at("number").get<int>();
      lab.folder = l.at("folder").get<std::string>();
      lab.state = enum_named(l.at("state").get<std::string>(), all_states, state_key);
      lab.build_errors = l.at("build_errors").get<std::string>();
      lab.notes = l.at("notes").get<std::vector<std::string>>();
      lab.build_seconds = l.at("build_seconds").get<double>();
      for (const json& j : l.at("tests")) {
        TestResult t;
        t.name = j.at("name").get<std::string>();
        t.lab = j.at("lab").get<int>();
        t.from_hidden = j.at("from_hidden").get<bool>();
        t.points = j.at("points").get<int>();
        t.visibility =
            enum_named(j.at("visibility").get<std::string>(), all_visibilities, visibility_name);
        t.outcome = enum_named(j.at("outcome").get<std::string>(), all_outcomes, outcome_name);
        t.reason = j.at("reason").get<std::string>();
        t.output = j.at("output").get<std::string>();
        t.seconds = j.at("seconds").get<double>();
        lab.tests.push_back(std::move(t));
      }
      report.labs.push_back(std::move(lab));
    }
    return report;
  } catch (const std::exception&) {
    return std::nullopt;  // not a whole report: grade again
  }
}

std::string format_class_summary(const std::vector<Report>& reports) {
  std::string out = fmt::format("class summary: {} submissions\n", reports.size());
  if (reports.empty())
    return out;
  // Labs by number, in the order the first report has them (every report grades the same labs).
  for (std::size_t i = 0; i < reports.front().labs.size(); ++i) {
    const LabResult& first = reports.front().labs[i];
    std::vector<int> scores;
    int possible = 0;
    std::map<std::string, std::vector<std::string>> trouble;  // "did not build" -> students
    for (const Report& r : reports) {
      if (i >= r.labs.size())
        continue;
      const LabResult& lab = r.labs[i];
      scores.push_back(lab.score());
      possible = std::max(possible, lab.possible());
      if (lab.state != LabState::graded)
        trouble[state_name(lab.state)].push_back(r.student);
      for (Outcome o : {Outcome::crashed, Outcome::timed_out, Outcome::output_limit}) {
        if (lab.count(o) > 0)
          trouble[outcome_name(o)].push_back(r.student);
      }
    }
    double mean =
        std::accumulate(scores.begin(), scores.end(), 0.0) / static_cast<double>(scores.size());
    out += fmt::format("\n{}, {} points: mean {:.1f}, median {:g}\n", lab_heading(first), possible,
                       mean, median(scores));
    out += histogram(scores, possible);
    for (const auto& [what, students] : trouble) {
      std::string names;
      for (const std::string& s : students)
        names += (names.empty() ? "" : ", ") + s;
      out += fmt::format("  {}: {}\n", what, names);
    }
    // Tests no one is graded on (the reference fails them on this machine) are the same for
    // every submission: the first graded one names them.
    for (const Report& r : reports) {
      if (i >= r.labs.size() || r.labs[i].state != LabState::graded)
        continue;
      for (const TestResult& t : r.labs[i].tests) {
        if (t.outcome == Outcome::not_graded)
          out += fmt::format("  not graded, for anyone: {}: {}\n", t.full_name(), t.reason);
      }
      break;
    }
  }
  std::vector<int> totals;
  int possible = 0;
  for (const Report& r : reports) {
    totals.push_back(r.score());
    possible = std::max(possible, r.possible());
  }
  double mean =
      std::accumulate(totals.begin(), totals.end(), 0.0) / static_cast<double>(totals.size());
  out +=
      fmt::format("\ntotal, {} points: mean {:.1f}, median {:g}\n", possible, mean, median(totals));
  out += histogram(totals, possible);
  return out;
}

}  // namespace camnet::grade
