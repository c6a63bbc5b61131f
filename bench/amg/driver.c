/*
 * HYPRE BoomerAMG-PCG called from C, the baseline of bench/amg.ts: the same static HYPRE library
 * (cmake/bundled-hypre.cmake) and the same settings as spsolve's amg() defaults, so that the
 * table's addon / C ratio is the cost of the bridge (copying arrays in, the CSC → CSR pass, the
 * value map, the native residual check).
 *
 *   spsolve_amg_driver <matrix.bin> <threshold> <numFunctions> <aggressiveLevels> <rtol> <maxIterations>
 *
 * matrix.bin (written by bench/amg.ts): int64 n, int64 nnz, int32 colPtr[n + 1], int32 rowIdx[nnz],
 * double values[nnz] (the full symmetric matrix, so its columns are its rows), double b[n].
 * Prints one JSON line: { "assemble": s, "setup": s, "solve": s, "iterations": k, "relres": r }.
 */
#include <HYPRE.h>
#include <HYPRE_IJ_mv.h>
#include <HYPRE_parcsr_ls.h>
#include <_hypre_parcsr_mv.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static void *readOrDie(FILE *f, size_t bytes) {
  void *p = malloc(bytes ? bytes : 1);
  if (!p || fread(p, 1, bytes, f) != bytes) {
    fprintf(stderr, "driver: short read\n");
    exit(2);
  }
  return p;
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s matrix.bin threshold numFunctions aggressiveLevels rtol maxIterations\n", argv[0]);
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) return 2;
  int64_t header[2];
  if (fread(header, sizeof header, 1, f) != 1) return 2;
  const int64_t n = header[0], nnz = header[1];
  int32_t *colPtr = readOrDie(f, (n + 1) * sizeof(int32_t));
  int32_t *rowIdx = readOrDie(f, nnz * sizeof(int32_t));
  double *values = readOrDie(f, nnz * sizeof(double));
  double *b = readOrDie(f, n * sizeof(double));
  fclose(f);
  const double threshold = atof(argv[2]);
  const int numFunctions = atoi(argv[3]), aggressive = atoi(argv[4]), maxIterations = atoi(argv[6]);
  const double rtol = atof(argv[5]);

  HYPRE_Init();
  const double t0 = now();
  HYPRE_IJMatrix ij;
  HYPRE_IJMatrixCreate(hypre_MPI_COMM_WORLD, 0, n - 1, 0, n - 1, &ij);
  HYPRE_IJMatrixSetObjectType(ij, HYPRE_PARCSR);
  HYPRE_Int *sizes = malloc(n * sizeof(HYPRE_Int));
  HYPRE_BigInt *rows = malloc(n * sizeof(HYPRE_BigInt));
  HYPRE_BigInt *cols = malloc(nnz * sizeof(HYPRE_BigInt));
  for (int64_t i = 0; i < n; i++) sizes[i] = colPtr[i + 1] - colPtr[i], rows[i] = i;
  for (int64_t p = 0; p < nnz; p++) cols[p] = rowIdx[p];
  HYPRE_IJMatrixSetRowSizes(ij, sizes);
  HYPRE_IJMatrixInitialize(ij);
  HYPRE_IJMatrixSetValues(ij, (HYPRE_Int)n, sizes, rows, cols, values);
  HYPRE_IJMatrixAssemble(ij);
  HYPRE_ParCSRMatrix A;
  HYPRE_IJMatrixGetObject(ij, (void **)&A);
  HYPRE_IJVector ijb, ijx;
  HYPRE_ParVector pb, px;
  HYPRE_IJVectorCreate(hypre_MPI_COMM_WORLD, 0, n - 1, &ijb);
  HYPRE_IJVectorCreate(hypre_MPI_COMM_WORLD, 0, n - 1, &ijx);
  HYPRE_IJVectorSetObjectType(ijb, HYPRE_PARCSR);
  HYPRE_IJVectorSetObjectType(ijx, HYPRE_PARCSR);
  HYPRE_IJVectorInitialize(ijb);
  HYPRE_IJVectorInitialize(ijx);
  double *zeros = calloc(n, sizeof(double));
  HYPRE_IJVectorSetValues(ijb, (HYPRE_Int)n, rows, b);
  HYPRE_IJVectorSetValues(ijx, (HYPRE_Int)n, rows, zeros);
  HYPRE_IJVectorAssemble(ijb);
  HYPRE_IJVectorAssemble(ijx);
  HYPRE_IJVectorGetObject(ijb, (void **)&pb);
  HYPRE_IJVectorGetObject(ijx, (void **)&px);
  const double t1 = now();

  /* spsolve's defaults (native/hypre/hierarchy.cc, build()). */
  HYPRE_Solver amg;
  HYPRE_BoomerAMGCreate(&amg);
  HYPRE_BoomerAMGSetPrintLevel(amg, 0);
  HYPRE_BoomerAMGSetCoarsenType(amg, 10);
  HYPRE_BoomerAMGSetInterpType(amg, 6);
  HYPRE_BoomerAMGSetStrongThreshold(amg, threshold);
  HYPRE_BoomerAMGSetCycleRelaxType(amg, 3, 1);
  HYPRE_BoomerAMGSetCycleRelaxType(amg, 4, 2);
  HYPRE_BoomerAMGSetCycleRelaxType(amg, 9, 3);
  HYPRE_BoomerAMGSetNumSweeps(amg, 1);
  HYPRE_BoomerAMGSetCycleType(amg, 1);
  HYPRE_BoomerAMGSetMaxLevels(amg, 25);
  HYPRE_BoomerAMGSetAggNumLevels(amg, aggressive);
  HYPRE_BoomerAMGSetNumFunctions(amg, numFunctions);
  HYPRE_BoomerAMGSetTol(amg, 0.0);
  HYPRE_BoomerAMGSetMaxIter(amg, 1);
  HYPRE_BoomerAMGSetup(amg, A, pb, px);
  const double t2 = now();

  HYPRE_Solver pcg;
  HYPRE_ParCSRPCGCreate(hypre_MPI_COMM_WORLD, &pcg);
  HYPRE_PCGSetTwoNorm(pcg, 1);
  HYPRE_PCGSetTol(pcg, rtol);
  HYPRE_PCGSetMaxIter(pcg, maxIterations);
  HYPRE_PCGSetPrintLevel(pcg, 0);
  /* The hierarchy is built already: PCGSetup gets a no-op preconditioner setup (HYPRE's
     HYPRE_ParCSRDiagScaleSetup does nothing), as in the addon. */
  HYPRE_ParCSRPCGSetPrecond(pcg, HYPRE_BoomerAMGSolve, HYPRE_ParCSRDiagScaleSetup, amg);
  HYPRE_ParCSRPCGSetup(pcg, A, pb, px);
  HYPRE_ParCSRPCGSolve(pcg, A, pb, px);
  const double t3 = now();
  HYPRE_Int iterations = 0;
  double relres = 0;
  HYPRE_PCGGetNumIterations(pcg, &iterations);
  HYPRE_PCGGetFinalRelativeResidualNorm(pcg, &relres);
  printf("{\"assemble\": %.6f, \"setup\": %.6f, \"solve\": %.6f, \"iterations\": %d, \"relres\": %.3e}\n", t1 - t0, t2 - t1, t3 - t2,
         (int)iterations, relres);
  return 0;
}
