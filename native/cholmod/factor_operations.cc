// Creating, factorising and solving with a factor.
#include <mutex>
#include <shared_mutex>

#include "cholmod/operations.h"
#include "core/operation.h"

namespace spsolve {

FactorOptions readFactorOptions(const JsArgs& args) {
  FactorOptions o;
  o.ordering = static_cast<Ordering>(args.smallInt("ordering", 0, static_cast<int>(Ordering::Natural)));
  o.mode = static_cast<Mode>(args.smallInt("mode", 0, static_cast<int>(Mode::Supernodal)));
  o.kind = static_cast<Kind>(args.smallInt("kind", 0, static_cast<int>(Kind::LDLt)));
  return o;
}

namespace {

// analyze({ A, stype, general, ordering, mode, kind, perm, fset }) -> handle. A.values may be null
// (a pattern only); `general`: A is stored in full and must be symmetric (checked here, off the
// main thread); stype 0: the factor is of A Aᵀ, A any m × n. perm (m entries) and fset (column
// subset, A Aᵀ only) may be null.
struct AnalyzeOp {
  static constexpr const char* kName = "analyze";
  CscInput A;
  int stype = 0;
  bool general = false;
  FactorOptions options;
  ArrayInput<int32_t> perm, fset;
  LiveCounter live;
  std::shared_ptr<Factor> factor;

  static AnalyzeOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    AnalyzeOp op;
    op.A = args.csc("A", lifetime, /* valuesOptional */ true);
    op.stype = args.smallInt("stype", -1, 1);
    op.general = args.boolean("general");
    op.options = readFactorOptions(args);
    op.perm = args.optionalInt32Input("perm", lifetime);
    op.fset = args.optionalInt32Input("fset", lifetime);
    op.live = addon.liveCounter();
    return op;
  }
  void run() {
    if (perm.present()) options.userPerm = checkedPermutation(perm.data(), perm.size(), A.nrows, "ordering");
    if (fset.present()) {
      options.hasFset = true;
      options.fset = checkedSubset(fset.data(), fset.size(), A.ncols, "columns");
    }
    factor = std::make_shared<Factor>(A, stype, general, options, live);
  }
  Napi::Value result(Addon& addon, Napi::Env env) { return Napi::Number::New(env, addon.insert(env, std::move(factor))); }
};

// factorize({ handle, values, shift, check }) -> whether it succeeded: A + shift·I; values
// (aligned with the analysed pattern), when not null, replace the stored ones. With check a
// matrix that is not positive definite throws; without, the result is false.
struct FactorizeOp : OnFactor {
  static constexpr const char* kName = "factorize";
  ArrayInput<double> values;
  double shift = 0;
  bool check = true;
  bool ok = false;

  static FactorizeOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    FactorizeOp op;
    op.readObject(addon, args);
    op.values = args.optionalFloat64Input("values", lifetime);
    op.shift = args.number("shift");
    op.check = args.optionalBoolean("check", true);
    return op;
  }
  void run() {
    const ReleaseAtEnd release{*this};
    std::unique_lock<std::shared_mutex> lock(object->lock());
    ok = object->factorize(values.present() ? values.data() : nullptr, values.size(), shift, check);
  }
  Napi::Value result(Addon& addon, Napi::Env env) {
    changed(addon, env);
    return Napi::Boolean::New(env, ok);
  }
};

// solve({ handle, system, B, nrhs, X }): X (n · nrhs, column-major, allocated by the caller so
// that it belongs to the caller's realm) receives the solution of `system` for B.
struct SolveOp : OnFactor {
  static constexpr const char* kName = "solve";
  int system = 0;
  ArrayInput<double> B;
  int64_t nrhs = 0;
  Float64Output X;

  static SolveOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    SolveOp op;
    op.readObject(addon, args);
    op.system = args.smallInt("system", 0, 8);
    auto B = args.float64Array("B");
    const double nrhs = args.number("nrhs");
    if (!(nrhs >= 0) || nrhs != static_cast<double>(static_cast<int64_t>(nrhs)) ||
        static_cast<double>(B.ElementLength()) != nrhs * static_cast<double>(op.object->n()))
      throw ArgumentError(false, "solve: B must hold n * nrhs values");
    op.nrhs = static_cast<int64_t>(nrhs);
    op.X = args.float64Output("X", B.ElementLength(), lifetime);
    if (op.X.data() == B.Data() && B.ElementLength() > 0) throw ArgumentError(false, "solve: X must not be B");
    op.B = ArrayInput<double>(B, lifetime);
    return op;
  }
  void run() {
    const ReleaseAtEnd release{*this};
    checkFinite(B.data(), B.size(), "b");
    std::shared_lock<std::shared_mutex> lock(object->lock());
    object->solve(system, B.data(), nrhs, X.data());
  }
  Napi::Value result(Addon&, Napi::Env env) { return env.Undefined(); }
};

// cloneSymbolic({ handle }) -> a new handle: the same pattern and analysis, no numeric values yet.
struct CloneSymbolicOp : OnFactor {
  static constexpr const char* kName = "cloneSymbolic";
  std::shared_ptr<Factor> copy;

  static CloneSymbolicOp read(Addon& addon, const JsArgs& args, Lifetime) { return readHandleOnly<CloneSymbolicOp>(addon, args); }
  void run() {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    copy = std::make_shared<Factor>(*object, SymbolicCopy{});
  }
  Napi::Value result(Addon& addon, Napi::Env env) { return Napi::Number::New(env, addon.insert(env, std::move(copy))); }
};

// copyFactor({ handle }) -> a new handle: an independent copy (cholmod_copy_factor), numeric or not.
struct CopyFactorOp : OnFactor {
  static constexpr const char* kName = "copyFactor";
  std::shared_ptr<Factor> copy;

  static CopyFactorOp read(Addon& addon, const JsArgs& args, Lifetime) { return readHandleOnly<CopyFactorOp>(addon, args); }
  void run() {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    copy = std::make_shared<Factor>(*object, FullCopy{});
  }
  Napi::Value result(Addon& addon, Napi::Env env) { return Napi::Number::New(env, addon.insert(env, std::move(copy))); }
};

// changeKind({ handle, kind }): converts the numeric factor to LLᵀ (kind 0) or LDLᵀ (kind 1).
struct ChangeKindOp : OnFactor {
  static constexpr const char* kName = "changeKind";
  bool toLL = true;

  static ChangeKindOp read(Addon& addon, const JsArgs& args, Lifetime) {
    ChangeKindOp op;
    op.readObject(addon, args);
    op.toLL = args.smallInt("kind", 0, static_cast<int>(Kind::LDLt)) == static_cast<int>(Kind::LLt);
    return op;
  }
  void run() {
    std::unique_lock<std::shared_mutex> lock(object->lock());
    object->changeKind(toLL);
  }
  Napi::Value result(Addon& addon, Napi::Env env) { return changed(addon, env); }
};

}  // namespace

void exportFactorOperations(Napi::Env env, Napi::Object exports) {
  exportOperation<AnalyzeOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<FactorizeOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<SolveOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<CloneSymbolicOp>(env, exports);
  exportOperation<CopyFactorOp>(env, exports);
  exportOperation<ChangeKindOp>(env, exports);
}

}  // namespace spsolve
