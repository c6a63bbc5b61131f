// The addon instance: one per Node environment (main thread, each worker_thread, each jest module
// registry). It owns that environment's handle table and the JS error classes; Node-API runs its
// destructor when the environment is torn down, which frees every object still in the table.
// Engine-neutral: the engines' operations (native/cholmod/, ...) are exported by native/module.cc.
#pragma once

#include <napi.h>

#include <atomic>
#include <memory>

#include "core/errors.h"
#include "core/handle_table.h"
#include "core/memory_reports.h"

namespace spsolve {

class Addon : public Napi::Addon<Addon> {
 public:
  // Defined in native/module.cc, which lists what the addon exports.
  Addon(Napi::Env env, Napi::Object exports);

  static Addon& of(Napi::Env env) { return *env.GetInstanceData<Addon>(); }

  HandleTable& handles() { return handles_; }
  const ErrorClasses& errorClasses() const { return errors_; }
  ErrorClasses& errorClasses() { return errors_; }
  const LiveCounter& liveCounter() const { return live_; }

  // Puts an object in the table and reports its memory to V8.
  double insert(Napi::Env env, std::shared_ptr<NativeObject> object);
  // Tells V8 how much native memory the object behind `handle` holds now, so GC pressure sees it
  // (when: memory_reports.h).
  void reportMemory(Napi::Env env, double handle) { memoryReports_.report(env, handle); }
  MemoryReports& memoryReports() { return memoryReports_; }
  // The same, after a job that may have outlived its object's handle (disposed meanwhile).
  void reportMemoryIfLive(Napi::Env env, double handle);

  // Frees an object on a thread-pool worker when this is its last reference: a factorisation can
  // hold gigabytes, and giving them back (unmapping the pages) took 100 ms on the main thread.
  static void releaseOffThread(Napi::Env env, std::shared_ptr<NativeObject> object);
  static constexpr size_t kFreeOnWorkerBytes = 4u << 20;

  // The main thread's CPU time spent completing async jobs so far, ms (operation.h): what an
  // async call costs the event loop after its synchronous part.
  double completionCpuMs() const { return completionCpuMs_; }
  void addCompletionCpuMs(double ms) { completionCpuMs_ += ms; }

  // The engine-neutral exports: init (the error classes), free, liveHandles, externalMemory, the
  // memory reports' scheduler, the BLAS thread policy and the measurements' clocks (threadCpuMs,
  // completionCpuMs, the loop probe).
  void exportCore(Napi::Env env, Napi::Object exports);

 private:
  HandleTable handles_;
  MemoryReports memoryReports_{handles_};
  ErrorClasses errors_;
  LiveCounter live_ = std::make_shared<std::atomic<int64_t>>(0);
  double completionCpuMs_ = 0;
};

}  // namespace spsolve
