// When V8 hears of native memory. Reporting it (napi_adjust_external_memory) is what lets the
// collector free a factor nobody disposed; but each report that lifts the total 64 MB above what
// the last full collection left starts a collection, whose final pause runs on the main thread
// (2 – 4 ms idle, more on a busy machine: bench/README.md, event loop).
//
// So a synchronous call reports at once (it held the event loop for the whole factorisation
// anyway, and a loop that never yields must still be reported), while an async job's memory is
// reported after a grace period, and only if its object is still alive and idle then (a running
// job holds it, and the collector could not free it anyway): a factor disposed within it, the
// usual life of a server's per-request factor, never costs a collection, and a forgotten one
// reaches the collector a second later. Unreported memory is capped (maxPendingBytes): past the
// cap, everything pending is reported at once. The grace period is a JavaScript timer (lib/native.ts
// hands over a function that schedules flushMemoryReports()), so the addon keeps no handle of its
// own on the event loop.
//
// A program that disposes every object itself (a server with a cache) can switch the reports of
// growth off (setGrowthReported(false)): V8 then never starts a collection for native memory it
// could not free anyway (a cached factor is alive). Reductions of what was reported are still
// reported, so V8's count stays exact; objects made while it is off stay unreported.
#pragma once

#include <napi.h>

#include <cstdint>

#include "core/handle_table.h"

namespace spsolve {

class MemoryReports {
 public:
  static constexpr uint64_t kGraceMs = 1000;
  // Past this much unreported growth everything pending is reported at once: 1 GiB, or an
  // eighth of the machine's memory when that is less.
  static int64_t maxPendingBytes();

  explicit MemoryReports(HandleTable& handles) : handles_(handles) {}
  MemoryReports(const MemoryReports&) = delete;
  MemoryReports& operator=(const MemoryReports&) = delete;

  // Brings V8's count for the object behind `handle` up to date: at once, or, inside an async
  // job's settlement (DeferScope) when it grew, after the grace period.
  void report(Napi::Env env, double handle);
  // Reports every live object that has a report pending (the scheduled call, and a call past the cap).
  void flush(Napi::Env env);
  // schedule(ms) must call flushMemoryReports() after ms milliseconds. Without one, every report
  // is immediate.
  void setScheduler(Napi::Function schedule) { scheduler_ = Napi::Persistent(schedule); }
  void setGrowthReported(bool reported) { growthReported_ = reported; }

  // Marks the settlement of an async job on this thread (OperationJob::settle).
  class DeferScope {
   public:
    explicit DeferScope(MemoryReports& reports) : reports_(reports), previous_(reports.deferring_) { reports_.deferring_ = true; }
    ~DeferScope() { reports_.deferring_ = previous_; }

   private:
    MemoryReports& reports_;
    bool previous_;
  };

 private:
  void reportNow(Napi::Env env, HandleTable::Slot& slot);
  // Asks the scheduler for a flush after the grace period, unless one is due.
  void schedule(Napi::Env env);

  HandleTable& handles_;
  Napi::FunctionReference scheduler_;
  bool growthReported_ = true;
  bool deferring_ = false;
  bool scheduled_ = false;
  int64_t pendingBytes_ = 0;  // growth not yet reported, an upper bound (disposed objects' included)
};

}  // namespace spsolve
