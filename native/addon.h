// The addon instance: one per Node environment (main thread, each worker_thread, each jest
// module registry), owning that environment's handle table. Node-API runs the instance's
// destructor when the environment is torn down, which frees every factor still in the table.
#pragma once

#include <napi.h>

#include <atomic>
#include <memory>
#include <vector>

#include "factor.h"
#include "failure.h"
#include "handle_table.h"

namespace spsolve {

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports);

  HandleTable<Factor>& factors() { return factors_; }
  const ErrorClasses& errorClasses() const { return errors_; }
  std::shared_ptr<std::atomic<int64_t>> liveCounter() const { return live_; }

  // Tells V8 how much native memory a factor holds, so GC pressure accounts for it.
  void reportMemory(Napi::Env env, double handle);
  // The same, for a job that finished after its factor may have been disposed.
  void reportMemoryIfLive(Napi::Env env, double handle);

 private:
  Napi::Value SetErrorClasses(const Napi::CallbackInfo& info);
  Napi::Value Analyze(const Napi::CallbackInfo& info);
  Napi::Value AnalyzeAsync(const Napi::CallbackInfo& info);
  Napi::Value Factorize(const Napi::CallbackInfo& info);
  Napi::Value FactorizeAsync(const Napi::CallbackInfo& info);
  Napi::Value Solve(const Napi::CallbackInfo& info);
  Napi::Value SolveAsync(const Napi::CallbackInfo& info);
  Napi::Value LogDet(const Napi::CallbackInfo& info);
  Napi::Value Rcond(const Napi::CallbackInfo& info);
  Napi::Value InverseOnPattern(const Napi::CallbackInfo& info);
  Napi::Value Permutation(const Napi::CallbackInfo& info);
  Napi::Value FactorL(const Napi::CallbackInfo& info);
  Napi::Value FactorD(const Napi::CallbackInfo& info);
  Napi::Value FactorInfo(const Napi::CallbackInfo& info);
  Napi::Value Free(const Napi::CallbackInfo& info);
  Napi::Value LiveHandles(const Napi::CallbackInfo& info);
  Napi::Value ExternalMemory(const Napi::CallbackInfo& info);
  Napi::Value Update(const Napi::CallbackInfo& info);
  Napi::Value UpdateAsync(const Napi::CallbackInfo& info);
  Napi::Value RowDelete(const Napi::CallbackInfo& info);
  Napi::Value RowAdd(const Napi::CallbackInfo& info);
  Napi::Value SolveSparse(const Napi::CallbackInfo& info);
  Napi::Value CloneSymbolic(const Napi::CallbackInfo& info);
  Napi::Value SetThreads(const Napi::CallbackInfo& info);
  Napi::Value GetThreads(const Napi::CallbackInfo& info);
  Napi::Value BlasThreadsNow(const Napi::CallbackInfo& info);
  Napi::Value OuterOnPattern(const Napi::CallbackInfo& info);  // outer_on_pattern.cc

  HandleTable<Factor> factors_;
  ErrorClasses errors_;
  std::shared_ptr<std::atomic<int64_t>> live_ = std::make_shared<std::atomic<int64_t>>(0);
};

// Argument readers shared by the synchronous functions and the async jobs; each throws
// ArgumentError naming the argument.
double handleArg(const Napi::CallbackInfo& info, size_t i);
double numberArg(const Napi::CallbackInfo& info, size_t i, const char* name);
int64_t dimensionArg(const Napi::CallbackInfo& info, size_t i, const char* name);
// The number of right-hand sides in a column-major block of `length` values with n rows.
int64_t rhsCountArg(const Napi::CallbackInfo& info, size_t i, size_t length, int64_t n);
int smallIntArg(const Napi::CallbackInfo& info, size_t i, const char* name, int min, int max);
Napi::Int32Array int32Arg(const Napi::CallbackInfo& info, size_t i, const char* name);
Napi::Float64Array float64Arg(const Napi::CallbackInfo& info, size_t i, const char* name);
// Compressed columns computed natively (64-bit indices) as { colPtr, rowIdx, values } for JS;
// `what` names the matrix in the error when it does not fit 32-bit indices.
Napi::Object cscToJs(Napi::Env env, const std::vector<int64_t>& colPtr, const std::vector<int64_t>& rowIdx,
                     const std::vector<double>& values, const char* what);
// A caller-allocated Float64Array of exactly `length` entries for a result.
Napi::Float64Array outputArg(const Napi::CallbackInfo& info, size_t i, const char* name, size_t length);
FactorOptions optionsArg(const Napi::CallbackInfo& info, size_t i);

// A sparse matrix argument (nrows, ncols, colPtr, rowIdx, values at i … i + 4), copied so that it
// can outlive the call (async jobs) and validated later by copyToCholmod.
struct CscCopy {
  int64_t nrows = 0, ncols = 0;
  std::vector<int32_t> colPtr, rowIdx;
  std::vector<double> values;
  CscInputView view() const;
};
CscCopy cscArg(const Napi::CallbackInfo& info, size_t i);

// The BLAS thread policy from SPSOLVE_THREADS ('auto' when unset); applied once per process (threads.cc).
void applyDefaultThreadsOnce();

// Async variants (jobs.cc): each copies its inputs on the main thread and returns a Promise.
Napi::Value startAnalyzeJob(Addon& addon, const Napi::CallbackInfo& info);
Napi::Value startFactorizeJob(Addon& addon, const Napi::CallbackInfo& info);
Napi::Value startSolveJob(Addon& addon, const Napi::CallbackInfo& info);
Napi::Value startUpdateJob(Addon& addon, const Napi::CallbackInfo& info);

}  // namespace spsolve
