// The grader's reports: the Gradescope JSON and JUnit XML parse and hold the fields their readers
// use, whatever the student's program printed; the table and CSV say what happened.
#include <set>
#include <string>

#include "camnet/testing/catch.hpp"

#include "camnet/testing/process.hpp"
#include "readers.hpp"
#include "report.hpp"

using namespace camnet::grade;
using camnet::grade::testing::Json;
using camnet::grade::testing::parse_json;
using camnet::grade::testing::parse_xml;
using camnet::grade::testing::XmlElement;

namespace {

TestResult test(int lab, const std::string& name, int points, Outcome outcome,
                Visibility visibility = Visibility::visible, bool hidden = false) {
  TestResult t;
  t.lab = lab;
  t.name = name;
  t.points = points;
  t.outcome = outcome;
  t.visibility = visibility;
  t.from_hidden = hidden;
  if (outcome != Outcome::passed)
    t.reason = "why: \"quoted\", <angled> & such";
  t.output = "line one\n\x01\xff broken \xc3 text\r\n";
  t.seconds = 0.25;
  return t;
}

// Lab 1 graded with one of everything; lab 2 that did not build.
Report sample() {
  Report r;
  r.student = "ada, the \"first\"";
  r.submission = "class/ada.zip";
  LabResult lab1;
  lab1.number = 1;
  lab1.folder = "01-frame";
  lab1.state = LabState::graded;
  lab1.tests = {test(1, "a frame parses", 2, Outcome::passed),
                test(1, "a frame <crashes>", 1, Outcome::crashed),
                test(1, "a loop", 1, Outcome::timed_out, Visibility::after_due_date),
                test(1, "a flood", 3, Outcome::output_limit),
                test(1, "an assertion", 1, Outcome::failed, Visibility::after_published),
                test(1, "needs root", 5, Outcome::not_graded),
                test(1, "a hidden one", 2, Outcome::passed, Visibility::hidden, true)};
  LabResult lab2;
  lab2.number = 2;
  lab2.folder = "02-address";
  lab2.state = LabState::did_not_build;
  lab2.build_errors = "address/checksum.cpp:12:16: error: expected primary-expression before ';'";
  lab2.tests = {test(2, "a checksum", 2, Outcome::did_not_build),
                test(2, "another", 1, Outcome::did_not_build)};
  r.labs = {lab1, lab2};
  r.seconds = 12.5;
  return r;
}

}  // namespace

TEST_CASE("scores count passed tests' points, and a test the reference fails counts for nobody",
          "[grade]") {
  Report r = sample();
  CHECK(r.labs[0].score() == 4);
  CHECK(r.labs[0].possible() == 10);  // 2 + 1 + 1 + 3 + 1 + 2, not the 5 points not graded
  CHECK(r.labs[1].score() == 0);
  CHECK(r.labs[1].possible() == 3);
  CHECK(r.score() == 4);
  CHECK(r.possible() == 13);
}

TEST_CASE(
    "the Gradescope JSON has each test's name, number, score, max_score, output and "
    "visibility, and the total score",
    "[grade]") {
  Json results = parse_json(format_gradescope(sample()));
  REQUIRE(results.type == Json::Type::object);
  CHECK(results["score"].number == 4);
  CHECK(results["output"].string.find("lab 2 (02-address): did not build") != std::string::npos);
  CHECK(results["output"].string.find("expected primary-expression") != std::string::npos);
  const std::vector<Json>& tests = results["tests"].array;
  REQUIRE(tests.size() == 9);
  std::set<std::string> visibilities{"visible", "hidden", "after_due_date", "after_published"};
  std::set<std::string> numbers;
  double sum = 0;
  for (const Json& t : tests) {
    CHECK(t["name"].type == Json::Type::string);
    CHECK(t["number"].type == Json::Type::string);
    CHECK(t["score"].type == Json::Type::number);
    CHECK(t["max_score"].type == Json::Type::number);
    CHECK(t["output"].type == Json::Type::string);
    CHECK(visibilities.count(t["visibility"].string) == 1);
    CHECK(t["score"].number <= t["max_score"].number);
    numbers.insert(t["number"].string);
    sum += t["score"].number;
  }
  CHECK(numbers.size() == tests.size());
  CHECK(sum == results["score"].number);
  CHECK(tests[0]["name"].string == "lab1/a frame parses");
  CHECK(tests[0]["number"].string == "1.1");
  CHECK(tests[1]["output"].string.find("why: \"quoted\"") == 0);
  CHECK(tests[2]["visibility"].string == "after_due_date");
  CHECK(tests[6]["name"].string == "lab1/hidden/a hidden one");
  CHECK(tests[6]["visibility"].string == "hidden");
  CHECK(tests[7]["number"].string == "2.1");
}

TEST_CASE("the JUnit XML parses, with a suite per lab counting failures, errors and skips",
          "[grade]") {
  std::string text = format_junit(sample());
  XmlElement root = parse_xml(text);
  CHECK(root.name == "testsuites");
  CHECK(root.attribute("tests") == "9");
  CHECK(root.attribute("failures") == "1");
  CHECK(root.attribute("errors") == "5");  // crashed, timed out, output limit, 2 did not build
  CHECK(root.attribute("skipped") == "1");
  auto suites = root.all("testsuite");
  REQUIRE(suites.size() == 2);
  CHECK(suites[0]->attribute("name") == "lab1");
  auto cases = suites[0]->all("testcase");
  REQUIRE(cases.size() == 7);
  CHECK(cases[0]->all("failure").empty());
  CHECK(cases[1]->attribute("name") == "a frame <crashes>");
  REQUIRE(cases[1]->all("error").size() == 1);
  CHECK(cases[1]->all("error")[0]->attribute("type") == "crashed");
  CHECK(cases[4]->all("failure").size() == 1);
  CHECK(cases[5]->all("skipped").size() == 1);
  CHECK(cases[6]->attribute("classname") == "lab1.hidden");
  // Where xmllint is installed (CI installs it), it agrees the file is well formed.
  if (camnet::testing::run_command("command -v xmllint").status == 0) {
    std::string path = camnet::testing::scratch_dir() + "/junit.xml";
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    auto lint = camnet::testing::run_command("xmllint --noout " + path);
    INFO(lint.err);
    CHECK(lint.status == 0);
  }
}

