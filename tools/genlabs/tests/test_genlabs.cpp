#include <filesystem>
#include <fstream>

#include "camnet/testing/catch.hpp"

#include "genlabs.hpp"

using namespace camnet::genlabs;
namespace fs = std::filesystem;

TEST_CASE("a solution block becomes a TODO that carries its hint and fails when reached",
          "[genlabs]") {
  std::string solution =
      "int answer() {\n"
      "  // BEGIN SOLUTION: return the answer (handout §1)\n"
      "  // It is a number.\n"
      "  return 42;\n"
      "  // END SOLUTION\n"
      "}\n";
  auto student = student_edition(solution, 3, "answer.cpp");
  REQUIRE(student.has_value());
  CHECK(*student ==
        "int answer() {\n"
        "  // TODO(lab 3): return the answer (handout §1)\n"
        "  // It is a number.\n"
        "  camnet::todo(\"TODO(lab 3): return the answer (handout §1)\");\n"
        "}\n");
}

TEST_CASE("a declarations block becomes the TODO comment alone", "[genlabs]") {
  std::string solution =
      "class Table {\n"
      "  // BEGIN SOLUTION DECLARATIONS: the table's members\n"
      "  int used_ = 0;\n"
      "  // END SOLUTION\n"
      "};\n";
  CHECK(student_edition(solution, 1, "t.hpp") ==
        "class Table {\n"
        "  // TODO(lab 1): the table's members\n"
        "};\n");
}

TEST_CASE("a SOLUTION ONLY file is left out of the student edition", "[genlabs]") {
  CHECK_FALSE(student_edition("// SOLUTION ONLY\nint fast();\n", 3, "fast.cpp").has_value());
}

TEST_CASE("unbalanced or hintless markers are errors that name the file and line", "[genlabs]") {
  auto message_of = [](const std::string& text) {
    try {
      (void)student_edition(text, 1, "x.cpp");
    } catch (const GenerateError& e) {
      return e.message;
    }
    return std::string("no error");
  };
  CHECK(message_of("a\n// END SOLUTION\n") == "x.cpp:2: END SOLUTION without BEGIN");
  CHECK(message_of("// BEGIN SOLUTION: hint\nx\n") ==
        "x.cpp:1: BEGIN SOLUTION has no END SOLUTION");
  CHECK(message_of("// BEGIN SOLUTION:\n// END SOLUTION\n") ==
        "x.cpp:1: BEGIN SOLUTION needs a hint");
  CHECK(message_of("// BEGIN SOLUTION: a\n// BEGIN SOLUTION: b\n// END SOLUTION\n") ==
        "x.cpp:2: BEGIN SOLUTION inside another block (opened at line 1)");
}

TEST_CASE("editing a file under labs/ by hand makes the freshness check fail", "[genlabs]") {
  // Work on a copy of the repository's own solutions/ and labs/, so the real tree is untouched.
  fs::path source = CAMNET_SOURCE_DIR;
  fs::path copy = fs::temp_directory_path() / "camnet-genlabs-freshness";
  fs::remove_all(copy);
  fs::create_directories(copy);
  fs::copy(source / "solutions", copy / "solutions", fs::copy_options::recursive);
  fs::copy(source / "labs", copy / "labs", fs::copy_options::recursive);

  REQUIRE(check_tree(copy / "solutions", copy / "labs").empty());

  fs::path edited = copy / "labs" / "01-frame" / "frame" / "ethernet.cpp";
  REQUIRE(fs::exists(edited));
  std::ofstream(edited, std::ios::app) << "// a hand edit\n";
  auto differences = check_tree(copy / "solutions", copy / "labs");
  REQUIRE(differences.size() == 1);
  CHECK(differences[0].lab_file == edited);
  CHECK_THAT(differences[0].what, Catch::Contains("differs from what"));

  fs::remove(edited);
  differences = check_tree(copy / "solutions", copy / "labs");
  REQUIRE(differences.size() == 1);
  CHECK_THAT(differences[0].what, Catch::StartsWith("is missing"));

  std::ofstream(copy / "labs" / "01-frame" / "frame" / "stray.cpp") << "int stray;\n";
  write_tree(copy / "solutions", copy / "labs");
  differences = check_tree(copy / "solutions", copy / "labs");
  REQUIRE(differences.size() == 1);
  CHECK_THAT(differences[0].what, Catch::Contains("not generated from any file"));
  fs::remove_all(copy);
}
