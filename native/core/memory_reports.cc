#include "core/memory_reports.h"

#include <unistd.h>

#include <algorithm>

namespace spsolve {

int64_t MemoryReports::maxPendingBytes() {
  static const int64_t cap = [] {
    const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
    const int64_t eighth = pages > 0 && pageSize > 0 ? static_cast<int64_t>(pages) * pageSize / 8 : INT64_MAX;
    return std::min<int64_t>(int64_t(1) << 30, eighth);
  }();
  return cap;
}

void MemoryReports::reportNow(Napi::Env env, HandleTable::Slot& slot) {
  slot.reportPending = false;
  auto bytes = static_cast<int64_t>(slot.value->memoryBytes());
  if (!growthReported_) bytes = std::min(bytes, slot.reportedBytes);
  if (bytes != slot.reportedBytes) {
    Napi::MemoryManagement::AdjustExternalMemory(env, bytes - slot.reportedBytes);
    slot.reportedBytes = bytes;
  }
}

void MemoryReports::report(Napi::Env env, double handle) {
  HandleTable::Slot& slot = handles_.slot(handle);
  const int64_t growth = static_cast<int64_t>(slot.value->memoryBytes()) - slot.reportedBytes;
  if (growth <= 0 || !growthReported_ || !deferring_ || scheduler_.IsEmpty()) {
    reportNow(env, slot);
    return;
  }
  slot.reportPending = true;
  pendingBytes_ += growth;
  if (pendingBytes_ > maxPendingBytes())
    flush(env);
  else
    schedule(env);
}

void MemoryReports::schedule(Napi::Env env) {
  if (scheduled_) return;
  try {
    scheduler_.Call({Napi::Number::New(env, static_cast<double>(kGraceMs))});
    scheduled_ = true;
  } catch (const Napi::Error&) {
    // No timer (the environment is shutting down): nothing left to collect for.
  }
}

void MemoryReports::flush(Napi::Env env) {
  scheduled_ = false;
  pendingBytes_ = 0;
  bool busy = false;
  handles_.forEachLive([&](HandleTable::Slot& slot) {
    if (!slot.reportPending) return;
    // A job holds it (the table's is then not the only reference): its result reports it, and
    // its size may be changing on the worker right now.
    if (slot.value.use_count() > 1) {
      busy = true;
      return;
    }
    reportNow(env, slot);
  });
  if (busy) schedule(env);
}

}  // namespace spsolve
