// FaultyLink: wraps any link and, with a seeded random generator, drops, duplicates, corrupts or
// reorders the frames sent through it.
//
// Real networks lose and mangle frames; a stack that only ever saw perfect links is untested. The
// generator is seeded, so a failing run can be replayed exactly. Faults apply to frames sent
// through this wrapper; wrap both ends of a wire to disturb both directions.
#pragma once

#include <cstdint>
#include <optional>

#include "camnet/link.hpp"

namespace camnet {

struct FaultRates {
  // Each is a chance per frame, in parts per thousand (0 = never, 1000 = always).
  std::uint16_t drop = 0;
  std::uint16_t duplicate = 0;
  std::uint16_t corrupt = 0;  // one bit flipped at a random position
  std::uint16_t reorder = 0;  // held back and sent after the next frame
};

struct FaultCounts {
  std::uint64_t dropped = 0;
  std::uint64_t duplicated = 0;
  std::uint64_t corrupted = 0;
  std::uint64_t reordered = 0;
};

class FaultyLink final : public Link {
 public:
  FaultyLink(Link& inner, FaultRates rates, std::uint32_t seed)
      : inner_(inner), rates_(rates), state_(seed == 0 ? 0x9e3779b9u : seed) {}

  SendStatus send(Bytes frame) override {
    if (!inner_.is_up())
      return SendStatus::link_down;
    if (chance(rates_.drop)) {
      ++counts_.dropped;
      return SendStatus::sent;  // lost on the way: the sender cannot tell
    }
    PacketBuffer copy{frame};
    if (chance(rates_.corrupt) && !copy.empty()) {
      std::uint32_t bit = next() % (copy.size() * 8);
      copy.mutable_bytes()[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      ++counts_.corrupted;
    }
    if (!held_ && chance(rates_.reorder)) {
      held_ = copy;
      ++counts_.reordered;
      return SendStatus::sent;
    }
    SendStatus status = inner_.send(copy.bytes());
    if (chance(rates_.duplicate)) {
      ++counts_.duplicated;
      (void)inner_.send(copy.bytes());
    }
    if (held_) {
      (void)inner_.send(held_->bytes());
      held_.reset();
    }
    return status;
  }
  std::optional<PacketBuffer> receive() override { return inner_.receive(); }
  bool is_up() const override { return inner_.is_up(); }

  const FaultCounts& counts() const { return counts_; }

 private:
  // xorshift32 (Marsaglia, 2003): tiny, fast, and the same sequence on every platform.
  std::uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  bool chance(std::uint16_t per_mille) { return per_mille > 0 && next() % 1000 < per_mille; }

  Link& inner_;
  FaultRates rates_;
  std::uint32_t state_;
  FaultCounts counts_;
  std::optional<PacketBuffer> held_;
};

}  // namespace camnet
