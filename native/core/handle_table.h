// Integer handles for native objects handed to JavaScript: factorisations today, and whatever
// later engines keep between calls (an LU factor, a multigrid hierarchy).
//
// A handle is slot index + generation (handle = generation * 2^24 + index), so a stale handle
// never reaches an object that later reused its slot, and a forged number is recognised as such.
// One table holds objects of every kind; asking for a handle as the wrong kind is a TypeError,
// never a cast. Entries are shared_ptrs: an async job holding one keeps the object alive after
// dispose() removed it from the table, so disposal during a job is deferred, never a
// use-after-free. One table per addon instance, only touched on that instance's JS thread.
#pragma once

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/errors.h"

namespace spsolve {

// How many native objects of one addon instance are alive (liveHandles()), including those a
// running job keeps after dispose(). Shared with the objects, which may outlive the instance.
using LiveCounter = std::shared_ptr<std::atomic<int64_t>>;

// What the table holds. Each kind names itself with a static kKind (e.g. "factor") returned by
// kind(). It counts itself alive in its addon instance's LiveCounter from construction until it
// is destroyed, or until it is handed to a worker to be freed (uncount()).
class NativeObject {
 public:
  explicit NativeObject(LiveCounter live) : live_(std::move(live)) { live_->fetch_add(1); }
  virtual ~NativeObject() { uncount(); }
  NativeObject(const NativeObject&) = delete;
  NativeObject& operator=(const NativeObject&) = delete;

  virtual const char* kind() const = 0;
  // Native memory held, reported to V8 so that GC pressure accounts for it.
  virtual size_t memoryBytes() const = 0;
  // Whether destroying it may wait for other threads (a lock its engine's running jobs hold):
  // such an object is always freed on a worker, whatever its size, never on the main thread.
  virtual bool destructorMayWait() const { return false; }

  const LiveCounter& liveCounter() const { return live_; }
  // Disposed, and its freeing queued: no longer alive for liveHandles().
  void uncount() {
    if (!uncounted_.exchange(true)) live_->fetch_sub(1);
  }

 private:
  LiveCounter live_;
  std::atomic<bool> uncounted_{false};
};

class HandleTable {
 public:
  static constexpr double kIndexSpan = 16777216.0;  // 2^24 slots
  static constexpr uint32_t kMaxGeneration = 1u << 28;

  struct Slot {
    uint32_t generation = 0;
    std::shared_ptr<NativeObject> value;
    int64_t reportedBytes = 0;  // external memory reported to V8 for this entry
    bool reportPending = false;  // grown since, reported after a grace period (memory_reports.h)
  };

  double insert(std::shared_ptr<NativeObject> value) {
    uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    } else {
      if (slots_.size() >= static_cast<size_t>(kIndexSpan))
        throw ArgumentError(false, "too many live native objects (2^24); dispose some");
      index = static_cast<uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    Slot& slot = slots_[index];
    slot.generation = slot.generation % kMaxGeneration + 1;  // never 0: handle 0 is never valid
    slot.value = std::move(value);
    slot.reportedBytes = 0;
    slot.reportPending = false;
    return slot.generation * kIndexSpan + index;
  }

  // The slot a handle names, or throws: TypeError for a number that was never a handle,
  // DisposedFailure for one whose object is gone.
  Slot& slot(double handle) {
    if (!(handle >= kIndexSpan) || handle != std::floor(handle) || handle > kIndexSpan * kMaxGeneration + kIndexSpan)
      throw ArgumentError(true, "not a handle");
    const auto index = static_cast<uint64_t>(std::fmod(handle, kIndexSpan));
    const auto generation = static_cast<uint64_t>(handle / kIndexSpan);
    if (index >= slots_.size()) throw ArgumentError(true, "not a handle");
    Slot& s = slots_[index];
    if (s.generation != generation || !s.value) throw DisposedFailure("the object has been disposed");
    return s;
  }

  // The object behind a handle as kind T (T::kKind), or a TypeError naming both kinds.
  template <class T>
  std::shared_ptr<T> get(double handle) {
    const std::shared_ptr<NativeObject>& value = slot(handle).value;
    if (std::strcmp(value->kind(), T::kKind) != 0)
      throw ArgumentError(true, std::string("the handle is a ") + value->kind() + ", not a " + T::kKind);
    return std::static_pointer_cast<T>(value);
  }

  // Takes the object out of the table. Returns it (null when the handle was not live) and the
  // bytes that were reported to V8 for it.
  std::shared_ptr<NativeObject> remove(double handle, int64_t* reportedBytes) {
    *reportedBytes = 0;
    Slot* s;
    try {
      s = &slot(handle);
    } catch (const DisposedFailure&) {
      return nullptr;
    }
    free_.push_back(static_cast<uint32_t>(std::fmod(handle, kIndexSpan)));
    *reportedBytes = s->reportedBytes;
    s->reportedBytes = 0;
    s->reportPending = false;
    return std::move(s->value);
  }

  // f(slot) for every slot that holds an object.
  template <class F>
  void forEachLive(F f) {
    for (Slot& s : slots_)
      if (s.value) f(s);
  }

 private:
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_;
};

}  // namespace spsolve