TEST_CASE("what a student's program printed is made valid UTF-8 without control characters",
          "[grade]") {
  CHECK(clean_text("ok\ttab\nline\r\n") == "ok\ttab\nline\n");
  CHECK(clean_text("\x01") == "\xEF\xBF\xBD");
  CHECK(clean_text("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(clean_text("cut \xc3") == "cut \xEF\xBF\xBD");
  CHECK(clean_text("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(clean_text("\xef\xbf\xbe") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // U+FFFE
  std::string long_text(1000, 'a');
  std::string kept = clean_text(long_text + std::string(1000, 'b'), 400);
  CHECK_THAT(kept, Catch::StartsWith(std::string(300, 'a') + "\n[... 1600 bytes left out ...]\n"));
  CHECK_THAT(kept, Catch::EndsWith(std::string(100, 'b')));
  CHECK(json_string("a\"b\\c\nd\x02") == "\"a\\\"b\\\\c\\nd\xEF\xBF\xBD\"");
  CHECK(xml_escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
}

TEST_CASE("the table shows each test's points and result, and why it lost them", "[grade]") {
  std::string table = format_table(sample());
  CHECK_THAT(table, Catch::StartsWith("camnet grade: ada, the \"first\" (class/ada.zip)\n"));
  CHECK_THAT(table, Catch::Contains("lab 1 (01-frame): 4/10 points: 2 passed, 1 failed, "
                                    "1 crashed, 1 timed out, 1 output limit, 1 not graded\n"));
  CHECK_THAT(table, Catch::Contains("     2/2  passed         a frame parses\n"));
  CHECK_THAT(table, Catch::Contains("     0/1  crashed        a frame <crashes>\n"));
  CHECK_THAT(table, Catch::Contains("     0/1  timed out      a loop  [after_due_date]\n"));
  CHECK_THAT(table,
             Catch::Contains("     2/2  passed         a hidden one  [hidden suite, hidden]"));
  CHECK_THAT(table, Catch::Contains("lab 2 (02-address): did not build: 0/3 points (2 tests)\n"
                                    "  the first compiler errors:\n"
                                    "    address/checksum.cpp:12:16: error:"));
  CHECK_THAT(table, Catch::EndsWith("\ntotal: 4/13 points\n"));
}

TEST_CASE("a CSV row per student has each lab's score and possible points, quoted where needed",
          "[grade]") {
  Report r = sample();
  CHECK(format_csv_header(r) ==
        "student,lab1,lab1_possible,lab2,lab2_possible,total,possible,notes\n");
  CHECK(format_csv_row(r) ==
        "\"ada, the \"\"first\"\"\",4,10,0,3,4,13,"
        "\"lab 1: 1 crashed, 1 timed out, 1 output limit, 1 not graded; lab 2 did not build\"\n");
}

TEST_CASE(
    "the class summary draws each lab's scores as a histogram and names the tests no one is graded "
    "on",
    "[grade]") {
  Report full = sample();
  for (TestResult& t : full.labs[0].tests) {
    if (t.outcome != Outcome::not_graded)
      t.outcome = Outcome::passed;
  }
  std::string summary = format_class_summary({sample(), sample(), full});
  CHECK_THAT(summary, Catch::StartsWith("class summary: 3 submissions\n"));
  CHECK_THAT(summary, Catch::Contains("lab 1 (01-frame), 10 points: mean 6.0, median 4\n"));
  CHECK_THAT(summary, Catch::Contains("   90-100% |# 1\n"));
  CHECK_THAT(summary, Catch::Contains("    40-49% |## 2\n"));
  CHECK_THAT(summary, Catch::Contains("  crashed: ada, the \"first\", ada, the \"first\"\n"));
  CHECK_THAT(summary, Catch::Contains("  did not build: ada, the \"first\", ada, the \"first\""));
  // A test the reference fails here is named once, with why, not once per student.
  CHECK_THAT(summary, Catch::Contains("  not graded, for anyone: lab1/needs root: why: "));
  CHECK(summary.find("not graded, for anyone") == summary.rfind("not graded, for anyone"));
}

TEST_CASE("a kept report reads back whole under its key, and under another key not at all",
          "[grade]") {
  Report r = sample();
  r.notes = {"graded at commit abc1234"};
  r.labs[0].tests[1].output = "bytes that are not UTF-8: \xff\xfe\n";
  std::string saved = format_saved(r, "key one");
  std::optional<Report> back = read_saved(saved, "key one");
  REQUIRE(back.has_value());
  CHECK(format_csv_row(*back) == format_csv_row(r));
  CHECK(format_junit(*back) == format_junit(r));
  CHECK(format_gradescope(*back) == format_gradescope(r));
  CHECK(back->labs[1].build_errors == r.labs[1].build_errors);
  CHECK(back->seconds == r.seconds);
  CHECK_FALSE(read_saved(saved, "key two").has_value());
  CHECK_FALSE(read_saved("{\"camnet_saved_report\": 1, \"key\": \"key one\"}", "key one"));
  CHECK_FALSE(read_saved(saved.substr(0, saved.size() / 2), "key one"));
  CHECK_FALSE(read_saved("", "key one"));
}
