// Ā = scale · L Rᵀ (L: m × k, R: n × k, column-major) evaluated only at the stored entries of
// a compressed-column pattern: the operator cotangent of every solve rule (lib/ad/cotangent.ts).
// It is the whole cost of a pullback beyond the adjoint solve, and on matrices whose factor is
// small next to A (bcsstk16: the solve reads 0.8M entries of L, this reads 0.15M of A) it used
// to cost as much as the solve itself in JavaScript. Here it is one branch-light pass.
//
// The pattern comes from JavaScript arrays the caller could have edited, so every row index
// and column pointer is checked as it is read: a corrupt pattern is a RangeError, never a read
// outside the blocks. Every entry of the output is written (the caller allocates it uninitialised).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/operation.h"
#include "kernels/kernels.h"

namespace spsolve {
namespace {

struct Pattern {
  int64_t ncols;
  const int32_t* colPtr;
  const int32_t* rowIdx;
  size_t nnz;
};

struct Blocks {
  const double* left;   // m × k
  const double* right;  // n × k
  int64_t m, n, k;
  double scale;
};

[[noreturn]] void badPattern(const std::string& what) { throw ArgumentError(false, "outerOnPattern: " + what); }

// Column j's entries [begin, end), checked against the pattern's length and monotonicity.
inline void columnRange(const Pattern& p, int64_t j, int64_t& begin, int64_t& end) {
  begin = p.colPtr[j];
  end = p.colPtr[j + 1];
  if (begin < 0 || end < begin || static_cast<size_t>(end) > p.nnz)
    badPattern("colPtr must be non-decreasing within [0, nnz] (column " + std::to_string(j) + ")");
}

[[noreturn]] __attribute__((noinline, cold)) void badRow(int64_t i, int64_t q, int64_t rows) {
  badPattern("row index " + std::to_string(i) + " at entry " + std::to_string(q) + " is outside [0, " +
             std::to_string(rows) + ")");
}

// Called once per entry: the check must stay one compare inlined in the loop (the message is
// built out of line).
__attribute__((always_inline)) inline int64_t checkedRow(const Pattern& p, int64_t q, int64_t rows) {
  const int64_t i = p.rowIdx[q];
  if (__builtin_expect(static_cast<uint64_t>(i) >= static_cast<uint64_t>(rows), 0)) badRow(i, q, rows);
  return i;
}

// One column pair (k = 1): a product per entry, two for a stored triangle's off-diagonal.
void singleColumn(const Pattern& p, const Blocks& b, bool triangle, double* out) {
  const double* l = b.left;
  const double* r = b.right;
  for (int64_t j = 0; j < p.ncols; j++) {
    int64_t begin, end;
    columnRange(p, j, begin, end);
    const double rj = b.scale * r[j];
    if (!triangle) {
      for (int64_t q = begin; q < end; q++) out[q] = l[checkedRow(p, q, b.m)] * rj;
      continue;
    }
    const double lj = b.scale * l[j];
    for (int64_t q = begin; q < end; q++) {
      const int64_t i = checkedRow(p, q, b.n);
      out[q] = i == j ? lj * r[j] : l[i] * rj + lj * r[i];
    }
  }
}

// Many columns: each entry becomes one contiguous dot product. For a stored triangle, with
// U_i = [L_i, R_i] and V_j = [R_j, L_j], L_i·R_j + R_i·L_j = U_i·V_j (2k long; on the diagonal
// it counts L_j·R_j twice); for a general pattern U_i = L_i and V_j = R_j. U and V are gathered
// once into a row-major scratch block that JavaScript allocates: memory malloc'd here for each
// call came back as fresh pages, whose faults cost several times the pass itself, while V8
// recycles its own. (Forming V_j per column from U_j instead, or splitting the dot product in
// two halves, was 1.6x slower on 2D Poisson: short copies and dependent sums per entry.)
void rowMajor(std::initializer_list<const double*> blocks, int64_t rows, int64_t k, double* t) {
  const int64_t width = k * static_cast<int64_t>(blocks.size());
  for (int64_t i = 0; i < rows; i++) {  // row by row: contiguous writes, about 3x faster
    double* row = &t[i * width];
    for (const double* block : blocks)
      for (int64_t c = 0; c < k; c++) *row++ = block[c * rows + i];
  }
}

// Four independent partial sums: the compiler turns them into vector lanes, which it may not
// do with one running sum (that would reorder a floating-point reduction).
__attribute__((always_inline)) inline double dot(const double* a, const double* b, int64_t width) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t c = 0;
  for (; c + 4 <= width; c += 4) {
    s0 += a[c] * b[c];
    s1 += a[c + 1] * b[c + 1];
    s2 += a[c + 2] * b[c + 2];
    s3 += a[c + 3] * b[c + 3];
  }
  for (; c < width; c++) s0 += a[c] * b[c];
  return (s0 + s1) + (s2 + s3);
}

// This pass is bound by the dot products, so x86-64 gets an AVX2/FMA copy too, chosen at load
// time by the CPU (about 1.4x on 8 right-hand sides); other targets and compilers get one copy.
// GCC 10 (the prebuilt addon is compiled in Debian 11) knows no x86-64-v3: AVX2 alone there.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#define SPSOLVE_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#elif defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define SPSOLVE_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SPSOLVE_VECTOR_CLONES
#endif

// `scratch` has room for 4nk values (triangle) or (m + n)k (general). Returns false at the first
// index outside the pattern's bounds, without throwing: GCC treats the dispatcher of a
// target_clones function as unable to throw, so an exception from inside a clone is never
// caught (std::terminate). The caller then names the bad index (reportPatternError).
SPSOLVE_VECTOR_CLONES bool manyColumns(const Pattern& p, const Blocks& b, bool triangle, double* scratch, double* out) {
  const int64_t k = b.k;
  const int64_t width = triangle ? 2 * k : k;
  const int64_t rows = triangle ? b.n : b.m;
  double* u = scratch;
  double* v = scratch + rows * width;
  if (triangle) {
    rowMajor({b.left, b.right}, b.n, k, u);
    rowMajor({b.right, b.left}, b.n, k, v);
  } else {
    rowMajor({b.left}, b.m, k, u);
    rowMajor({b.right}, b.n, k, v);
  }
  for (int64_t j = 0; j < p.ncols; j++) {
    const int64_t begin = p.colPtr[j], end = p.colPtr[j + 1];
    if (begin < 0 || end < begin || static_cast<size_t>(end) > p.nnz) return false;
    const double* vj = v + j * width;
    for (int64_t q = begin; q < end; q++) {
      const int64_t i = p.rowIdx[q];
      if (__builtin_expect(static_cast<uint64_t>(i) >= static_cast<uint64_t>(rows), 0)) return false;
      const double s = dot(&u[i * width], vj, width);
      out[q] = (triangle && i == j ? 0.5 * b.scale : b.scale) * s;
    }
  }
  return true;
}

// Throws the RangeError that names the first bad index of a pattern manyColumns refused.
[[noreturn]] void reportPatternError(const Pattern& p, int64_t rows) {
  for (int64_t j = 0; j < p.ncols; j++) {
    int64_t begin, end;
    columnRange(p, j, begin, end);
    for (int64_t q = begin; q < end; q++) checkedRow(p, q, rows);
  }
  badPattern("the pattern is inconsistent");
}



// Many columns without scratch, reading the column-major blocks in place (k strided loads per
// entry): slower than manyColumns when its blocks fit in cache, but it allocates nothing, and
// for large n the scratch block is fresh memory whose page faults cost more than this pass
// (2D Poisson 300², 8 columns: 5.0 ms through a 23 MB scratch block, about 1.6 ms here).
void manyColumnsInPlace(const Pattern& p, const Blocks& b, bool triangle, double* out) {
  const int64_t k = b.k;
  const int64_t rows = triangle ? b.n : b.m;
  std::vector<double> lj(static_cast<size_t>(k)), rj(static_cast<size_t>(k));
  for (int64_t j = 0; j < p.ncols; j++) {
    int64_t begin, end;
    columnRange(p, j, begin, end);
    for (int64_t c = 0; c < k; c++) {
      rj[c] = b.right[c * b.n + j];
      if (triangle) lj[c] = b.left[c * b.m + j];
    }
    for (int64_t q = begin; q < end; q++) {
      const int64_t i = checkedRow(p, q, rows);
      double s0 = 0, s1 = 0;
      if (triangle && i == j) {
        for (int64_t c = 0; c < k; c++) s0 += lj[c] * rj[c];
      } else {
        for (int64_t c = 0; c < k; c++) s0 += b.left[c * b.m + i] * rj[c];
        if (triangle)
          for (int64_t c = 0; c < k; c++) s1 += lj[c] * b.right[c * b.n + i];
      }
      out[q] = b.scale * (s0 + s1);
    }
  }
}

// outerOnPattern({ ncols, colPtr, rowIdx, triangle, left, m, right, n, k, scale, out, scratch }):
// for k > 1, a scratch of (triangle ? 4n : m + n) · k values (overwritten) selects manyColumns,
// an empty one manyColumnsInPlace. The pattern's indices are checked as the kernel reads them.
struct OuterOnPatternOp {
  static constexpr const char* kName = "outerOnPattern";
  int64_t ncols = 0, m = 0, n = 0, k = 0;
  ArrayInput<int32_t> colPtr, rowIdx;
  bool triangle = false;
  ArrayInput<double> left, right;
  double scale = 1;
  Float64Output out;
  Float64Output scratch;

