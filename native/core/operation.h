// One native operation, one struct: its arguments are read once, by name, from the object JS
// passes; the synchronous export runs it at once, the async export runs the same struct on
// libuv's thread pool. How to write one (docs/internals.md):
//
//   struct ExampleOp {
//     static constexpr const char* kName = "example";   // the export; "exampleAsync" too if asked
//     // Main thread. Reads the arguments; with Lifetime::Job, copies the arrays (ArrayInput).
//     static ExampleOp read(Addon& addon, const JsArgs& args, Lifetime lifetime);
//     // Any thread: the checks and the engine's work. No Node-API, no JS values.
//     void run();
//     // Main thread, after run(): the JS result (and output arrays committed, memory reported).
//     Napi::Value result(Addon& addon, Napi::Env env);
//   };
//
// A job is a plain struct (sharp's "baton"): Execute() never touches a JS value, and an object
// it works on is held by a shared_ptr, so dispose() during the job only drops the table's reference.
#pragma once

#include <napi.h>

#include <string>
#include <utility>

#include "blas/job_priority.h"
#include "core/addon.h"
#include "core/arrays.h"
#include "core/errors.h"
#include "core/js_args.h"
#include "core/thread_clock.h"

namespace spsolve {

template <class Op>
Napi::Value callOperation(const Napi::CallbackInfo& info) {
  Addon& addon = Addon::of(info.Env());
  return guarded(info.Env(), addon.errorClasses(), [&]() -> Napi::Value {
    Op op = Op::read(addon, JsArgs(info, Op::kName), Lifetime::Call);
    op.run();
    return op.result(addon, info.Env());
  });
}

template <class Op>
class OperationJob : public Napi::AsyncWorker {
 public:
  OperationJob(Addon& addon, Napi::Env env, Op op)
      : Napi::AsyncWorker(env, (std::string("spsolve:") + Op::kName).c_str()),
        completion_{addon},
        addon_(addon),
        op_(std::move(op)),
        deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      runAtJobPriority([this] { op_.run(); });  // setJobPriority('background'): off this pool thread
    } catch (...) {
      failure_ = Failure::fromCurrentException();
    }
  }

  void OnOK() override {
    completion_.start();
    try {
      settle();
    } catch (...) {
      // Only when the environment is being torn down (a worker_thread terminated mid-job):
      // nobody can await the promise any more, and an exception escaping here would abort.
    }
  }

 private:
  void settle() {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    if (!failure_) {
      try {
        // An async job's new memory is reported after a grace period (memory_reports.h).
        MemoryReports::DeferScope defer(addon_.memoryReports());
        deferred_.Resolve(op_.result(addon_, env));
        return;
      } catch (const Napi::Error& e) {
        deferred_.Reject(e.Value());
        return;
      } catch (...) {
        failure_ = Failure::fromCurrentException();
      }
    }
    deferred_.Reject(makeJsError(env, addon_.errorClasses(), failure_));
  }

  // Declared first, so destroyed last: the completion's time includes freeing op_'s buffers.
  struct CompletionClock {
    Addon& addon;
    double startMs = -1;
    void start() { startMs = threadCpuMs(); }
    ~CompletionClock() {
      if (startMs >= 0) addon.addCompletionCpuMs(threadCpuMs() - startMs);
    }
  };

  CompletionClock completion_;
  Addon& addon_;
  Op op_;
  Napi::Promise::Deferred deferred_;
  Failure failure_;
};

template <class Op>
Napi::Value startOperation(const Napi::CallbackInfo& info) {
  Addon& addon = Addon::of(info.Env());
  return guarded(info.Env(), addon.errorClasses(), [&]() -> Napi::Value {
    Op op = Op::read(addon, JsArgs(info, Op::kName), Lifetime::Job);
    // On a throw above nothing was queued; AsyncWorker deletes itself after OnOK/OnError.
    auto* job = new OperationJob<Op>(addon, info.Env(), std::move(op));
    Napi::Promise promise = job->promise();
    job->Queue();
    return promise;
  });
}

enum class Exports { SyncOnly, SyncAndAsync };

// Exports Op as `kName` and, with SyncAndAsync, `kName + "Async"` (a Promise).
template <class Op>
void exportOperation(Napi::Env env, Napi::Object exports, Exports which = Exports::SyncOnly) {
  exports.Set(Op::kName, Napi::Function::New(env, callOperation<Op>, Op::kName));
  if (which == Exports::SyncAndAsync) {
    const std::string name = std::string(Op::kName) + "Async";
    exports.Set(name, Napi::Function::New(env, startOperation<Op>, name));
  }
}

}  // namespace spsolve
