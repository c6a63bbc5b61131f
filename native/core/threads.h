// The thread policy, process-wide. spsolve's BLAS work runs on the tile team (blas/tile_team.h):
// each large BLAS call is cut into tiles by its shape alone, and the tiles run on the calling
// thread plus the team's free helpers, shared by every job. OpenBLAS itself always runs on one
// thread. So the same input gives the same bits whatever else runs and whatever the policy; the
// policy only sets how many threads a call may use.
//
// 'auto' (the default): every usable core (or OPENBLAS_NUM_THREADS, if lower). A fixed count
// (setThreads(n) or SPSOLVE_THREADS=n) is used instead.
#pragma once

namespace spsolve {

// The policy from SPSOLVE_THREADS ('auto' when unset) and the job priority from
// SPSOLVE_JOB_PRIORITY ('normal' when unset), applied once per process, and OpenBLAS set to one
// thread; throws ArgumentError for a malformed value.
void applyDefaultThreadsOnce();

// 0 selects 'auto'; n ≥ 1 fixes the count.
void setThreadPolicy(int fixedThreads);
int threadPolicy();
// The threads a BLAS call may use at this moment (the tile team's size).
int blasThreads();

}  // namespace spsolve
