// Creating, factorising, solving with and reading an LU factor.
#include "lu/operations.h"

#include <klu.h>
#include <umfpack.h>

#include <mutex>
#include <string>
#include <shared_mutex>

#include "core/on_object.h"
#include "core/operation.h"
#include "lu/lu_factor.h"

namespace spsolve {
namespace {

// Options arrive as small integer codes and numbers (lib/lu/options.ts maps the names); -1 is the
// engine's default.
LuOptions readLuOptions(const JsArgs& args) {
  LuOptions o;
  o.engine = static_cast<LuEngine>(args.smallInt("engine", 0, 1));
  o.ordering = args.smallInt("ordering", -1, 6);
  o.strategy = args.smallInt("strategy", -1, 3);
  o.scaling = args.smallInt("scaling", -1, 2);
  o.btf = args.smallInt("btf", -1, 1);
  o.refinementSteps = args.smallInt("refinementSteps", -1, 100);
  o.pivotTolerance = args.number("pivotTolerance");
  o.symPivotTolerance = args.number("symPivotTolerance");
  if (!(o.pivotTolerance == -1 || (o.pivotTolerance >= 0 && o.pivotTolerance <= 1)) ||
      !(o.symPivotTolerance == -1 || (o.symPivotTolerance >= 0 && o.symPivotTolerance <= 1)))
    throw ArgumentError(false, "luAnalyze: pivot tolerances must be in [0, 1] (or -1 for the default)");
  return o;
}

// An operation on an existing LU factor (core/on_object.h).
using OnLu = OnObject<LuFactor>;

// luLogDet({ handle }) -> { logAbsDet, sign }; luRcond({ handle }) -> min|uᵢᵢ| / max|uᵢᵢ| (the
// engines' cheap estimate).
constexpr char kLuLogDet[] = "luLogDet";
constexpr char kLuRcond[] = "luRcond";

// luAnalyze({ A, engine, ordering, strategy, scaling, btf, refinementSteps, pivotTolerance,
// symPivotTolerance }) -> handle. A must be square; A.values may be null (a pattern only).
struct LuAnalyzeOp {
  static constexpr const char* kName = "luAnalyze";
  CscInput A;
  LuOptions options;
  LiveCounter live;
  std::shared_ptr<LuFactor> factor;

  static LuAnalyzeOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    LuAnalyzeOp op;
    op.A = args.csc("A", lifetime, /* valuesOptional */ true);
    op.options = readLuOptions(args);
    op.live = addon.liveCounter();
    return op;
  }
  void run() { factor = LuFactor::create(A, options, live); }
  Napi::Value result(Addon& addon, Napi::Env env) { return Napi::Number::New(env, addon.insert(env, std::move(factor))); }
};

// luFactorize({ handle, values }): numeric factorisation; values (aligned with the analysed
// pattern), when not null, replace the stored ones. The symbolic analysis is reused.
struct LuFactorizeOp : OnLu {
  static constexpr const char* kName = "luFactorize";
  ArrayInput<double> values;

  static LuFactorizeOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    LuFactorizeOp op;
    op.readObject(addon, args);
    op.values = args.optionalFloat64Input("values", lifetime);
    return op;
  }
  void run() {
    const ReleaseAtEnd release{*this};
    std::unique_lock<std::shared_mutex> lock(object->lock());
    object->factorize(values.present() ? values.data() : nullptr, values.size());
  }
  Napi::Value result(Addon& addon, Napi::Env env) {
    addon.reportMemoryIfLive(env, handle);
    return env.Undefined();
  }
};

// luSolve({ handle, transpose, B, nrhs, X }): X (n · nrhs, column-major, caller-allocated)
// receives A⁻¹B, or A⁻ᵀB when transpose.
struct LuSolveOp : OnLu {
  static constexpr const char* kName = "luSolve";
  bool transpose = false;
  ArrayInput<double> B;
  int64_t nrhs = 0;
  Float64Output X;

  static LuSolveOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    LuSolveOp op;
    op.readObject(addon, args);
    op.transpose = args.boolean("transpose");
    auto B = args.float64Array("B");
    const double nrhs = args.number("nrhs");
    if (!(nrhs >= 0) || nrhs != static_cast<double>(static_cast<int64_t>(nrhs)) ||
        static_cast<double>(B.ElementLength()) != nrhs * static_cast<double>(op.object->n()))
      throw ArgumentError(false, "luSolve: B must hold n * nrhs values");
    op.nrhs = static_cast<int64_t>(nrhs);
    op.X = args.float64Output("X", B.ElementLength(), lifetime);
    if (op.X.data() == B.Data() && B.ElementLength() > 0) throw ArgumentError(false, "luSolve: X must not be B");
    op.B = ArrayInput<double>(B, lifetime);
    return op;
  }
  void run() {
    const ReleaseAtEnd release{*this};
    checkFinite(B.data(), B.size(), "b");
    if (object->solveIsShared()) {
      std::shared_lock<std::shared_mutex> lock(object->lock());
      object->solve(transpose, B.data(), nrhs, X.data());
    } else {
      std::unique_lock<std::shared_mutex> lock(object->lock());
      object->solve(transpose, B.data(), nrhs, X.data());
    }
  }
  Napi::Value result(Addon&, Napi::Env env) { return env.Undefined(); }
};

