// BoundedQueue<T, N>: a first-in first-out queue that never holds more than N items.
//
// Every queue in the stack has a bound you can name, so a flood of frames cannot grow memory.
// push() on a full queue refuses the item and says so; the caller decides what to drop and counts
// it.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <utility>

namespace camnet {

template <class T, std::size_t N>
class BoundedQueue {
  static_assert(N > 0, "a queue needs room for at least one item");

 public:
  static constexpr std::size_t capacity = N;

  // Adds `item` at the back; false (and nothing added) if the queue is full.
  bool push(T item) {
    if (count_ == N)
      return false;
    slots_[(head_ + count_) % N] = std::move(item);
    ++count_;
    return true;
  }
  // Removes and returns the front item, or std::nullopt if the queue is empty.
  std::optional<T> pop() {
    if (count_ == 0)
      return std::nullopt;
    std::optional<T> item{std::move(slots_[head_])};
    head_ = (head_ + 1) % N;
    --count_;
    return item;
  }
  const T* front() const { return count_ == 0 ? nullptr : &slots_[head_]; }
  // The item `i` places from the front (0 is the front); i must be below size().
  const T& operator[](std::size_t i) const { return slots_[(head_ + i) % N]; }
  T& operator[](std::size_t i) { return slots_[(head_ + i) % N]; }

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  bool full() const { return count_ == N; }
  void clear() {
    head_ = 0;
    count_ = 0;
  }

 private:
  std::array<T, N> slots_{};
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};

}  // namespace camnet
