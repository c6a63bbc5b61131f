#include "addon.h"
#include "build_flavor.h"
#include "threads.h"

#include <cmath>
#include <mutex>
#include <shared_mutex>

namespace spsolve {
namespace {

Napi::Object buildInfo(Napi::Env env) {
  Napi::Object info = Napi::Object::New(env);
  info.Set("flavor", buildFlavor());
  info.Set("prebuilt", isPortableBuild());
  int version[3];
  cholmod_l_version(version);
  info.Set("cholmod", std::to_string(version[0]) + "." + std::to_string(version[1]) + "." + std::to_string(version[2]));
#ifdef NGPL
  info.Set("gpl", false);
#else
  info.Set("gpl", true);
#endif
  info.Set("blas", blasDescription());
  info.Set("cores", usableCores());
  return info;
}

}  // namespace

Addon::Addon(Napi::Env env, Napi::Object exports) {
  initSuiteSparseOnce();
  try {
    applyDefaultThreadsOnce();
  } catch (const ArgumentError& e) {
    throw Napi::RangeError::New(env, e.what());
  }
  DefineAddon(exports, {
      InstanceMethod("init", &Addon::SetErrorClasses),
      InstanceMethod("analyze", &Addon::Analyze),
      InstanceMethod("analyzeAsync", &Addon::AnalyzeAsync),
      InstanceMethod("factorize", &Addon::Factorize),
      InstanceMethod("factorizeAsync", &Addon::FactorizeAsync),
      InstanceMethod("solve", &Addon::Solve),
      InstanceMethod("solveAsync", &Addon::SolveAsync),
      InstanceMethod("logdet", &Addon::LogDet),
      InstanceMethod("rcond", &Addon::Rcond),
      InstanceMethod("inverseOnPattern", &Addon::InverseOnPattern),
      InstanceMethod("permutation", &Addon::Permutation),
      InstanceMethod("factorL", &Addon::FactorL),
      InstanceMethod("factorD", &Addon::FactorD),
      InstanceMethod("factorInfo", &Addon::FactorInfo),
      InstanceMethod("free", &Addon::Free),
      InstanceMethod("liveHandles", &Addon::LiveHandles),
      InstanceMethod("externalMemory", &Addon::ExternalMemory),
      InstanceMethod("update", &Addon::Update),
      InstanceMethod("updateAsync", &Addon::UpdateAsync),
      InstanceMethod("rowDelete", &Addon::RowDelete),
      InstanceMethod("rowAdd", &Addon::RowAdd),
      InstanceMethod("solveSparse", &Addon::SolveSparse),
      InstanceMethod("cloneSymbolic", &Addon::CloneSymbolic),
      InstanceMethod("setThreads", &Addon::SetThreads),
      InstanceMethod("getThreads", &Addon::GetThreads),
      InstanceMethod("blasThreadsNow", &Addon::BlasThreadsNow),
      InstanceMethod("outerOnPattern", &Addon::OuterOnPattern),
      InstanceValue("buildInfo", buildInfo(env), napi_enumerable),
  });
}

void Addon::reportMemoryIfLive(Napi::Env env, double handle) {
  try {
    reportMemory(env, handle);
  } catch (const DisposedFailure&) {
    // disposed while a job ran: its memory was taken back then
  }
}

void Addon::reportMemory(Napi::Env env, double handle) {
  auto& slot = factors_.slot(handle);
  const auto bytes = static_cast<int64_t>(slot.value->memoryBytes());
  if (bytes != slot.reportedBytes) {
    Napi::MemoryManagement::AdjustExternalMemory(env, bytes - slot.reportedBytes);
    slot.reportedBytes = bytes;
  }
}

Napi::Value Addon::SetErrorClasses(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(env, "init expects the error classes");
  Napi::Object classes = info[0].As<Napi::Object>();
  auto ref = [&](const char* name) {
    Napi::Value v = classes.Get(name);
    if (!v.IsFunction()) throw Napi::TypeError::New(env, std::string(name) + " must be a class");
    return Napi::Persistent(v.As<Napi::Function>());
  };
  errors_.cholmodError = ref("CholmodError");
  errors_.notPositiveDefiniteError = ref("NotPositiveDefiniteError");
  errors_.disposedError = ref("DisposedError");
  errors_.typeError = ref("TypeError");
  errors_.rangeError = ref("RangeError");
  return env.Undefined();
}

// analyze(nrows, ncols, colPtr, rowIdx, values | null, stype, ordering, mode, kind) -> handle
Napi::Value Addon::Analyze(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    const int64_t nrows = dimensionArg(info, 0, "nrows"), ncols = dimensionArg(info, 1, "ncols");
    auto colPtr = int32Arg(info, 2, "colPtr");
    auto rowIdx = int32Arg(info, 3, "rowIdx");
    const bool hasValues = !info[4].IsNull() && !info[4].IsUndefined();
    Napi::Float64Array values = hasValues ? float64Arg(info, 4, "values") : Napi::Float64Array();
    const int stype = smallIntArg(info, 5, "stype", -1, 1);
    const FactorOptions options = optionsArg(info, 6);
    CscInputView input;
    input.nrows = nrows;
    input.ncols = ncols;
    input.colPtr = colPtr.Data();
    input.colPtrLen = colPtr.ElementLength();
    input.rowIdx = rowIdx.Data();
    input.rowIdxLen = rowIdx.ElementLength();
    if (hasValues) {
      input.values = values.Data();
      input.valuesLen = values.ElementLength();
    }
    auto factor = std::make_shared<Factor>(input, stype, options, live_);
    const double handle = factors_.insert(std::move(factor));
    reportMemory(info.Env(), handle);
    return Napi::Number::New(info.Env(), handle);
  });
}

