// Integer handles for native objects handed to JavaScript.
//
// A handle is slot index + generation (handle = generation * 2^24 + index), so a stale handle
// never reaches an object that later reused its slot, and a forged number is recognised as
// such. Entries are shared_ptrs: an async job holding one keeps the object alive after
// dispose() removed it from the table, so disposal during a job is deferred, never a
// use-after-free. One table per addon instance, only touched on that instance's JS thread.
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "cholmod_call.h"

namespace spsolve {

template <class T>
class HandleTable {
 public:
  static constexpr double kIndexSpan = 16777216.0;  // 2^24 slots
  static constexpr uint32_t kMaxGeneration = 1u << 28;

  struct Slot {
    uint32_t generation = 0;
    std::shared_ptr<T> value;
    int64_t reportedBytes = 0;  // external memory reported to V8 for this entry
  };

  double insert(std::shared_ptr<T> value) {
    uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    } else {
      if (slots_.size() >= static_cast<size_t>(kIndexSpan))
        throw CholmodFailure("CHOLMOD_TOO_LARGE", CHOLMOD_TOO_LARGE, "too many live factorizations");
      index = static_cast<uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    Slot& slot = slots_[index];
    slot.generation = slot.generation % kMaxGeneration + 1;  // never 0: handle 0 is never valid
    slot.value = std::move(value);
    slot.reportedBytes = 0;
    return slot.generation * kIndexSpan + index;
  }

  // The slot a handle names, or throws: TypeError-like for a number that was never a handle,
  // DisposedFailure for one whose object is gone.
  Slot& slot(double handle) {
    if (!(handle >= kIndexSpan) || handle != std::floor(handle) || handle > kIndexSpan * kMaxGeneration + kIndexSpan)
      throw ArgumentError(true, "not a factor handle");
    const auto index = static_cast<uint64_t>(std::fmod(handle, kIndexSpan));
    const auto generation = static_cast<uint64_t>(handle / kIndexSpan);
    if (index >= slots_.size()) throw ArgumentError(true, "not a factor handle");
    Slot& s = slots_[index];
    if (s.generation != generation || !s.value) throw DisposedFailure("the factor has been disposed");
    return s;
  }

  std::shared_ptr<T> get(double handle) { return slot(handle).value; }

  // Returns the bytes that were reported for the entry, or -1 when the handle was not live.
  int64_t remove(double handle) {
    Slot* s;
    try {
      s = &slot(handle);
    } catch (const DisposedFailure&) {
      return -1;
    }
    const uint32_t index = static_cast<uint32_t>(std::fmod(handle, kIndexSpan));
    const int64_t bytes = s->reportedBytes;
    s->value.reset();
    s->reportedBytes = 0;
    free_.push_back(index);
    return bytes;
  }

  void clear() {
    slots_.clear();
    free_.clear();
  }

 private:
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_;
};

}  // namespace spsolve
