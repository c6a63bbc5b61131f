// Tiled BLAS: the routines the bundled SuiteSparse spends its time in, parallel and reproducible.
//
// Why: OpenBLAS's own threads round differently with a different thread count (its dgemm, dsyrk
// and dpotrf split their work by the threads they have), so under a policy that gives a job every
// core when it runs alone and one thread beside another, the same matrix gave a different factor
// depending on what else ran. Here a call is cut into tiles, independent blocks of its output,
// by a rule that looks only at the call's shape, and each tile is one single-threaded OpenBLAS
// call. The tiles run on the tile team (tile_team.h), so the result is bit-for-bit the same
// whatever else runs and however many threads the team has; only the speed changes.
//
// CHOLMOD, UMFPACK and SPQR call these instead of OpenBLAS's entry points: they are compiled with
// the Fortran names renamed (cmake/tiled-blas.cmake), and the signatures are those names'.
// Routines not listed here (dtrsv, dger, dscal, dlarft, ...) go to OpenBLAS unchanged, on one
// thread. The selected inverse calls them directly.
#pragma once

extern "C" {
void spsolve_dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
                    const double* alpha, const double* a, const int* lda, const double* b, const int* ldb,
                    const double* beta, double* c, const int* ldc);
void spsolve_dsyrk_(const char* uplo, const char* trans, const int* n, const int* k, const double* alpha,
                    const double* a, const int* lda, const double* beta, double* c, const int* ldc);
void spsolve_dsymm_(const char* side, const char* uplo, const int* m, const int* n, const double* alpha,
                    const double* a, const int* lda, const double* b, const int* ldb, const double* beta, double* c,
                    const int* ldc);
void spsolve_dtrsm_(const char* side, const char* uplo, const char* transa, const char* diag, const int* m,
                    const int* n, const double* alpha, const double* a, const int* lda, double* b, const int* ldb);
void spsolve_dgemv_(const char* trans, const int* m, const int* n, const double* alpha, const double* a,
                    const int* lda, const double* x, const int* incx, const double* beta, double* y,
                    const int* incy);
void spsolve_dpotrf_(const char* uplo, const int* n, double* a, const int* lda, int* info);
void spsolve_dlarfb_(const char* side, const char* trans, const char* direct, const char* storev, const int* m,
                     const int* n, const int* k, const double* v, const int* ldv, const double* t, const int* ldt,
                     double* c, const int* ldc, double* work, const int* ldwork);
}
