/* The C baseline for bench/lu.ts: the same static UMFPACK / KLU the addon links, driven directly.
 *
 *   spsolve_lu_driver MATRIX.bin ENGINE REPEATS      ENGINE: umfpack | klu
 *
 * MATRIX.bin is bench/peers/exchange.ts's format with stype 0 (both triangles stored): int64 n,
 * int64 nnz, int32 stype, int32 colPtr[n+1], int32 rowIdx[nnz], double values[nnz], double b[n].
 * The timed work mirrors the addon (native/lu): indices and values copied to 64-bit arrays, the
 * symbolic analysis, the numeric factorisation, one solve (UMFPACK with its default iterative
 * refinement through umfpack_dl_wsolve), each with fresh Control/Info arrays or klu_l_common;
 * best of REPEATS. Prints one JSON line. */
#include <klu.h>
#include <umfpack.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static void *read_exact(FILE *f, size_t bytes) {
  void *p = malloc(bytes ? bytes : 1);
  if (!p || fread(p, 1, bytes, f) != bytes) { fprintf(stderr, "short read\n"); exit(2); }
  return p;
}

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: %s MATRIX.bin umfpack|klu REPEATS\n", argv[0]); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  const int klu = strcmp(argv[2], "klu") == 0;
  const int repeats = atoi(argv[3]);
  int64_t n, nnz; int32_t stype;
  if (fread(&n, 8, 1, f) != 1 || fread(&nnz, 8, 1, f) != 1 || fread(&stype, 4, 1, f) != 1) return 2;
  if (stype != 0) { fprintf(stderr, "the driver takes general (stype 0) matrices\n"); return 2; }
  int32_t *colPtr = read_exact(f, sizeof(int32_t) * (n + 1));
  int32_t *rowIdx = read_exact(f, sizeof(int32_t) * nnz);
  double *values = read_exact(f, sizeof(double) * nnz);
  double *b = read_exact(f, sizeof(double) * n);
  fclose(f);

  double best_analyze = 1e30, best_factor = 1e30, best_solve = 1e30, flops = 0, lnz = 0, unz = 0;
  double *x = malloc(sizeof(double) * n);
  for (int r = 0; r < repeats; r++) {
    double t0 = now();
    SuiteSparse_long *Ap = malloc(sizeof(SuiteSparse_long) * (n + 1)), *Ai = malloc(sizeof(SuiteSparse_long) * (nnz ? nnz : 1));
    double *Ax = malloc(sizeof(double) * (nnz ? nnz : 1));
    for (int64_t j = 0; j <= n; j++) Ap[j] = colPtr[j];
    for (int64_t k = 0; k < nnz; k++) { Ai[k] = rowIdx[k]; Ax[k] = values[k]; }
    double t1, t2, t3;
    if (klu) {
      klu_l_common c;
      klu_l_defaults(&c);
      klu_l_symbolic *S = klu_l_analyze(n, Ap, Ai, &c);
      t1 = now();
      klu_l_defaults(&c);
      klu_l_numeric *N = klu_l_factor(Ap, Ai, Ax, S, &c);
      if (!N) { fprintf(stderr, "klu_l_factor failed: %d\n", (int)c.status); return 1; }
      t2 = now();
      klu_l_defaults(&c);
      memcpy(x, b, sizeof(double) * n);
      klu_l_solve(S, N, n, 1, x, &c);
      t3 = now();
      klu_l_flops(S, N, &c);
      flops = c.flops; lnz = N->lnz; unz = N->unz + N->nzoff;
      klu_l_free_numeric(&N, &c);
      klu_l_free_symbolic(&S, &c);
    } else {
      double control[UMFPACK_CONTROL], info[UMFPACK_INFO];
      void *S, *N;
      umfpack_dl_defaults(control);
      if (umfpack_dl_symbolic(n, n, Ap, Ai, Ax, &S, control, info) != UMFPACK_OK) { fprintf(stderr, "symbolic failed\n"); return 1; }
      t1 = now();
      umfpack_dl_defaults(control);
      if (umfpack_dl_numeric(Ap, Ai, Ax, S, &N, control, info) != UMFPACK_OK) { fprintf(stderr, "numeric failed\n"); return 1; }
      t2 = now();
      flops = info[UMFPACK_FLOPS]; lnz = info[UMFPACK_LNZ]; unz = info[UMFPACK_UNZ];
      umfpack_dl_defaults(control);
      SuiteSparse_long *Wi = malloc(sizeof(SuiteSparse_long) * n);
      double *W = malloc(sizeof(double) * 5 * n);
      umfpack_dl_wsolve(UMFPACK_A, Ap, Ai, Ax, x, b, N, control, info, Wi, W);
      t3 = now();
      free(Wi); free(W);
      umfpack_dl_free_numeric(&N);
      umfpack_dl_free_symbolic(&S);
    }
    free(Ap); free(Ai); free(Ax);
    if (t1 - t0 < best_analyze) best_analyze = t1 - t0;
    if (t2 - t1 < best_factor) best_factor = t2 - t1;
    if (t3 - t2 < best_solve) best_solve = t3 - t2;
  }
  /* ‖b − A x‖ / ‖b‖ */
  double rr = 0, bb = 0;
  double *ax = calloc(n, sizeof(double));
  for (int64_t j = 0; j < n; j++) for (int32_t k = colPtr[j]; k < colPtr[j + 1]; k++) ax[rowIdx[k]] += values[k] * x[j];
  for (int64_t i = 0; i < n; i++) { rr += (b[i] - ax[i]) * (b[i] - ax[i]); bb += b[i] * b[i]; }
  printf("{\"analyze\":%.6g,\"factor\":%.6g,\"solve\":%.6g,\"flops\":%.6g,\"nnzL\":%.0f,\"nnzU\":%.0f,\"residual\":%.3g}\n",
         best_analyze, best_factor, best_solve, flops, lnz, unz, sqrt(rr / bb));
  return 0;
}
