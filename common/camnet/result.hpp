// Result<T, E>: a value or the reason there is none.
//
// The stack runs on a microcontroller built with -fno-exceptions, so errors are values. C++23 has
// std::expected for this; camnet targets C++20 (and clang 14 for fuzzing), so here is the small
// part of it the labs need. Checking a result is one `if`:
//
//   Result<EthernetView, FrameError> frame = EthernetView::check(bytes);
//   if (!frame) return frame.error();
//   use(frame->source());
#pragma once

#include <utility>
#include <variant>

#include "camnet/panic.hpp"

namespace camnet {

// What a function returns to say "this failed, and here is why": `return fail(FrameError::runt);`
template <class E>
struct Failure {
  E error;
};

template <class E>
constexpr Failure<E> fail(E error) {
  return Failure<E>{error};
}

template <class T, class E>
class [[nodiscard]] Result {
 public:
  constexpr Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  constexpr Result(Failure<E> failure) : state_(std::in_place_index<1>, failure.error) {}

  constexpr bool ok() const { return state_.index() == 0; }
  constexpr explicit operator bool() const { return ok(); }

  // Reading the value of a failed result is a bug in the caller: it stops the program with a
  // message.
  constexpr const T& value() const& {
    if (!ok())
      panic("Result::value() called on a failed result; check ok() first");
    return *std::get_if<0>(&state_);
  }
  constexpr T& value() & {
    if (!ok())
      panic("Result::value() called on a failed result; check ok() first");
    return *std::get_if<0>(&state_);
  }
  constexpr const T& operator*() const& { return value(); }
  constexpr T& operator*() & { return value(); }
  constexpr const T* operator->() const { return &value(); }
  constexpr T* operator->() { return &value(); }

  constexpr E error() const {
    if (ok())
      panic("Result::error() called on a successful result");
    return *std::get_if<1>(&state_);
  }

 private:
  std::variant<T, E> state_;
};

}  // namespace camnet