Napi::Value Addon::AnalyzeAsync(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&] { return startAnalyzeJob(*this, info); });
}

// factorize(handle, values | null, shift)
Napi::Value Addon::Factorize(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    const double handle = handleArg(info, 0);
    auto factor = factors_.get(handle);
    const bool hasValues = !info[1].IsNull() && !info[1].IsUndefined();
    Napi::Float64Array values = hasValues ? float64Arg(info, 1, "values") : Napi::Float64Array();
    const double shift = numberArg(info, 2, "shift");
    {
      std::unique_lock<std::shared_mutex> lock(factor->lock());
      factor->factorize(hasValues ? values.Data() : nullptr, hasValues ? values.ElementLength() : 0, shift);
    }
    reportMemory(info.Env(), handle);
    return info.Env().Undefined();
  });
}

Napi::Value Addon::FactorizeAsync(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&] { return startFactorizeJob(*this, info); });
}

// solve(handle, system, B, nrhs, X): X (n * nrhs, column-major, allocated by the caller so that
// it belongs to the caller's realm) receives the solution.
Napi::Value Addon::Solve(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    auto factor = factors_.get(handleArg(info, 0));
    const int system = smallIntArg(info, 1, "system", 0, 8);
    auto B = float64Arg(info, 2, "B");
    const int64_t nrhs = rhsCountArg(info, 3, B.ElementLength(), factor->n());
    auto X = outputArg(info, 4, "X", B.ElementLength());
    if (X.Data() == B.Data() && B.ElementLength() > 0) throw ArgumentError(false, "X must not be B");
    std::shared_lock<std::shared_mutex> lock(factor->lock());
    factor->solve(system, B.Data(), nrhs, X.Data());
    return info.Env().Undefined();
  });
}

Napi::Value Addon::SolveAsync(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&] { return startSolveJob(*this, info); });
}

Napi::Value Addon::LogDet(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    auto factor = factors_.get(handleArg(info, 0));
    std::shared_lock<std::shared_mutex> lock(factor->lock());
    int sign = 1;
    const double logAbs = factor->logAbsDet(&sign);
    Napi::Object result = Napi::Object::New(info.Env());
    result.Set("logAbsDet", logAbs);
    result.Set("sign", sign);
    return result;
  });
}

Napi::Value Addon::Rcond(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    auto factor = factors_.get(handleArg(info, 0));
    std::shared_lock<std::shared_mutex> lock(factor->lock());
    return Napi::Number::New(info.Env(), factor->rcond());
  });
}

