#include "core/addon.h"

#include <cmath>
#include <string>

#include "blas/job_priority.h"
#include "blas/tile_team.h"
#include "core/build_flavor.h"
#include "core/loop_probe.h"
#include "core/thread_clock.h"
#include "core/threads.h"

namespace spsolve {

double Addon::insert(Napi::Env env, std::shared_ptr<NativeObject> object) {
  const double handle = handles_.insert(std::move(object));
  reportMemory(env, handle);
  return handle;
}

void Addon::reportMemoryIfLive(Napi::Env env, double handle) {
  try {
    reportMemory(env, handle);
  } catch (const DisposedFailure&) {
    // disposed while a job ran: its memory was taken back then
  }
}

namespace {

// A job whose only work is dropping the last reference to an object, on the worker.
class ReleaseJob : public Napi::AsyncWorker {
 public:
  ReleaseJob(Napi::Env env, std::shared_ptr<NativeObject> object)
      : Napi::AsyncWorker(env, "spsolve:free"), object_(std::move(object)) {}

 protected:
  void Execute() override {
    runAtJobPriority([this] { object_.reset(); });
  }
  void OnOK() override {}
  void OnError(const Napi::Error&) override {}

 private:
  std::shared_ptr<NativeObject> object_;
};

}  // namespace

void Addon::releaseOffThread(Napi::Env env, std::shared_ptr<NativeObject> object) {
  // A running job holds the other references; the last of them releases it (OnObject::releaseIfOrphaned).
  if (!object || object.use_count() > 1) return;
  // Small objects are freed at once: queuing costs more than that. (Freeing takes about 0.1 ms
  // per MB of factor, so this keeps dispose() under a millisecond on the main thread.) An object
  // whose destructor may wait for a lock goes to a worker whatever its size.
  if (object->memoryBytes() < kFreeOnWorkerBytes && !object->destructorMayWait()) return;
  object->uncount();  // as good as freed: nothing can reach it any more
  (new ReleaseJob(env, std::move(object)))->Queue();
}

namespace {

// init({ EngineError, NotPositiveDefiniteError, ZeroPivotError, LuError, SingularMatrixError, QrError, DisposedError,
//        TypeError, RangeError })
Napi::Value init(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(env, "init expects the error classes");
  Napi::Object classes = info[0].As<Napi::Object>();
  auto ref = [&](const char* name) {
    Napi::Value v = classes.Get(name);
    if (!v.IsFunction()) throw Napi::TypeError::New(env, std::string("init: ") + name + " must be a class");
    return Napi::Persistent(v.As<Napi::Function>());
  };
  ErrorClasses& errors = Addon::of(env).errorClasses();
  errors.engineError = ref("EngineError");
  errors.notPositiveDefiniteError = ref("NotPositiveDefiniteError");
  errors.zeroPivotError = ref("ZeroPivotError");
  errors.luError = ref("LuError");
  errors.singularMatrixError = ref("SingularMatrixError");
  errors.qrError = ref("QrError");
  errors.disposedError = ref("DisposedError");
  errors.typeError = ref("TypeError");
  errors.rangeError = ref("RangeError");
  return env.Undefined();
}

// free(handle) -> whether the handle was live. Freeing twice, or a stale handle, is harmless.
Napi::Value freeHandle(const Napi::CallbackInfo& info) {
  Addon& addon = Addon::of(info.Env());
  return guarded(info.Env(), addon.errorClasses(), [&]() -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsNumber()) throw ArgumentError(true, "free: handle must be a number");
    int64_t bytes = 0;
    std::shared_ptr<NativeObject> object = addon.handles().remove(info[0].As<Napi::Number>().DoubleValue(), &bytes);
    if (bytes > 0) Napi::MemoryManagement::AdjustExternalMemory(info.Env(), -bytes);
    const bool wasLive = object != nullptr;
    Addon::releaseOffThread(info.Env(), std::move(object));
    return Napi::Boolean::New(info.Env(), wasLive);
  });
}

Napi::Value liveHandles(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Addon::of(info.Env()).liveCounter()->load()));
}

// V8's count of external memory, as adjusted by napi_adjust_external_memory (a zero adjustment
// reads it); Node's process.memoryUsage() does not show these adjustments.
Napi::Value externalMemory(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Napi::MemoryManagement::AdjustExternalMemory(info.Env(), 0)));
}

// setMemoryReportScheduler(schedule): schedule(ms) must call flushMemoryReports() after ms
// milliseconds (memory_reports.h); lib/native.ts hands over a timer.
Napi::Value setMemoryReportScheduler(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), Addon::of(info.Env()).errorClasses(), [&]() -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsFunction()) throw ArgumentError(true, "setMemoryReportScheduler: schedule must be a function");
    MemoryReports& reports = Addon::of(info.Env()).memoryReports();
    reports.flush(info.Env());  // what the previous scheduler was to report
    reports.setScheduler(info[0].As<Napi::Function>());
    return info.Env().Undefined();
  });
}

