// What every operation on an existing native object shares, whatever its engine: the `handle`
// argument, the object it names (a T, or a TypeError naming both kinds), and where the object is
// freed when its handle was disposed while a job ran. Then the operations that are the same for
// every engine whose object has the method: the log-determinant and the condition estimate.
#pragma once

#include <napi.h>

#include <memory>
#include <mutex>
#include <shared_mutex>

#include "core/addon.h"
#include "core/js_args.h"
#include "core/operation.h"

namespace spsolve {

template <class T>
struct OnObject {
  double handle = 0;
  std::shared_ptr<T> object;

  void readObject(Addon& addon, const JsArgs& args) {
    handle = args.handle("handle");
    object = addon.handles().template get<T>(handle);
  }
  // Called at the end of run(): when the handle was disposed while the job ran, the job holds the
  // last reference, and the object is freed here, on the worker, not on the main thread when the
  // job struct is destroyed. (A count of 1 cannot rise again: no handle names it.)
  void releaseIfOrphaned() {
    if (object.use_count() == 1) object.reset();
  }
  // Declared in run() before the object's lock, so that it runs after the lock is released,
  // whether the work threw or not.
  struct ReleaseAtEnd {
    OnObject& op;
    ~ReleaseAtEnd() { op.releaseIfOrphaned(); }
  };
  // The result of an operation that changed the object: its memory reported to V8 again.
  Napi::Value changed(Addon& addon, Napi::Env env) {
    addon.reportMemoryIfLive(env, handle);
    return env.Undefined();
  }
};

// read() of an operation whose only argument is the handle of the object it works on.
template <class Op>
Op readHandleOnly(Addon& addon, const JsArgs& args) {
  Op op;
  op.readObject(addon, args);
  return op;
}

// Name({ handle }) -> { logAbsDet, sign } of the matrix T factorises.
template <class T, const char* Name>
struct LogDetOp : OnObject<T> {
  static constexpr const char* kName = Name;
  double logAbsDet = 0;
  int sign = 1;

  static LogDetOp read(Addon& addon, const JsArgs& args, Lifetime) { return readHandleOnly<LogDetOp>(addon, args); }
  void run() {
    std::shared_lock<std::shared_mutex> lock(this->object->lock());
    logAbsDet = this->object->logAbsDet(&sign);
  }
  Napi::Value result(Addon&, Napi::Env env) {
    Napi::Object out = Napi::Object::New(env);
    out.Set("logAbsDet", logAbsDet);
    out.Set("sign", sign);
    return out;
  }
};

// Name({ handle }) -> the engine's estimate of the reciprocal condition number.
template <class T, const char* Name>
struct RcondOp : OnObject<T> {
  static constexpr const char* kName = Name;
  double value = 0;

  static RcondOp read(Addon& addon, const JsArgs& args, Lifetime) { return readHandleOnly<RcondOp>(addon, args); }
  void run() {
    std::shared_lock<std::shared_mutex> lock(this->object->lock());
    value = this->object->rcond();
  }
  Napi::Value result(Addon&, Napi::Env env) { return Napi::Number::New(env, value); }
};

}  // namespace spsolve
