// fuzz_seeds OUT_DIR CAPTURE...: writes every frame of the captures as a file of its own, the seed
// corpus libFuzzer starts from. Broken captures are skipped with a note: they are fuzz input too,
// but for the capture reader, not for the frame parsers.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "camnet/host/capture.hpp"

int main(int argc, char* argv[]) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fuzz_seeds OUT_DIR CAPTURE...\n");
    return 2;
  }
  std::filesystem::path out = argv[1];
  std::filesystem::create_directories(out);
  int written = 0;
  for (int i = 2; i < argc; ++i) {
    try {
      // Linux cooked records too: the dissector's fuzz target reads each input as one.
      camnet::host::CaptureReader reader(argv[i], "",
                                         camnet::host::AcceptedLinks::ethernet_and_linux_cooked);
      while (auto record = reader.next()) {
        auto name = out / (std::to_string(written++) + ".frame");
        std::ofstream(name, std::ios::binary)
            .write(reinterpret_cast<const char*>(record->bytes.data()),
                   static_cast<std::streamsize>(record->bytes.size()));
      }
    } catch (const camnet::host::CaptureError& e) {
      std::fprintf(stderr, "fuzz_seeds: skipped %s\n", e.what());
    }
  }
  std::printf("fuzz_seeds: %d frames written to %s\n", written, out.c_str());
  return 0;
}
