// The CHOLMOD engine's exports: each operation is one struct in the shape of core/operation.h,
// grouped by what it does to a factor.
#pragma once

#include <napi.h>

#include "cholmod/factor.h"
#include "core/js_args.h"

namespace spsolve {

// analyze, factorize, solve (each also async), cloneSymbolic, copyFactor, changeKind.
void exportFactorOperations(Napi::Env env, Napi::Object exports);
// update (also async), rowDelete, rowAdd, solveSparse.
void exportModifyOperations(Napi::Env env, Napi::Object exports);
// logdet, rcond, permutation, factorL, factorD, factorInfo, inverseOnPattern.
void exportInspectOperations(Napi::Env env, Napi::Object exports);

// ordering, etree: the symbolic tools, on a matrix (no factor).
void exportOrderingOperations(Napi::Env env, Napi::Object exports);

// Options arrive as three small integer codes (lib/cholmod/options.ts maps the names).
FactorOptions readFactorOptions(const JsArgs& args);

// What every operation on an existing factor shares: the `handle` argument and the factor it names.
struct OnFactor {
  double handle = 0;
  std::shared_ptr<Factor> factor;

  void readFactor(Addon& addon, const JsArgs& args) {
    handle = args.handle("handle");
    factor = addon.handles().get<Factor>(handle);
  }
  // Called at the end of run(): when the factor's handle was disposed while a job ran, this job
  // holds the last reference, and the factor is freed here, on the worker, not on the main thread
  // when the job struct is destroyed. (A count of 1 cannot rise again: no handle names it.)
  void releaseIfOrphaned() {
    if (factor.use_count() == 1) factor.reset();
  }
  // Declared in run() before the factor's lock, so that it runs after the lock is released,
  // whether the work threw or not.
  struct ReleaseAtEnd {
    OnFactor& op;
    ~ReleaseAtEnd() { op.releaseIfOrphaned(); }
  };
  // The result of an operation that changed the factor: its memory reported to V8 again.
  Napi::Value changed(Addon& addon, Napi::Env env) {
    addon.reportMemoryIfLive(env, handle);
    return env.Undefined();
  }
};

}  // namespace spsolve
