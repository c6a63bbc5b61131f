// Creating, refactorising, solving with and reading an SPQR factorisation (spqr/qr_factor.h).
#include "spqr/operations.h"

#ifndef NGPL

#include <cmath>
#include <mutex>
#include <shared_mutex>

#include "core/on_object.h"
#include "core/operation.h"
#include "spqr/qr_factor.h"

namespace spsolve {
namespace {

// An operation on an existing QR factor (core/on_object.h).
using OnQr = OnObject<QrFactor>;

// qrFactorize({ A, ordering, tolerance }) -> handle. ordering: an SPQR_ORDERING_* code (lib/qr maps
// the names); tolerance: ≤ -2 SPQR's default, in (-2, 0) no rank detection, ≥ 0 the 2-norm below
// which a column is dead.
struct QrFactorizeOp {
  static constexpr const char* kName = "qrFactorize";
  CscInput A;
  QrOptions options;
  LiveCounter live;
  std::shared_ptr<QrFactor> factor;

  static QrFactorizeOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    QrFactorizeOp op;
    op.A = args.csc("A", lifetime);
    const int ordering = args.smallInt("ordering", SPQR_ORDERING_FIXED, SPQR_ORDERING_BESTAMD);
    if (ordering == SPQR_ORDERING_GIVEN) throw ArgumentError(false, "qrFactorize: ordering 3 (given) is not supported");
    op.options.ordering = ordering;
    op.options.tolerance = args.number("tolerance");
    if (std::isnan(op.options.tolerance) || std::isinf(op.options.tolerance))
      throw ArgumentError(false, "qrFactorize: tolerance must be finite");
    op.live = addon.liveCounter();
    return op;
  }
  void run() { factor = std::make_shared<QrFactor>(A, options, live); }
  Napi::Value result(Addon& addon, Napi::Env env) { return Napi::Number::New(env, addon.insert(env, std::move(factor))); }
};

// qrRefactor({ handle, values }): new values on the analysed pattern (A's entry order).
struct QrRefactorOp : OnQr {
  static constexpr const char* kName = "qrRefactor";
  ArrayInput<double> values;

  static QrRefactorOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    QrRefactorOp op;
    op.readObject(addon, args);
    op.values = args.float64Input("values", lifetime);
    return op;
  }
  void run() {
    const ReleaseAtEnd release{*this};
    std::unique_lock<std::shared_mutex> lock(object->lock());
    object->refactor(values.data(), values.size());
  }
  Napi::Value result(Addon& addon, Napi::Env env) {
    addon.reportMemoryIfLive(env, handle);
    return env.Undefined();
  }
};

// qrSolve({ handle, transpose, pseudoInverse, B, nrhs, X }): X (cols · nrhs, column-major, allocated
// by the caller) for A x = B (rows of B: m, of X: n) or, with transpose, Aᵀ x = B (n and m).
struct QrSolveOp : OnQr {
  static constexpr const char* kName = "qrSolve";
  bool transpose = false, pseudoInverse = false;
  ArrayInput<double> B;
  int64_t nrhs = 0;
  Float64Output X;

  static QrSolveOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    QrSolveOp op;
    op.readObject(addon, args);
    op.transpose = args.boolean("transpose");
    op.pseudoInverse = args.boolean("pseudoInverse");
    const int64_t rowsIn = op.transpose ? op.object->cols() : op.object->rows();
    const int64_t rowsOut = op.transpose ? op.object->rows() : op.object->cols();
    auto B = args.float64Array("B");
    const double nrhs = args.number("nrhs");
    if (!(nrhs >= 0) || nrhs != std::floor(nrhs) || static_cast<double>(B.ElementLength()) != nrhs * static_cast<double>(rowsIn))
      throw ArgumentError(false, "qrSolve: B must hold rows * nrhs values");
    op.nrhs = static_cast<int64_t>(nrhs);
    op.X = args.float64Output("X", static_cast<size_t>(rowsOut * op.nrhs), lifetime);
    if (op.X.data() == B.Data() && B.ElementLength() > 0) throw ArgumentError(false, "qrSolve: X must not be B");
    op.B = ArrayInput<double>(B, lifetime);
    return op;
  }
  void run() {
    const ReleaseAtEnd release{*this};
    checkFinite(B.data(), B.size(), "b");
    std::shared_lock<std::shared_mutex> lock(object->lock());
    if (pseudoInverse) object->solvePseudoInverse(transpose, B.data(), nrhs, X.data());
    else object->solve(transpose, B.data(), nrhs, X.data());
  }
  Napi::Value result(Addon& addon, Napi::Env env) {
    if (pseudoInverse) addon.reportMemoryIfLive(env, handle);  // the decomposition may have been built
    return env.Undefined();
  }
};

