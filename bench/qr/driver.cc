// The C++ baseline for bench/qr.ts: the same static SuiteSparseQR the addon links, driven directly.
//
//   spsolve_qr_driver PROBLEM.bin REPEATS ORDERING [FACTOR_THREADS SOLVE_THREADS]
//
// PROBLEM.bin (written by bench/qr.ts): int64 m, int64 n, int64 nnz, int32 colPtr[n+1],
// int32 rowIdx[nnz], double values[nnz], double b[m]; A is m × n with m ≥ n. The timed work mirrors
// QrFactor (native/spqr/qr_factor.cc) exactly: indices widened to 64-bit into a cholmod_sparse,
// SuiteSparseQR_symbolic + SuiteSparseQR_numeric (analyse, factorise), then the least-squares
// solve x = E R⁻¹ (Qᵀ b) (SuiteSparseQR_qmult, SuiteSparseQR_solve, copied out), each phase with
// a fresh cholmod_common, best of REPEATS. SPQR's BLAS calls go through the same tiled BLAS as the
// addon's (native/blas/tiled_blas.h), whose team is set to FACTOR_THREADS and SOLVE_THREADS for
// the two phases (default: every core, as the addon's 'auto'). Prints one JSON line with the
// phases (seconds), the rank and ‖Aᵀ(b − A x)‖ / (‖A‖_F ‖b − A x‖).
#include <SuiteSparseQR.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using Long = SuiteSparse_long;

#include "blas/tile_team.h"

static double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

template <class T>
static std::vector<T> readArray(FILE* f, size_t count) {
  std::vector<T> v(count);
  if (fread(v.data(), sizeof(T), count, f) != count) { fprintf(stderr, "short read\n"); exit(2); }
  return v;
}

int main(int argc, char** argv) {
  if (argc < 4) { fprintf(stderr, "usage: %s PROBLEM.bin REPEATS ORDERING\n", argv[0]); return 2; }
  FILE* f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  const int repeats = atoi(argv[2]), ordering = atoi(argv[3]);
  const int factorThreads = argc > 5 ? atoi(argv[4]) : spsolve::defaultTileTeamSize();
  const int solveThreads = argc > 5 ? atoi(argv[5]) : spsolve::defaultTileTeamSize();
  int64_t dims[3];
  if (fread(dims, 8, 3, f) != 3) return 2;
  const int64_t m = dims[0], n = dims[1], nnz = dims[2];
  auto colPtr = readArray<int32_t>(f, n + 1);
  auto rowIdx = readArray<int32_t>(f, nnz);
  auto values = readArray<double>(f, nnz);
  auto b = readArray<double>(f, m);
  fclose(f);

  double bestAnalyze = 1e30, bestFactor = 1e30, bestSolve = 1e30;
  std::vector<double> x(n);
  Long rank = -1;
  for (int r = 0; r < repeats; r++) {
    cholmod_common c;
    spsolve::setTileTeamSize(factorThreads);
    double t0 = now();
    cholmod_l_start(&c);
    c.print = 0;
    cholmod_sparse* A = cholmod_l_allocate_sparse(m, n, nnz, 1, 1, 0, CHOLMOD_REAL, &c);
    Long* Ap = static_cast<Long*>(A->p);
    Long* Ai = static_cast<Long*>(A->i);
    for (int64_t j = 0; j <= n; j++) Ap[j] = colPtr[j];
    for (int64_t k = 0; k < nnz; k++) Ai[k] = rowIdx[k];
    memcpy(A->x, values.data(), sizeof(double) * nnz);
    SuiteSparseQR_factorization<double>* QR = SuiteSparseQR_symbolic<double>(ordering, 1, A, &c);
    cholmod_l_finish(&c);
    double t1 = now();
    cholmod_l_start(&c);
    c.print = 0;
    SuiteSparseQR_numeric<double>(SPQR_DEFAULT_TOL, A, QR, &c);
    rank = QR->rank;
    cholmod_l_finish(&c);
    spsolve::setTileTeamSize(solveThreads);
    double t2 = now();
    cholmod_l_start(&c);
    c.print = 0;
    cholmod_dense B{};
    B.nrow = m; B.ncol = 1; B.nzmax = m; B.d = m; B.x = b.data(); B.xtype = CHOLMOD_REAL; B.dtype = CHOLMOD_DOUBLE;
    cholmod_dense* Y = SuiteSparseQR_qmult<double>(SPQR_QTX, QR, &B, &c);
    cholmod_dense* X = SuiteSparseQR_solve<double>(SPQR_RETX_EQUALS_B, QR, Y, &c);
    memcpy(x.data(), X->x, sizeof(double) * n);
    cholmod_l_free_dense(&Y, &c);
    cholmod_l_free_dense(&X, &c);
    cholmod_l_finish(&c);
    double t3 = now();
    bestAnalyze = std::min(bestAnalyze, t1 - t0);
    bestFactor = std::min(bestFactor, t2 - t1);
    bestSolve = std::min(bestSolve, t3 - t2);
    cholmod_l_start(&c);
    SuiteSparseQR_free<double>(&QR, &c);
    cholmod_l_free_sparse(&A, &c);
    cholmod_l_finish(&c);
  }
  // Least-squares optimality of the last x.
  std::vector<double> res(b), atr(n, 0.0);
  double normA = 0;
  for (int64_t j = 0; j < n; j++)
    for (int32_t k = colPtr[j]; k < colPtr[j + 1]; k++) { res[rowIdx[k]] -= values[k] * x[j]; normA += values[k] * values[k]; }
  double normR = 0, normAtr = 0;
  for (int64_t i = 0; i < m; i++) normR += res[i] * res[i];
  for (int64_t j = 0; j < n; j++) {
    for (int32_t k = colPtr[j]; k < colPtr[j + 1]; k++) atr[j] += values[k] * res[rowIdx[k]];
    normAtr += atr[j] * atr[j];
  }
  printf("{\"analyze\":%.9g,\"factor\":%.9g,\"solve\":%.9g,\"rank\":%lld,\"optimality\":%.3g}\n", bestAnalyze, bestFactor, bestSolve,
         static_cast<long long>(rank), std::sqrt(normAtr) / (std::sqrt(normA) * std::sqrt(normR)));
  return 0;
}
