// Reading a factor: determinant, condition, permutation, L and D, statistics, the selected inverse.
#include <mutex>
#include <shared_mutex>

#include "cholmod/operations.h"
#include "core/operation.h"

namespace spsolve {
namespace {

// logdet({ handle }) and rcond({ handle }): CHOLMOD's log-determinant and condition estimate.
constexpr char kLogDet[] = "logdet";
constexpr char kRcond[] = "rcond";

// permutation({ handle, out }): the fill-reducing permutation into out (n entries).
struct PermutationOp : OnFactor {
  static constexpr const char* kName = "permutation";
  Int32Output out;

  static PermutationOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    PermutationOp op;
    op.readObject(addon, args);
    op.out = args.int32Output("out", op.object->n(), lifetime);
    return op;
  }
  void run() {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    object->permutation(out.data());
  }
  Napi::Value result(Addon&, Napi::Env env) { return env.Undefined(); }
};

// factorL({ handle }) -> L as { colPtr, rowIdx, values }.
struct FactorLOp : OnFactor {
  static constexpr const char* kName = "factorL";
  std::vector<int64_t> colPtr, rowIdx;
  std::vector<double> values;

  static FactorLOp read(Addon& addon, const JsArgs& args, Lifetime) { return readHandleOnly<FactorLOp>(addon, args); }
  void run() {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    object->extractL(colPtr, rowIdx, values);
  }
  Napi::Value result(Addon&, Napi::Env env) { return cscToJs(env, colPtr, rowIdx, values, "L"); }
};

// factorD({ handle, out }): D (ones for LLᵀ) into out (n entries).
struct FactorDOp : OnFactor {
  static constexpr const char* kName = "factorD";
  Float64Output out;

  static FactorDOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    FactorDOp op;
    op.readObject(addon, args);
    op.out = args.float64Output("out", op.object->n(), lifetime);
    return op;
  }
  void run() {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    object->extractD(out.data());
  }
  Napi::Value result(Addon&, Napi::Env env) { return env.Undefined(); }
};

// factorInfo({ handle }) -> the statistics behind Factor.info.
struct FactorInfoOp : OnFactor {
  static constexpr const char* kName = "factorInfo";

  static FactorInfoOp read(Addon& addon, const JsArgs& args, Lifetime) { return readHandleOnly<FactorInfoOp>(addon, args); }
  void run() {}
  Napi::Value result(Addon&, Napi::Env env) {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    const FactorStats& s = object->stats();
    Napi::Object o = Napi::Object::New(env);
    o.Set("n", static_cast<double>(object->n()));
    o.Set("nnzA", static_cast<double>(object->nnzA()));
    o.Set("ordering", s.ordering);
    o.Set("isSupernodal", object->isSupernodal());
    o.Set("isLL", object->isLL());
    o.Set("isNumeric", object->isNumeric());
    o.Set("failedColumn", static_cast<double>(object->failedColumn()));
    o.Set("isAAt", object->isAat());
    o.Set("nnzL", static_cast<double>(object->nnzL()));
    o.Set("flops", s.flops);
    o.Set("blasThreads", s.blasThreads);
    o.Set("memoryBytes", static_cast<double>(object->memoryBytes()));
    o.Set("factorizations", static_cast<double>(s.factorizations));
    o.Set("updates", static_cast<double>(s.updates));
    o.Set("analyzeSeconds", s.analyzeSeconds);
    o.Set("factorSeconds", s.factorSeconds);
    return o;
  }
};

// inverseOnPattern({ handle, pattern, out }): out[k] = (A + shift·I)⁻¹ at the k-th entry of
// pattern ({ nrows, ncols, colPtr, rowIdx }, values ignored), whose entries must lie on L + Lᵀ.
struct InverseOnPatternOp : OnFactor {
  static constexpr const char* kName = "inverseOnPattern";
  CscInput pattern;
  Float64Output out;

  static InverseOnPatternOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    InverseOnPatternOp op;
    op.readObject(addon, args);
    op.pattern = args.csc("pattern", lifetime, /* valuesOptional */ true);
    op.pattern.values = ArrayInput<double>();  // a pattern: its values are not read
    op.out = args.float64Output("out", op.pattern.rowIdx.size(), lifetime);
    return op;
  }
  void run() {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    object->inverseOnPattern(pattern, out.data());
  }
  Napi::Value result(Addon&, Napi::Env env) { return env.Undefined(); }
};

}  // namespace

void exportInspectOperations(Napi::Env env, Napi::Object exports) {
  exportOperation<LogDetOp<Factor, kLogDet>>(env, exports);
  exportOperation<RcondOp<Factor, kRcond>>(env, exports);
  exportOperation<PermutationOp>(env, exports);
  exportOperation<FactorLOp>(env, exports);
  exportOperation<FactorDOp>(env, exports);
  exportOperation<FactorInfoOp>(env, exports);
  exportOperation<InverseOnPatternOp>(env, exports);
}

}  // namespace spsolve
