// HYPRE's process-wide state, and the one lock every HYPRE call runs under.
//
// HYPRE 2.26 keeps state per process, not per object: the error flag (hypre__global_error, set by
// every failing call and read by HYPRE_GetError), the global handle HYPRE_Init creates (memory
// locations, the default execution policy), and in the sequential build its MPI stubs. None of it
// is guarded, so two setups or solves on two threads at once would set and clear each other's
// error flag. Every HYPRE call therefore runs with hypreLock() held: hierarchies are built and
// used one at a time per process (jobs on libuv's pool queue behind each other), which is what
// test/amg.test.ts's concurrency cases check gives the same numbers as running them alone.
#pragma once

#include <HYPRE_utilities.h>

#include <mutex>

namespace spsolve {

// Held around every HYPRE call. HYPRE_Init runs once, the first time it is taken.
std::unique_lock<std::mutex> hypreLock();

// After a HYPRE call, with hypreLock() held: a nonzero code (or HYPRE's error flag) becomes an
// EngineFailure with an 'AMG_…' code naming `what`; the flag is cleared either way, so one
// failure never leaks into the next call. HYPRE_ERROR_CONV (did not converge) is not an error
// here: solves report it in their result.
void checkHypre(HYPRE_Int code, const char* what);

// Clears HYPRE's error flag and returns whether it said "did not converge".
bool takeConvergenceFlag();

}  // namespace spsolve
