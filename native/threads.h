// BLAS thread control, process-wide (OpenBLAS keeps one setting for the process).
#pragma once

namespace spsolve {

// Cores this process may run on (its CPU affinity).
int usableCores();
bool haveOpenBlas();
void setBlasThreads(int threads);
int blasThreads();
// max(1, cores / min(UV_THREADPOOL_SIZE, cores)): see lib/cholmod/cholesky.ts (setThreads).
int defaultThreads();

}  // namespace spsolve
