// genlabs: writes the student edition of each lab (labs/NN-name/) from the reference solution
// (solutions/NN-name/).
//
// A solution file is ordinary C++ with the parts a student writes inside marked blocks:
//
//   std::uint16_t EthernetView::ethertype() const {
//     // BEGIN SOLUTION: read the EtherType that follows the tags (handout section 3)
//     // The type field sits after the two addresses and any 802.1Q tags.
//     return load_u16(bytes_.data() + 12 + 4 * tag_count_);
//     // END SOLUTION
//   }
//
// In the student edition the block becomes a TODO that carries the hint (the marker's text and the
// comment lines right after the marker) and fails loudly when reached:
//
//   std::uint16_t EthernetView::ethertype() const {
//     // TODO(lab 1): read the EtherType that follows the tags (handout section 3)
//     // The type field sits after the two addresses and any 802.1Q tags.
//     camnet::todo("TODO(lab 1): read the EtherType that follows the tags (handout section 3)");
//   }
//
// `// BEGIN SOLUTION DECLARATIONS: hint` marks declarations (class members, helper functions): they
// become the TODO comment alone, with no call. A file whose first line is `// SOLUTION ONLY` is not
// copied into the student edition. Everything outside the blocks is copied as it is.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace camnet::genlabs {

struct GenerateError {
  std::string message;  // "solutions/01-frame/frame/ethernet.cpp:42: END SOLUTION without BEGIN"
};

// The student edition of one solution file, or std::nullopt for a SOLUTION ONLY file.
// `lab` is the lab number, `name` the file's name for error messages. Throws GenerateError.
std::optional<std::string> student_edition(const std::string& solution_text, int lab,
                                           const std::string& name);

// One generated file that is not what it should be.
struct Difference {
  std::filesystem::path lab_file;  // the file under labs/
  std::string what;  // "differs at line 42: ...", "missing", "not generated from any solution"
};

// Compares every generated file under `labs_root` with what `solutions_root` generates.
std::vector<Difference> check_tree(const std::filesystem::path& solutions_root,
                                   const std::filesystem::path& labs_root);

// Writes every generated file under `labs_root`; returns the files it changed.
std::vector<std::filesystem::path> write_tree(const std::filesystem::path& solutions_root,
                                              const std::filesystem::path& labs_root);

}  // namespace camnet::genlabs