  static OuterOnPatternOp read(Addon&, const JsArgs& args, Lifetime lifetime) {
    OuterOnPatternOp op;
    op.ncols = args.dimension("ncols");
    op.colPtr = args.int32Input("colPtr", lifetime);
    op.rowIdx = args.int32Input("rowIdx", lifetime);
    op.triangle = args.boolean("triangle");
    op.left = args.float64Input("left", lifetime);
    op.m = args.dimension("m");
    op.right = args.float64Input("right", lifetime);
    op.n = args.dimension("n");
    op.k = args.dimension("k");
    op.scale = args.number("scale");
    op.out = args.float64Output("out", op.rowIdx.size(), lifetime);
    op.scratch = Float64Output(args.float64Array("scratch"), lifetime);
    return op;
  }

  void run() {
    if (static_cast<int64_t>(colPtr.size()) != ncols + 1) badPattern("colPtr must have ncols + 1 entries");
    // With the per-column checks in the kernels, this makes the columns tile [0, nnz): every
    // entry of `out` is written, so the caller may hand in uninitialised memory.
    if (colPtr[0] != 0 || static_cast<size_t>(colPtr[ncols]) != rowIdx.size()) badPattern("colPtr must start at 0 and end at nnz");
    if (ncols != n) badPattern("the pattern must have n columns");
    if (triangle && m != n) badPattern("a stored triangle needs a square operator");
    if (static_cast<double>(left.size()) != static_cast<double>(m) * static_cast<double>(k) ||
        static_cast<double>(right.size()) != static_cast<double>(n) * static_cast<double>(k))
      badPattern("left must hold m * k values and right n * k");
    const Pattern p{ncols, colPtr.data(), rowIdx.data(), rowIdx.size()};
    const Blocks b{left.data(), right.data(), m, n, k, scale};
    if (k == 0)
      std::fill(out.data(), out.data() + out.size(), 0.0);
    else if (k == 1)
      singleColumn(p, b, triangle, out.data());
    else if (scratch.size() == 0)
      manyColumnsInPlace(p, b, triangle, out.data());
    else if (static_cast<double>(scratch.size()) < (triangle ? 4.0 * n : 1.0 * m + n) * static_cast<double>(k))
      badPattern("scratch is too short");
    else if (!manyColumns(p, b, triangle, scratch.data(), out.data()))
      reportPatternError(p, triangle ? n : m);
  }

  Napi::Value result(Addon&, Napi::Env env) { return env.Undefined(); }
};

}  // namespace

void exportOuterOnPattern(Napi::Env env, Napi::Object exports) { exportOperation<OuterOnPatternOp>(env, exports); }

}  // namespace spsolve
