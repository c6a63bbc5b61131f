/* The machine's dense rate: best of a few C = A*B (n x n, double) through OpenBLAS.
 *   dgemm N THREADS   ->  {"n":N,"threads":T,"gflops":G} */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void openblas_set_num_threads(int);

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2000, threads = argc > 2 ? atoi(argv[2]) : 1;
  openblas_set_num_threads(threads);
  double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n), *c = calloc((size_t)n * n, sizeof(double));
  for (long k = 0; k < (long)n * n; k++) { a[k] = (double)(k % 7) - 3; b[k] = (double)(k % 5) - 2; }
  double best = 1e30;
  for (int r = 0; r < 4; r++) {
    double t0 = now();
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, a, n, b, n, 0.0, c, n);
    double t = now() - t0;
    if (t < best) best = t;
  }
  printf("{\"n\":%d,\"threads\":%d,\"gflops\":%.3f}\n", n, threads, 2.0 * n * n * (double)n / best / 1e9);
  return c[0] == 12345.678;
}