// setMemoryReports(enabled): whether growth of native memory is reported to V8 (memory_reports.h).
Napi::Value setMemoryReports(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), Addon::of(info.Env()).errorClasses(), [&]() -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsBoolean()) throw ArgumentError(true, "setMemoryReports: enabled must be a boolean");
    Addon::of(info.Env()).memoryReports().setGrowthReported(info[0].As<Napi::Boolean>().Value());
    return info.Env().Undefined();
  });
}

Napi::Value flushMemoryReports(const Napi::CallbackInfo& info) {
  Addon::of(info.Env()).memoryReports().flush(info.Env());
  return info.Env().Undefined();
}

// setThreads(0 | n): 0 selects the 'auto' policy (threads.h).
Napi::Value setThreads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), Addon::of(info.Env()).errorClasses(), [&]() -> Napi::Value {
    const double n = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
    if (!(n >= 0 && n <= 1024) || n != std::floor(n))
      throw ArgumentError(false, "setThreads: threads must be 0 (auto) or an integer in [1, 1024]");
    setThreadPolicy(static_cast<int>(n));
    return info.Env().Undefined();
  });
}

Napi::Value getThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), threadPolicy()); }

// setJobPriority(0 | 1): normal, background (blas/job_priority.h).
Napi::Value setPriority(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), Addon::of(info.Env()).errorClasses(), [&]() -> Napi::Value {
    const double p = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
    if (p != 0 && p != 1) throw ArgumentError(false, "setJobPriority: priority must be 0 (normal) or 1 (background)");
    setJobPriority(static_cast<JobPriority>(static_cast<int>(p)));
    return info.Env().Undefined();
  });
}

// getJobPriority() -> { priority: 0 | 1, backgroundThreads, backgroundJobs }.
Napi::Value getPriority(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("priority", static_cast<double>(static_cast<int>(jobPriority())));
  o.Set("backgroundThreads", static_cast<double>(backgroundThreads()));
  o.Set("backgroundJobs", static_cast<double>(backgroundJobs()));
  return o;
}

// tileCounts() -> { tiledCalls, tiles, helperTiles, backgroundCalls }: the tile team's work so far (blas/tile_team.h),
// for the tests that check the tiled BLAS is what runs.
Napi::Value tileCountsNow(const Napi::CallbackInfo& info) {
  const TileCounts counts = tileCounts();
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("tiledCalls", static_cast<double>(counts.tiledCalls));
  o.Set("tiles", static_cast<double>(counts.tiles));
  o.Set("helperTiles", static_cast<double>(counts.helperTiles));
  o.Set("backgroundCalls", static_cast<double>(counts.backgroundCalls));
  return o;
}

// threadCpuMs() -> the calling thread's CPU time, ms, to the nanosecond. For the measurements of the
// main thread's work (test/harness/event-loop.ts): /proc's schedstat, the alternative from
// JavaScript, is only brought up to date at a context switch or a scheduler tick (4 ms at HZ=250).
Napi::Value threadCpu(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), threadCpuMs()); }

// completionCpuMs() -> the main thread's CPU time spent completing async jobs in this environment
// so far, ms: building each result, settling its promise and freeing the job (operation.h).
Napi::Value completionCpu(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), Addon::of(info.Env()).completionCpuMs());
}

}  // namespace

void Addon::exportCore(Napi::Env env, Napi::Object exports) {
  try {
    applyDefaultThreadsOnce();
  } catch (const ArgumentError& e) {
    throw Napi::RangeError::New(env, e.what());
  }
  exports.Set("init", Napi::Function::New(env, init, "init"));
  exports.Set("free", Napi::Function::New(env, freeHandle, "free"));
  exports.Set("liveHandles", Napi::Function::New(env, liveHandles, "liveHandles"));
  exports.Set("externalMemory", Napi::Function::New(env, externalMemory, "externalMemory"));
  exports.Set("setMemoryReportScheduler", Napi::Function::New(env, setMemoryReportScheduler, "setMemoryReportScheduler"));
  exports.Set("flushMemoryReports", Napi::Function::New(env, flushMemoryReports, "flushMemoryReports"));
  exports.Set("setMemoryReports", Napi::Function::New(env, setMemoryReports, "setMemoryReports"));
  exports.Set("setThreads", Napi::Function::New(env, setThreads, "setThreads"));
  exports.Set("getThreads", Napi::Function::New(env, getThreads, "getThreads"));
  exports.Set("setJobPriority", Napi::Function::New(env, setPriority, "setJobPriority"));
  exports.Set("getJobPriority", Napi::Function::New(env, getPriority, "getJobPriority"));
  exports.Set("tileCounts", Napi::Function::New(env, tileCountsNow, "tileCounts"));
  exports.Set("threadCpuMs", Napi::Function::New(env, threadCpu, "threadCpuMs"));
  exports.Set("completionCpuMs", Napi::Function::New(env, completionCpu, "completionCpuMs"));
  exportLoopProbe(env, exports);
}

}  // namespace spsolve
