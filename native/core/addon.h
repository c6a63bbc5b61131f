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

namespace spsolve {

// How many native objects of one addon instance are alive, including those a running job keeps
// after dispose(). Shared with the objects, which may outlive the instance (a job still running).
using LiveCounter = std::shared_ptr<std::atomic<int64_t>>;

// Counts itself in a LiveCounter for as long as it exists.
class Counted {
 public:
  explicit Counted(LiveCounter counter) : counter_(std::move(counter)) { counter_->fetch_add(1); }
  ~Counted() { counter_->fetch_sub(1); }
  Counted(const Counted&) = delete;
  Counted& operator=(const Counted&) = delete;
  const LiveCounter& counter() const { return counter_; }

 private:
  LiveCounter counter_;
};

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
  // Tells V8 how much native memory the object behind `handle` holds now, so GC pressure sees it.
  void reportMemory(Napi::Env env, double handle);
  // The same, after a job that may have outlived its object's handle (disposed meanwhile).
  void reportMemoryIfLive(Napi::Env env, double handle);

  // The engine-neutral exports: init (the error classes), free, liveHandles, externalMemory,
  // the BLAS thread policy and buildInfo.
  void exportCore(Napi::Env env, Napi::Object exports);

 private:
  HandleTable handles_;
  ErrorClasses errors_;
  LiveCounter live_ = std::make_shared<std::atomic<int64_t>>(0);
};

}  // namespace spsolve