// luInfo({ handle }) -> the statistics of the last analysis and factorisation.
struct LuInfoOp : OnLu {
  static constexpr const char* kName = "luInfo";

  static LuInfoOp read(Addon& addon, const JsArgs& args, Lifetime) { return readHandleOnly<LuInfoOp>(addon, args); }
  void run() {}
  Napi::Value result(Addon&, Napi::Env env) {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    const LuStats& s = object->stats();
    Napi::Object o = Napi::Object::New(env);
    o.Set("engine", object->engineName());
    o.Set("n", static_cast<double>(object->n()));
    o.Set("nnzA", static_cast<double>(object->nnzA()));
    o.Set("isNumeric", object->isNumeric());
    o.Set("nnzL", s.lnz);
    o.Set("nnzU", s.unz);
    o.Set("flops", s.flops);
    o.Set("ordering", s.ordering);
    o.Set("strategy", s.strategy);
    o.Set("offDiagonalPivots", s.offDiagonalPivots);
    o.Set("blocks", s.blocks);
    o.Set("structuralRank", s.structuralRank);
    o.Set("scaled", s.scaled);
    o.Set("memoryBytes", static_cast<double>(object->memoryBytes()));
    o.Set("peakBytes", s.peakBytes);
    o.Set("factorizations", s.factorizations);
    o.Set("analyzeSeconds", s.analyzeSeconds);
    o.Set("factorSeconds", s.factorSeconds);
    return o;
  }
};

Napi::Value copyToJs(Napi::Env env, const std::vector<int32_t>& v) {
  Napi::Int32Array out = Napi::Int32Array::New(env, v.size());
  std::copy(v.begin(), v.end(), out.Data());
  return out;
}
Napi::Value copyToJs(Napi::Env env, const std::vector<double>& v) {
  Napi::Float64Array out = Napi::Float64Array::New(env, v.size());
  std::copy(v.begin(), v.end(), out.Data());
  return out;
}

// luExtract({ handle }) -> { L, U, F, p, q, rowScale }: (diag(rowScale)⁻¹ A)[p, q] = L U + F.
struct LuExtractOp : OnLu {
  static constexpr const char* kName = "luExtract";
  LuParts parts;

  static LuExtractOp read(Addon& addon, const JsArgs& args, Lifetime) { return readHandleOnly<LuExtractOp>(addon, args); }
  void run() {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    parts = object->extract();
  }
  Napi::Value result(Addon&, Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("L", cscToJs(env, parts.Lp, parts.Li, parts.Lx, "L"));
    o.Set("U", cscToJs(env, parts.Up, parts.Ui, parts.Ux, "U"));
    o.Set("F", cscToJs(env, parts.Fp, parts.Fi, parts.Fx, "F"));
    o.Set("p", copyToJs(env, parts.p));
    o.Set("q", copyToJs(env, parts.q));
    o.Set("rowScale", copyToJs(env, parts.rowScale));
    return o;
  }
};

}  // namespace

void addLuBuildInfo(Napi::Env env, Napi::Object info) {
  auto version = [](int a, int b, int c) { return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c); };
  if (umfpackBuilt())
    info.Set("umfpack", version(UMFPACK_MAIN_VERSION, UMFPACK_SUB_VERSION, UMFPACK_SUBSUB_VERSION));
  else
    info.Set("umfpack", env.Null());
  info.Set("klu", version(KLU_MAIN_VERSION, KLU_SUB_VERSION, KLU_SUBSUB_VERSION));
}

void exportLuOperations(Napi::Env env, Napi::Object exports) {
  exportOperation<LuAnalyzeOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<LuFactorizeOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<LuSolveOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<LogDetOp<LuFactor, kLuLogDet>>(env, exports);
  exportOperation<RcondOp<LuFactor, kLuRcond>>(env, exports);
  exportOperation<LuInfoOp>(env, exports);
  exportOperation<LuExtractOp>(env, exports);
}

}  // namespace spsolve