// inverseOnPattern(handle, colPtr, rowIdx) -> values of (A + shift·I)⁻¹ on that pattern
Napi::Value Addon::InverseOnPattern(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    auto factor = factors_.get(handleArg(info, 0));
    auto colPtr = int32Arg(info, 1, "colPtr");
    auto rowIdx = int32Arg(info, 2, "rowIdx");
    CscInputView q;
    q.nrows = q.ncols = factor->n();
    q.colPtr = colPtr.Data();
    q.colPtrLen = colPtr.ElementLength();
    q.rowIdx = rowIdx.Data();
    q.rowIdxLen = rowIdx.ElementLength();
    auto out = outputArg(info, 3, "out", rowIdx.ElementLength());
    std::shared_lock<std::shared_mutex> lock(factor->lock());
    factor->inverseOnPattern(q, out.Data());
    return info.Env().Undefined();
  });
}

Napi::Value Addon::Permutation(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    auto factor = factors_.get(handleArg(info, 0));
    std::shared_lock<std::shared_mutex> lock(factor->lock());
    auto perm = int32Arg(info, 1, "out");
    if (perm.ElementLength() != static_cast<size_t>(factor->n())) throw ArgumentError(false, "out must have n entries");
    factor->permutation(perm.Data());
    return info.Env().Undefined();
  });
}

Napi::Value Addon::FactorL(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    auto factor = factors_.get(handleArg(info, 0));
    std::vector<int64_t> colPtr, rowIdx;
    std::vector<double> values;
    {
      std::shared_lock<std::shared_mutex> lock(factor->lock());
      factor->extractL(colPtr, rowIdx, values);
    }
    return cscToJs(info.Env(), colPtr, rowIdx, values, "L");
  });
}

Napi::Value Addon::FactorD(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    auto factor = factors_.get(handleArg(info, 0));
    std::shared_lock<std::shared_mutex> lock(factor->lock());
    auto D = outputArg(info, 1, "out", factor->n());
    factor->extractD(D.Data());
    return info.Env().Undefined();
  });
}

Napi::Value Addon::FactorInfo(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    auto factor = factors_.get(handleArg(info, 0));
    std::shared_lock<std::shared_mutex> lock(factor->lock());
    const FactorStats& s = factor->stats();
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("n", static_cast<double>(factor->n()));
    o.Set("nnzA", static_cast<double>(factor->nnzA()));
    o.Set("ordering", s.ordering);
    o.Set("isSupernodal", factor->isSupernodal());
    o.Set("isLL", factor->isLL());
    o.Set("isNumeric", factor->isNumeric());
    o.Set("nnzL", static_cast<double>(factor->nnzL()));
    o.Set("flops", s.flops);
    o.Set("blasThreads", s.blasThreads);
    o.Set("memoryBytes", static_cast<double>(factor->memoryBytes()));
    o.Set("factorizations", static_cast<double>(s.factorizations));
    o.Set("updates", static_cast<double>(s.updates));
    o.Set("analyzeSeconds", s.analyzeSeconds);
    o.Set("factorSeconds", s.factorSeconds);
    return o;
  });
}

// free(handle) -> whether the handle was live. Freeing twice, or a stale handle, is harmless.
Napi::Value Addon::Free(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    const int64_t bytes = factors_.remove(handleArg(info, 0));
    if (bytes > 0) Napi::MemoryManagement::AdjustExternalMemory(info.Env(), -bytes);
    return Napi::Boolean::New(info.Env(), bytes >= 0);
  });
}

// V8's count of external memory, as adjusted by napi_adjust_external_memory (a zero adjustment
// reads it); Node's process.memoryUsage() does not show these adjustments.
Napi::Value Addon::ExternalMemory(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Napi::MemoryManagement::AdjustExternalMemory(info.Env(), 0)));
}

Napi::Value Addon::LiveHandles(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(live_->load()));
}

// setThreads(0 | n): 0 selects the 'auto' policy (threads.h).
Napi::Value Addon::SetThreads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    const double n = numberArg(info, 0, "threads");
    if (!(n >= 0 && n <= 1024) || n != std::floor(n)) throw ArgumentError(false, "threads must be 0 (auto) or an integer in [1, 1024]");
    setThreadPolicy(static_cast<int>(n));
    return info.Env().Undefined();
  });
}

Napi::Value Addon::GetThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), threadPolicy()); }

Napi::Value Addon::BlasThreadsNow(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), blasThreads()); }

}  // namespace spsolve

using spsolve::Addon;
NODE_API_ADDON(Addon)
