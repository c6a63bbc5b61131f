/* The C baseline for bench/overhead: the same static CHOLMOD the addon links, driven directly.
 *
 *   spsolve_bench_driver MATRIX.bin REPEATS ORDERING MODE
 *
 * MATRIX.bin is written by bench/overhead.ts: int64 n, int64 nnz, int32 stype, int32 colPtr[n+1],
 * int32 rowIdx[nnz], double values[nnz], double b[n]. The timed work mirrors the addon exactly:
 * indices converted to 64-bit, cholmod_l_analyze, cholmod_l_factorize_p, cholmod_l_solve, each
 * with a fresh cholmod_common, best of REPEATS. Prints one JSON line. With n <= 100 it also times
 * many back-to-back solves and reports the per-call cost. */
#include <cholmod.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>

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

static void start(cholmod_common *c, int ordering, int mode) {
  cholmod_l_start(c);
  c->print = 0;
  c->metis_memory = 2.0;
  c->final_ll = 1;
  c->supernodal = mode == 1 ? CHOLMOD_SIMPLICIAL : mode == 2 ? CHOLMOD_SUPERNODAL : CHOLMOD_AUTO;
  if (ordering >= 0) { c->nmethods = 1; c->method[0].ordering = ordering; }
}

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: %s MATRIX.bin REPEATS ORDERING MODE\n", argv[0]); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  int repeats = atoi(argv[2]), ordering = atoi(argv[3]), mode = atoi(argv[4]);
  int64_t n, nnz; int32_t stype;
  if (fread(&n, 8, 1, f) != 1 || fread(&nnz, 8, 1, f) != 1 || fread(&stype, 4, 1, f) != 1) return 2;
  int32_t *colPtr = read_exact(f, sizeof(int32_t) * (n + 1));
  int32_t *rowIdx = read_exact(f, sizeof(int32_t) * nnz);
  double *values = read_exact(f, sizeof(double) * nnz);
  double *b = read_exact(f, sizeof(double) * n);
  fclose(f);

  double best_analyze = 1e30, best_factor = 1e30, best_solve = 1e30, residual = 0;
  for (int r = 0; r < repeats; r++) {
    cholmod_common c;
    double t0 = now();
    start(&c, ordering, mode);
    cholmod_sparse *A = cholmod_l_allocate_sparse(n, n, nnz, 1, 1, stype, CHOLMOD_REAL, &c);
    SuiteSparse_long *Ap = A->p, *Ai = A->i;
    for (int64_t j = 0; j <= n; j++) Ap[j] = colPtr[j];
    for (int64_t k = 0; k < nnz; k++) Ai[k] = rowIdx[k];
    memcpy(A->x, values, sizeof(double) * nnz);
    cholmod_factor *L = cholmod_l_analyze(A, &c);
    cholmod_l_finish(&c);
    double t1 = now();
    start(&c, ordering, mode);
    double beta[2] = {0, 0};
    cholmod_l_factorize_p(A, beta, NULL, 0, L, &c);
    if (c.status != CHOLMOD_OK) { fprintf(stderr, "factorize status %d\n", c.status); return 1; }
    cholmod_l_finish(&c);
    double t2 = now();
    start(&c, ordering, mode);
    cholmod_dense B = {0};
    B.nrow = n; B.ncol = 1; B.nzmax = n; B.d = n; B.x = b; B.xtype = CHOLMOD_REAL; B.dtype = CHOLMOD_DOUBLE;
    cholmod_dense *X = cholmod_l_solve(CHOLMOD_A, L, &B, &c);
    cholmod_l_finish(&c);
    double t3 = now();
    if (t1 - t0 < best_analyze) best_analyze = t1 - t0;
    if (t2 - t1 < best_factor) best_factor = t2 - t1;
    if (t3 - t2 < best_solve) best_solve = t3 - t2;

    if (r == repeats - 1) {
      /* relative residual |b - A x| / |b| using the stored triangle mirrored */
      double *x = X->x, *ax = calloc(n, sizeof(double)), rn = 0, bn = 0;
      SuiteSparse_long *p = A->p, *i = A->i; double *v = A->x;
      for (int64_t j = 0; j < n; j++)
        for (int64_t k = p[j]; k < p[j + 1]; k++) {
          ax[i[k]] += v[k] * x[j];
          if (stype != 0 && i[k] != j) ax[j] += v[k] * x[i[k]];
        }
      for (int64_t k = 0; k < n; k++) { rn += (b[k] - ax[k]) * (b[k] - ax[k]); bn += b[k] * b[k]; }
      residual = bn > 0 ? sqrt(rn / bn) : sqrt(rn);
      free(ax);
    }
    cholmod_l_start(&c);
    cholmod_l_free_dense(&X, &c);
    cholmod_l_free_factor(&L, &c);
    cholmod_l_free_sparse(&A, &c);
    cholmod_l_finish(&c);
  }

  double per_solve = -1;
  if (n <= 100) {
    /* per-call cost of one small solve, the way the addon makes it: a fresh common per call */
    cholmod_common c;
    start(&c, ordering, mode);
    cholmod_sparse *A = cholmod_l_allocate_sparse(n, n, nnz, 1, 1, stype, CHOLMOD_REAL, &c);
    SuiteSparse_long *Ap = A->p, *Ai = A->i;
    for (int64_t j = 0; j <= n; j++) Ap[j] = colPtr[j];
    for (int64_t k = 0; k < nnz; k++) Ai[k] = rowIdx[k];
    memcpy(A->x, values, sizeof(double) * nnz);
    cholmod_factor *L = cholmod_l_analyze(A, &c);
    cholmod_l_factorize(A, L, &c);
    cholmod_l_finish(&c);
    const int calls = 200000;
    double *out = malloc(sizeof(double) * n), sink = 0;
    double t0 = now();
    for (int k = 0; k < calls; k++) {
      cholmod_common cc;
      cholmod_l_start(&cc);
      cc.print = 0;
      cholmod_dense B = {0};
      B.nrow = n; B.ncol = 1; B.nzmax = n; B.d = n; B.x = b; B.xtype = CHOLMOD_REAL; B.dtype = CHOLMOD_DOUBLE;
      cholmod_dense *X = cholmod_l_solve(CHOLMOD_A, L, &B, &cc);
      memcpy(out, X->x, sizeof(double) * n);
      sink += out[0];
      cholmod_l_free_dense(&X, &cc);
      cholmod_l_finish(&cc);
    }
    per_solve = (now() - t0) / calls;
    if (sink == 12345.678) printf("#");
    cholmod_l_start(&c);
    cholmod_l_free_factor(&L, &c);
    cholmod_l_free_sparse(&A, &c);
    cholmod_l_finish(&c);
    free(out);
  }
  printf("{\"analyze\":%.9g,\"factor\":%.9g,\"solve\":%.9g,\"perSolve\":%.9g,\"residual\":%.3g}\n",
         best_analyze, best_factor, best_solve, per_solve, residual);
  return 0;
}
