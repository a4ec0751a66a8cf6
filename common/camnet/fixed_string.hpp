// FixedString<N>: text of at most N characters, kept inside the object.
//
// The stack formats addresses ("02:00:00:c4:3e:01") on a board with no heap and no iostreams, so
// `text()` functions return one of these. It converts to std::string_view for printing, and c_str()
// gives the text with a terminating zero, for printf-style consoles.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace camnet {

template <std::size_t N>
class FixedString {
 public:
  constexpr FixedString() = default;
  constexpr FixedString(std::string_view text) { append(text); }

  // Appends what fits; returns false if `text` had to be cut.
  constexpr bool append(std::string_view text) {
    bool fits = text.size() <= N - size_;
    std::size_t count = fits ? text.size() : N - size_;
    for (std::size_t i = 0; i < count; ++i)
      chars_[size_++] = text[i];
    return fits;
  }
  constexpr bool push_back(char c) { return append(std::string_view{&c, 1}); }

  constexpr std::string_view view() const { return std::string_view{chars_.data(), size_}; }
  constexpr operator std::string_view() const { return view(); }
  constexpr std::size_t size() const { return size_; }
  constexpr const char* data() const { return chars_.data(); }
  constexpr const char* c_str() const { return chars_.data(); }

  friend constexpr bool operator==(const FixedString& a, std::string_view b) {
    return a.view() == b;
  }

 private:
  std::array<char, N + 1> chars_{};  // one more for the terminating zero
  std::size_t size_ = 0;
};

}  // namespace camnet