// qrR({ handle }) -> { colPtr, rowIdx, values, nrows }: R (rank × q) of the factored matrix.
struct QrROp : OnQr {
  static constexpr const char* kName = "qrR";
  std::vector<int64_t> colPtr, rowIdx;
  std::vector<double> values;
  int64_t rank = 0;

  static QrROp read(Addon& addon, const JsArgs& args, Lifetime) { return readHandleOnly<QrROp>(addon, args); }
  void run() {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    object->extractR(colPtr, rowIdx, values);
    rank = object->decompositionRank();
  }
  Napi::Value result(Addon& addon, Napi::Env env) {
    addon.reportMemoryIfLive(env, handle);
    Napi::Object r = cscToJs(env, colPtr, rowIdx, values, "R");
    r.Set("nrows", static_cast<double>(rank));
    return r;
  }
};

// qrColumnPermutation({ handle, out }): E (q entries) of the factored matrix.
struct QrColumnPermutationOp : OnQr {
  static constexpr const char* kName = "qrColumnPermutation";
  Int32Output out;

  static QrColumnPermutationOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    QrColumnPermutationOp op;
    op.readObject(addon, args);
    op.out = args.int32Output("out", static_cast<size_t>(op.object->q()), lifetime);
    return op;
  }
  void run() {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    object->columnPermutation(out.data());
  }
  Napi::Value result(Addon& addon, Napi::Env env) {
    addon.reportMemoryIfLive(env, handle);
    return env.Undefined();
  }
};

// qrInfo({ handle }) -> the statistics behind QRFactor.info.
struct QrInfoOp : OnQr {
  static constexpr const char* kName = "qrInfo";

  static QrInfoOp read(Addon& addon, const JsArgs& args, Lifetime) { return readHandleOnly<QrInfoOp>(addon, args); }
  void run() {}
  Napi::Value result(Addon&, Napi::Env env) {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    const QrStats& s = object->stats();
    Napi::Object o = Napi::Object::New(env);
    o.Set("rows", static_cast<double>(object->rows()));
    o.Set("cols", static_cast<double>(object->cols()));
    o.Set("factorsTranspose", object->factorsTranspose());
    o.Set("nnzA", static_cast<double>(object->nnzA()));
    o.Set("rank", static_cast<double>(s.rank));
    o.Set("nnzR", s.nnzR);
    o.Set("nnzH", s.nnzH);
    o.Set("fronts", s.fronts);
    o.Set("ordering", s.ordering);
    o.Set("flops", s.flops);
    o.Set("tolerance", s.tolerance);
    o.Set("normDead", s.normDead);
    o.Set("blasThreads", s.blasThreads);
    o.Set("memoryBytes", static_cast<double>(object->memoryBytes()));
    o.Set("factorizations", static_cast<double>(s.factorizations));
    o.Set("analyzeSeconds", s.analyzeSeconds);
    o.Set("factorSeconds", s.factorSeconds);
    return o;
  }
};

}  // namespace

void exportQrOperations(Napi::Env env, Napi::Object exports) {
  exportOperation<QrFactorizeOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<QrRefactorOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<QrSolveOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<QrROp>(env, exports);
  exportOperation<QrColumnPermutationOp>(env, exports);
  exportOperation<QrInfoOp>(env, exports);
}

}  // namespace spsolve

#else  // NGPL: no SPQR in an LGPL-only build.

namespace spsolve {
void exportQrOperations(Napi::Env, Napi::Object) {}
}  // namespace spsolve

#endif
