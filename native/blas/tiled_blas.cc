// Tiled BLAS (tiled_blas.h). Every routine cuts its output into ranges of rows or columns that
// can be computed independently, by a rule of the call's shape alone (cut()), and runs one
// single-threaded OpenBLAS call per range on the tile team. A call too small to repay a hand-off
// is one range, so it is exactly the plain OpenBLAS call.
#include "blas/tiled_blas.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "blas/openblas.h"
#include "blas/tile_team.h"

extern "C" {
void dgemm_(const char*, const char*, const int*, const int*, const int*, const double*, const double*, const int*,
            const double*, const int*, const double*, double*, const int*);
void dsyrk_(const char*, const char*, const int*, const int*, const double*, const double*, const int*,
            const double*, double*, const int*);
void dsymm_(const char*, const char*, const int*, const int*, const double*, const double*, const int*,
            const double*, const int*, const double*, double*, const int*);
void dtrsm_(const char*, const char*, const char*, const char*, const int*, const int*, const double*,
            const double*, const int*, double*, const int*);
void dgemv_(const char*, const int*, const int*, const double*, const double*, const int*, const double*,
            const int*, const double*, double*, const int*);
void dpotrf_(const char*, const int*, double*, const int*, int*);
// Reference LAPACK (Fortran): the lengths of its four character arguments follow the others.
void dlarfb_(const char*, const char*, const char*, const char*, const int*, const int*, const int*, const double*,
             const int*, const double*, const int*, double*, const int*, double*, const int*, size_t, size_t,
             size_t, size_t);
}

namespace spsolve {
namespace {

// About 0.1 ms of dgemm on one core: a tile must repay handing it to a helper. Measured on
// poisson3d(50) (2 cores): 1e7 left mid-size calls on one thread, 1e6 spent the gain on hand-offs.
constexpr double kTileFlops = 3e6;
// More tiles than threads, so that uneven tiles (dsyrk's trapezoids) and a busy helper even out;
// the cap keeps the rule independent of the machine, and so the bits.
constexpr int64_t kMaxTiles = 16;
// Ranges are whole multiples of this many rows or columns (the kernels' register blocks divide it).
constexpr int kGrain = 32;
// dpotrf below this order is one OpenBLAS call; above, a blocked factorisation of this block size.
constexpr int kPotrfBlockedFrom = 512;
constexpr int kPotrfBlock = 128;

// [0, extent) cut into `count` ranges of `chunk` (the last shorter).
struct Cut {
  int extent;
  int chunk;
  int64_t count;
  int begin(int64_t i) const { return static_cast<int>(i * chunk); }
  int length(int64_t i) const { return std::min(chunk, extent - begin(i)); }
};

Cut cut(int extent, double flops) {
  int64_t tiles = static_cast<int64_t>(flops / kTileFlops);
  tiles = std::clamp<int64_t>(tiles, 1, std::min<int64_t>(kMaxTiles, std::max(1, extent / kGrain)));
  int chunk = static_cast<int>((extent + tiles - 1) / tiles);
  chunk = (chunk + kGrain - 1) / kGrain * kGrain;
  if (chunk <= 0) chunk = std::max(extent, 1);
  return {extent, chunk, extent <= 0 ? 1 : (extent + chunk - 1) / chunk};
}

bool transposed(const char* trans) { return *trans != 'N' && *trans != 'n'; }
bool lower(const char* uplo) { return *uplo == 'L' || *uplo == 'l'; }
bool leftSide(const char* side) { return *side == 'L' || *side == 'l'; }

// Column j of a column-major array with leading dimension ld.
template <typename T>
T* column(T* a, const int* ld, int j) {
  return a + static_cast<ptrdiff_t>(j) * *ld;
}

}  // namespace
}  // namespace spsolve

using spsolve::Cut;
using spsolve::column;
using spsolve::cut;
using spsolve::runTiles;

