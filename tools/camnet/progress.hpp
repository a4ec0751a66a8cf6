// Progress on long runs: a line on the terminal, rewritten at most a few times a second, and only
// when standard error is a terminal (so logs and pipes stay clean).
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

namespace camnet::cli {

class Progress {
 public:
  Progress(std::string what, const std::string& path) : what_(std::move(what)) {
    std::error_code ec;
    total_ = std::filesystem::file_size(path, ec);
    if (ec)
      total_ = 0;
    shown_ = isatty(STDERR_FILENO) == 1 && total_ > 8u * 1024 * 1024;
  }
  // `done` bytes of the file handled, `items` frames so far.
  void update(std::uint64_t items, std::uint64_t done) {
    if (!shown_ || (items & 0x3ff) != 0)
      return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250))
      return;
    last_ = now;
    std::fprintf(stderr, "\r%s: %llu frames, %3.0f%%", what_.c_str(),
                 static_cast<unsigned long long>(items),
                 100.0 * static_cast<double>(done) / static_cast<double>(total_));
    std::fflush(stderr);
  }
  ~Progress() {
    if (shown_)
      std::fprintf(stderr, "\r\033[K");
  }

 private:
  std::string what_;
  std::uintmax_t total_ = 0;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace camnet::cli
