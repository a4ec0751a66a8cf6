// genlabs: `genlabs SOLUTIONS LABS` writes the student edition; `genlabs --check SOLUTIONS LABS`
// says which generated files differ from what the solutions make, and exits 1 if any do.
#include <cstdio>
#include <string>

#include "genlabs.hpp"

int main(int argc, char* argv[]) {
  bool check = argc == 4 && std::string(argv[1]) == "--check";
  if (argc != 3 && !check) {
    std::fprintf(stderr, "usage: genlabs [--check] SOLUTIONS_DIR LABS_DIR\n");
    return 2;
  }
  const char* solutions = argv[check ? 2 : 1];
  const char* labs = argv[check ? 3 : 2];
  try {
    if (check) {
      auto differences = camnet::genlabs::check_tree(solutions, labs);
      for (const auto& d : differences) {
        std::printf("%s %s\n", d.lab_file.string().c_str(), d.what.c_str());
      }
      if (!differences.empty()) {
        std::printf(
            "labs/ is out of date: edit solutions/ and regenerate (cmake --build build --target "
            "labs)\n");
        return 1;
      }
      std::printf("labs/ matches solutions/\n");
      return 0;
    }
    for (const auto& path : camnet::genlabs::write_tree(solutions, labs)) {
      std::printf("wrote %s\n", path.string().c_str());
    }
    return 0;
  } catch (const camnet::genlabs::GenerateError& e) {
    std::fprintf(stderr, "genlabs: %s\n", e.message.c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "genlabs: %s\n", e.what());
    return 1;
  }
}