extern "C" void spsolve_dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
                               const double* alpha, const double* a, const int* lda, const double* b,
                               const int* ldb, const double* beta, double* c, const int* ldc) {
  // Each tile must run on one thread (set at load too; here for the C drivers in bench/).
  spsolve::useSingleThreadedOpenBlas();
  // C = op(A) op(B): rows of C come from rows of op(A), columns from columns of op(B).
  const bool byRows = *m > *n;
  const Cut tiles = cut(byRows ? *m : *n, 2.0 * *m * *n * *k);
  if (tiles.count == 1) return dgemm_(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  const bool aT = spsolve::transposed(transa), bT = spsolve::transposed(transb);
  runTiles(tiles.count, [&](int64_t i) {
    const int first = tiles.begin(i), len = tiles.length(i);
    if (byRows) {
      const double* ai = aT ? column(a, lda, first) : a + first;
      dgemm_(transa, transb, &len, n, k, alpha, ai, lda, b, ldb, beta, c + first, ldc);
    } else {
      const double* bj = bT ? b + first : column(b, ldb, first);
      dgemm_(transa, transb, m, &len, k, alpha, a, lda, bj, ldb, beta, column(c, ldc, first), ldc);
    }
  });
}

extern "C" void spsolve_dsyrk_(const char* uplo, const char* trans, const int* n, const int* k, const double* alpha,
                               const double* a, const int* lda, const double* beta, double* c, const int* ldc) {
  spsolve::useSingleThreadedOpenBlas();
  // C = A Aᵀ, lower triangle: the form CHOLMOD and the tiled dpotrf use; any other is one call.
  const Cut tiles = cut(*n, 1.0 * *n * *n * *k);
  if (tiles.count == 1 || !spsolve::lower(uplo) || spsolve::transposed(trans))
    return dsyrk_(uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
  // Column block [j, j + w): its triangle on the diagonal by dsyrk, the rectangle below by dgemm.
  runTiles(tiles.count, [&](int64_t i) {
    const int j = tiles.begin(i), w = tiles.length(i), below = *n - j - w;
    double* cj = column(c, ldc, j);
    dsyrk_(uplo, trans, &w, k, alpha, a + j, lda, beta, cj + j, ldc);
    if (below > 0) dgemm_("N", "T", &below, &w, k, alpha, a + j + w, lda, a + j, lda, beta, cj + j + w, ldc);
  });
}

extern "C" void spsolve_dsymm_(const char* side, const char* uplo, const int* m, const int* n, const double* alpha,
                               const double* a, const int* lda, const double* b, const int* ldb,
                               const double* beta, double* c, const int* ldc) {
  spsolve::useSingleThreadedOpenBlas();
  // C = A B with A symmetric (the selected inverse's form): each column of B and C on its own.
  // C = B A is one call.
  const Cut tiles = cut(*n, 2.0 * *m * *m * *n);
  if (tiles.count == 1 || !spsolve::leftSide(side)) return dsymm_(side, uplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc);
  runTiles(tiles.count, [&](int64_t i) {
    const int first = tiles.begin(i), len = tiles.length(i);
    dsymm_(side, uplo, m, &len, alpha, a, lda, column(b, ldb, first), ldb, beta, column(c, ldc, first), ldc);
  });
}

extern "C" void spsolve_dtrsm_(const char* side, const char* uplo, const char* transa, const char* diag,
                               const int* m, const int* n, const double* alpha, const double* a, const int* lda,
                               double* b, const int* ldb) {
  spsolve::useSingleThreadedOpenBlas();
  // op(A)⁻¹ B (left: each column of B on its own) or B op(A)⁻¹ (right: each row).
  const bool left = spsolve::leftSide(side);
  const Cut tiles = cut(left ? *n : *m, 1.0 * *m * *n * (left ? *m : *n));
  if (tiles.count == 1) return dtrsm_(side, uplo, transa, diag, m, n, alpha, a, lda, b, ldb);
  runTiles(tiles.count, [&](int64_t i) {
    const int first = tiles.begin(i), len = tiles.length(i);
    if (left) dtrsm_(side, uplo, transa, diag, m, &len, alpha, a, lda, column(b, ldb, first), ldb);
    else dtrsm_(side, uplo, transa, diag, &len, n, alpha, a, lda, b + first, ldb);
  });
}

extern "C" void spsolve_dgemv_(const char* trans, const int* m, const int* n, const double* alpha, const double* a,
                               const int* lda, const double* x, const int* incx, const double* beta, double* y,
                               const int* incy) {
  spsolve::useSingleThreadedOpenBlas();
  // y = op(A) x: each entry of y on its own. Memory-bound: a tile must stream enough of A, hence
  // the weight on its flops.
  const bool aT = spsolve::transposed(trans);
  const Cut tiles = cut(aT ? *n : *m, 8.0 * *m * *n);
  if (tiles.count == 1 || *incy <= 0) return dgemv_(trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
  runTiles(tiles.count, [&](int64_t i) {
    const int first = tiles.begin(i), len = tiles.length(i);
    double* yi = y + static_cast<ptrdiff_t>(first) * *incy;
    if (aT) dgemv_(trans, m, &len, alpha, column(a, lda, first), lda, x, incx, beta, yi, incy);
    else dgemv_(trans, &len, n, alpha, a + first, lda, x, incx, beta, yi, incy);
  });
}

extern "C" void spsolve_dpotrf_(const char* uplo, const int* n, double* a, const int* lda, int* info) {
  spsolve::useSingleThreadedOpenBlas();
  if (!spsolve::lower(uplo) || *n < spsolve::kPotrfBlockedFrom)
    return dpotrf_(uplo, n, a, lda, info);
  // Right-looking blocked Cholesky (LAPACK's dpotrf, lower): each diagonal block by OpenBLAS, the
  // panel below it and the trailing update by the tiled trsm and syrk. The block size is fixed,
  // so the result does not depend on the threads either.
  const double one = 1.0, minusOne = -1.0;
  for (int j = 0; j < *n; j += spsolve::kPotrfBlock) {
    const int w = std::min(spsolve::kPotrfBlock, *n - j);
    double* diagonal = column(a, lda, j) + j;
    int blockInfo = 0;
    dpotrf_(uplo, &w, diagonal, lda, &blockInfo);
    if (blockInfo != 0) {
      // LAPACK's convention: the order of the leading minor that is not positive definite.
      *info = blockInfo > 0 ? j + blockInfo : blockInfo;
      return;
    }
    const int rest = *n - j - w;
    if (rest > 0) {
      double* panel = diagonal + w;
      spsolve_dtrsm_("R", "L", "T", "N", &rest, &w, &one, diagonal, lda, panel, lda);
      spsolve_dsyrk_("L", "N", &rest, &w, &minusOne, panel, lda, &one, column(a, lda, j + w) + j + w, lda);
    }
  }
  *info = 0;
}

extern "C" void spsolve_dlarfb_(const char* side, const char* trans, const char* direct, const char* storev,
                                const int* m, const int* n, const int* k, const double* v, const int* ldv,
                                const double* t, const int* ldt, double* c, const int* ldc, double* work,
                                const int* ldwork) {
  spsolve::useSingleThreadedOpenBlas();
  // H C (left: each column of C on its own, with the same rows of the workspace, which is
  // n × k) or C H (right: each row, the workspace m × k).
  const bool left = spsolve::leftSide(side);
  const Cut tiles = cut(left ? *n : *m, 4.0 * *m * *n * *k);
  if (tiles.count == 1) return dlarfb_(side, trans, direct, storev, m, n, k, v, ldv, t, ldt, c, ldc, work, ldwork, 1, 1, 1, 1);
  runTiles(tiles.count, [&](int64_t i) {
    const int first = tiles.begin(i), len = tiles.length(i);
    if (left)
      dlarfb_(side, trans, direct, storev, m, &len, k, v, ldv, t, ldt, column(c, ldc, first), ldc, work + first,
              ldwork, 1, 1, 1, 1);
    else
      dlarfb_(side, trans, direct, storev, &len, n, k, v, ldv, t, ldt, c + first, ldc, work + first, ldwork, 1, 1,
              1, 1);
  });
}
