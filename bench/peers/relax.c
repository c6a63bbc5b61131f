/* Supernodal relaxation and ordering sweep on the same static CHOLMOD the addon links (the addon
 * has no option for Common->nrelax / zrelax, so this is how they are measured without it).
 *   relax MATRIX.bin ORDERING NRELAX0 NRELAX1 NRELAX2 ZRELAX0 ZRELAX1 ZRELAX2 REPEATS
 * MATRIX.bin is the driver's format (bench/overhead/driver.c). ORDERING -1 = CHOLMOD's default.
 * Prints {"analyze":s,"factor":s,"flops":f,"nnzL":n,"stored":x,"ordering":k}: best of REPEATS; flops and
 * nnzL are those of the unrelaxed factor, stored counts the entries of the relaxed supernodes. */
#include <cholmod.h>
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

int main(int argc, char **argv) {
  if (argc < 10) { fprintf(stderr, "usage: relax MATRIX.bin ORDERING N0 N1 N2 Z0 Z1 Z2 REPEATS\n"); return 2; }
  FILE *f = fopen(argv[1], "rb");
  int64_t n, nnz; int32_t stype;
  if (!f || fread(&n, 8, 1, f) != 1 || fread(&nnz, 8, 1, f) != 1 || fread(&stype, 4, 1, f) != 1) return 2;
  int32_t *colPtr = malloc(4 * (n + 1)), *rowIdx = malloc(4 * nnz);
  double *values = malloc(8 * nnz);
  if (fread(colPtr, 4, n + 1, f) != (size_t)(n + 1) || fread(rowIdx, 4, nnz, f) != (size_t)nnz ||
      fread(values, 8, nnz, f) != (size_t)nnz) return 2;
  fclose(f);
  int ordering = atoi(argv[2]), repeats = atoi(argv[9]);

  cholmod_common c;
  cholmod_l_start(&c);
  c.print = 0;
  c.final_ll = 1;
  c.supernodal = CHOLMOD_SUPERNODAL;
  if (ordering >= 0) { c.nmethods = 1; c.method[0].ordering = ordering; }
  for (int k = 0; k < 3; k++) { c.nrelax[k] = atoi(argv[3 + k]); c.zrelax[k] = atof(argv[6 + k]); }
  cholmod_sparse *A = cholmod_l_allocate_sparse(n, n, nnz, 1, 1, stype, CHOLMOD_REAL, &c);
  SuiteSparse_long *Ap = A->p, *Ai = A->i;
  for (int64_t j = 0; j <= n; j++) Ap[j] = colPtr[j];
  for (int64_t k = 0; k < nnz; k++) Ai[k] = rowIdx[k];
  memcpy(A->x, values, 8 * nnz);

  double best_analyze = 1e30, best_factor = 1e30, flops = 0, lnz = 0, stored = 0; int used = -1;
  for (int r = 0; r < repeats; r++) {
    double t0 = now();
    cholmod_factor *L = cholmod_l_analyze(A, &c);
    double t1 = now();
    cholmod_l_factorize(A, L, &c);
    double t2 = now();
    if (c.status != CHOLMOD_OK) { fprintf(stderr, "status %d\n", c.status); return 1; }
    if (t1 - t0 < best_analyze) best_analyze = t1 - t0;
    if (t2 - t1 < best_factor) best_factor = t2 - t1;
    flops = c.fl; lnz = c.lnz; used = L->ordering; stored = L->is_super ? (double)L->xsize : lnz;
    cholmod_l_free_factor(&L, &c);
  }
  printf("{\"analyze\":%.6g,\"factor\":%.6g,\"flops\":%.6g,\"nnzL\":%.0f,\"stored\":%.0f,\"ordering\":%d}\n",
         best_analyze, best_factor, flops, lnz, stored, used);
  cholmod_l_free_sparse(&A, &c);
  cholmod_l_finish(&c);
  return 0;
}
