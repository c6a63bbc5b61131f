// Promise-returning versions of analyze, factorize, solve and update, run on libuv's thread pool.
// Each job is a plain struct of copied inputs (a "baton"): Execute() never touches a JS value,
// and the factor it works on is held by a shared_ptr, so dispose() during the job only drops
// the table's reference.
#include <cmath>
#include <cstring>
#include <mutex>
#include <shared_mutex>

#include "addon.h"

namespace spsolve {
namespace {

class Job : public Napi::AsyncWorker {
 public:
  Job(Addon& addon, Napi::Env env, const char* name)
      : Napi::AsyncWorker(env, name), addon_(addon), deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  virtual void run() = 0;                              // worker thread
  virtual Napi::Value result(Napi::Env env) = 0;       // main thread, after success

  void Execute() override {
    try {
      run();
    } catch (...) {
      failure_ = Failure::fromCurrentException();
    }
  }

  void OnOK() override {
    try {
      settle();
    } catch (...) {
      // Only when the environment is being torn down (a worker_thread terminated mid-job):
      // nobody can await the promise any more, and an exception escaping here would abort.
    }
  }

  void settle() {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    if (!failure_) {
      try {
        deferred_.Resolve(result(env));
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

  Addon& addon_;

 private:
  Napi::Promise::Deferred deferred_;
  Failure failure_;
};

class AnalyzeJob : public Job {
 public:
  AnalyzeJob(Addon& addon, const Napi::CallbackInfo& info) : Job(addon, info.Env(), "spsolve:analyze") {
    const int64_t nrows = dimensionArg(info, 0, "nrows"), ncols = dimensionArg(info, 1, "ncols");
    auto colPtr = int32Arg(info, 2, "colPtr");
    auto rowIdx = int32Arg(info, 3, "rowIdx");
    colPtr_.assign(colPtr.Data(), colPtr.Data() + colPtr.ElementLength());
    rowIdx_.assign(rowIdx.Data(), rowIdx.Data() + rowIdx.ElementLength());
    hasValues_ = !info[4].IsNull() && !info[4].IsUndefined();
    if (hasValues_) {
      auto values = float64Arg(info, 4, "values");
      values_.assign(values.Data(), values.Data() + values.ElementLength());
    }
    nrows_ = nrows;
    ncols_ = ncols;
    stype_ = smallIntArg(info, 5, "stype", -1, 1);
    options_ = optionsArg(info, 6);
    live_ = addon.liveCounter();
  }

 protected:
  void run() override {
    CscInputView input;
    input.nrows = nrows_;
    input.ncols = ncols_;
    input.colPtr = colPtr_.data();
    input.colPtrLen = colPtr_.size();
    input.rowIdx = rowIdx_.data();
    input.rowIdxLen = rowIdx_.size();
    if (hasValues_) {
      input.values = values_.data();
      input.valuesLen = values_.size();
    }
    factor_ = std::make_shared<Factor>(input, stype_, options_, live_);
    // the factor holds its own copy now
    std::vector<int32_t>().swap(colPtr_);
    std::vector<int32_t>().swap(rowIdx_);
    std::vector<double>().swap(values_);
  }
  Napi::Value result(Napi::Env env) override {
    const double handle = addon_.factors().insert(std::move(factor_));
    addon_.reportMemory(env, handle);
    return Napi::Number::New(env, handle);
  }

 private:
  int64_t nrows_ = 0, ncols_ = 0;
  std::vector<int32_t> colPtr_, rowIdx_;
  std::vector<double> values_;
  int stype_ = 0;
  bool hasValues_ = false;
  FactorOptions options_;
  std::shared_ptr<std::atomic<int64_t>> live_;
  std::shared_ptr<Factor> factor_;
};

class FactorizeJob : public Job {
 public:
  FactorizeJob(Addon& addon, const Napi::CallbackInfo& info) : Job(addon, info.Env(), "spsolve:factorize") {
    handle_ = handleArg(info, 0);
    factor_ = addon.factors().get(handle_);
    hasValues_ = !info[1].IsNull() && !info[1].IsUndefined();
    if (hasValues_) {
      auto values = float64Arg(info, 1, "values");
      values_.assign(values.Data(), values.Data() + values.ElementLength());
    }
    shift_ = numberArg(info, 2, "shift");
  }

 protected:
  void run() override {
    std::unique_lock<std::shared_mutex> lock(factor_->lock());
    factor_->factorize(hasValues_ ? values_.data() : nullptr, values_.size(), shift_);
  }
  Napi::Value result(Napi::Env env) override {
    addon_.reportMemoryIfLive(env, handle_);
    return env.Undefined();
  }

 private:
  double handle_ = 0;
  std::shared_ptr<Factor> factor_;
  bool hasValues_ = false;
  std::vector<double> values_;
  double shift_ = 0;
};

class SolveJob : public Job {
 public:
  SolveJob(Addon& addon, const Napi::CallbackInfo& info) : Job(addon, info.Env(), "spsolve:solve") {
    factor_ = addon.factors().get(handleArg(info, 0));
    system_ = smallIntArg(info, 1, "system", 0, 8);
    auto B = float64Arg(info, 2, "B");
    nrhs_ = rhsCountArg(info, 3, B.ElementLength(), factor_->n());
    output_ = Napi::Persistent(outputArg(info, 4, "X", B.ElementLength()));
    B_.assign(B.Data(), B.Data() + B.ElementLength());
  }

 protected:
  void run() override {
    X_.resize(B_.size());
    std::shared_lock<std::shared_mutex> lock(factor_->lock());
    factor_->solve(system_, B_.data(), nrhs_, X_.data());
  }
  Napi::Value result(Napi::Env env) override {
    // The caller's array is only written here, on the main thread, never from the worker.
    auto X = output_.Value();
    if (X.ElementLength() != X_.size()) throw ArgumentError(false, "X changed size during the solve");
    if (!X_.empty()) std::memcpy(X.Data(), X_.data(), sizeof(double) * X_.size());
    return env.Undefined();
  }

 private:
  std::shared_ptr<Factor> factor_;
  int system_ = 0;
  int64_t nrhs_ = 0;
  std::vector<double> B_, X_;
  Napi::Reference<Napi::Float64Array> output_;
};

class UpdateJob : public Job {
 public:
  UpdateJob(Addon& addon, const Napi::CallbackInfo& info) : Job(addon, info.Env(), "spsolve:update") {
    handle_ = handleArg(info, 0);
    factor_ = addon.factors().get(handle_);
    C_ = cscArg(info, 1);
    if (info.Length() <= 6 || !info[6].IsBoolean()) throw ArgumentError(true, "downdate must be a boolean");
    downdate_ = info[6].As<Napi::Boolean>().Value();
  }

 protected:
  void run() override {
    std::unique_lock<std::shared_mutex> lock(factor_->lock());
    factor_->update(C_.view(), downdate_);
  }
  Napi::Value result(Napi::Env env) override {
    addon_.reportMemoryIfLive(env, handle_);
    return env.Undefined();
  }

 private:
  double handle_ = 0;
  std::shared_ptr<Factor> factor_;
  CscCopy C_;
  bool downdate_ = false;
};

template <class J>
Napi::Value start(Addon& addon, const Napi::CallbackInfo& info) {
  auto* job = new J(addon, info);  // on a throw here nothing was queued; AsyncWorker frees itself after OnOK
  Napi::Promise promise = job->promise();
  job->Queue();
  return promise;
}

}  // namespace

Napi::Value startAnalyzeJob(Addon& addon, const Napi::CallbackInfo& info) { return start<AnalyzeJob>(addon, info); }
Napi::Value startFactorizeJob(Addon& addon, const Napi::CallbackInfo& info) { return start<FactorizeJob>(addon, info); }
Napi::Value startSolveJob(Addon& addon, const Napi::CallbackInfo& info) { return start<SolveJob>(addon, info); }
Napi::Value startUpdateJob(Addon& addon, const Napi::CallbackInfo& info) { return start<UpdateJob>(addon, info); }

}  // namespace spsolve
