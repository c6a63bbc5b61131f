// cscColumnsCheck: the O(nnz) part of CscMatrix's invariant check (lib/sparse/csc.ts), so that
// CscMatrix.fromArraysAsync can run it on libuv's thread pool instead of the event loop.
//
// It finds where the arrays break the invariant; it does not say how. The answer is the first
// column the constructor's check would throw in (or -1), and whether every column is sorted
// without duplicates. JavaScript then checks that one column again with the constructor's own
// code, which throws the constructor's own error: the wording lives in one place (TypeScript).
//
// The order of the tests per entry is the constructor's (range, triangle, finite value), and
// columns are visited in order, so "first" means the same here as there. The caller's arrays are
// read in place while JS may write into them (core/arrays.h): every index is bounded by the same
// read that uses it, so a racing write gives a wrong answer, never a read outside the arrays.
#include <napi.h>

#include <cmath>
#include <cstdint>

#include "core/operation.h"
#include "kernels/kernels.h"

namespace spsolve {
namespace {

[[noreturn]] void badInput(const char* what) { throw ArgumentError(false, std::string("cscColumnsCheck: ") + what); }

struct CscColumnsCheckOp {
  static constexpr const char* kName = "cscColumnsCheck";
  int64_t nrows = 0, ncols = 0;
  // -1: only entries with row >= col (symmetry 'lower'), 1: row <= col ('upper'), 0: any.
  int triangle = 0;
  ArrayInput<int32_t> colPtr, rowIdx;
  ArrayInput<double> values;
  int64_t firstInvalidColumn = -1;
  bool canonical = true;

  static CscColumnsCheckOp read(Addon&, const JsArgs& args, Lifetime lifetime) {
    CscColumnsCheckOp op;
    // CscMatrix allows dimensions up to 2^31 - 1 inclusive (JsArgs::dimension stops below it).
    op.nrows = dimensionUpToMaxInt32(args, "nrows");
    op.ncols = dimensionUpToMaxInt32(args, "ncols");
    op.triangle = args.smallInt("triangle", -1, 1);
    op.colPtr = args.int32Input("colPtr", lifetime);
    op.rowIdx = args.int32Input("rowIdx", lifetime);
    op.values = args.float64Input("values", lifetime);
    return op;
  }

  static int64_t dimensionUpToMaxInt32(const JsArgs& args, const char* name) {
    const double v = args.number(name);
    if (!(v >= 0 && v <= 2147483647.0) || v != std::floor(v)) badInput("dimensions must be integers in [0, 2^31 - 1]");
    return static_cast<int64_t>(v);
  }

  void run() {
    // The O(1) checks are the caller's (they come first in the constructor); these only keep
    // the scan below inside the arrays.
    const int64_t nnz = static_cast<int64_t>(rowIdx.size());
    if (colPtr.size() != static_cast<size_t>(ncols) + 1) badInput("colPtr must have ncols + 1 entries");
    if (values.size() != rowIdx.size()) badInput("values must have one entry per row index");
    const int32_t* cp = colPtr.data();
    const int32_t* ri = rowIdx.data();
    const double* vx = values.data();
    for (int64_t j = 0; j < ncols; j++) {
      const int64_t start = cp[j];
      const int64_t end = cp[j + 1];
      if (start < 0 || end < start || end > nnz) return fail(j);
      int64_t previous = -1;
      for (int64_t k = start; k < end; k++) {
        const int64_t row = ri[k];
        if (row < 0 || row >= nrows) return fail(j);
        if (row <= previous) canonical = false;
        previous = row;
        if (triangle < 0 ? row < j : triangle > 0 && row > j) return fail(j);
        if (!std::isfinite(vx[k])) return fail(j);
      }
    }
  }

  void fail(int64_t column) { firstInvalidColumn = column; }

  Napi::Value result(Addon&, Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("firstInvalidColumn", static_cast<double>(firstInvalidColumn));
    o.Set("canonical", canonical);
    return o;
  }
};

}  // namespace

void exportCscColumnsCheck(Napi::Env env, Napi::Object exports) {
  exportOperation<CscColumnsCheckOp>(env, exports, Exports::SyncAndAsync);
}

}  // namespace spsolve
