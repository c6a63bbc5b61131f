#include "core/addon.h"

#include <cmath>
#include <string>

#include "core/build_flavor.h"
#include "core/threads.h"

namespace spsolve {

double Addon::insert(Napi::Env env, std::shared_ptr<NativeObject> object) {
  const double handle = handles_.insert(std::move(object));
  reportMemory(env, handle);
  return handle;
}

void Addon::reportMemory(Napi::Env env, double handle) {
  auto& slot = handles_.slot(handle);
  const auto bytes = static_cast<int64_t>(slot.value->memoryBytes());
  if (bytes != slot.reportedBytes) {
    Napi::MemoryManagement::AdjustExternalMemory(env, bytes - slot.reportedBytes);
    slot.reportedBytes = bytes;
  }
}

void Addon::reportMemoryIfLive(Napi::Env env, double handle) {
  try {
    reportMemory(env, handle);
  } catch (const DisposedFailure&) {
    // disposed while a job ran: its memory was taken back then
  }
}

namespace {

// init({ EngineError, NotPositiveDefiniteError, DisposedError, TypeError, RangeError })
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
    return Napi::Boolean::New(info.Env(), object != nullptr);
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

Napi::Value blasThreadsNow(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), blasThreads()); }

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
  exports.Set("setThreads", Napi::Function::New(env, setThreads, "setThreads"));
  exports.Set("getThreads", Napi::Function::New(env, getThreads, "getThreads"));
  exports.Set("blasThreadsNow", Napi::Function::New(env, blasThreadsNow, "blasThreadsNow"));
}

}  // namespace spsolve
