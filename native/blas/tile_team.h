// The threads that share one BLAS call's tiles (tiled_blas.h). A call cut into tiles runs them on
// its own thread and on whichever helper threads are free; the helpers are shared by every call in
// the process, so two factorisations at once never ask for more threads than the team has (the
// way OpenBLAS's own threads collapsed when two jobs each asked for every core).
//
// Which thread runs a tile changes nothing in the result: each tile is a separate single-threaded
// BLAS call on its own block of the output, so the bits depend only on how the call was cut,
// which depends only on its shape.
#pragma once

#include <cstdint>

namespace spsolve {

// Cores this process may run on (its CPU affinity).
int usableCores();
// The team's size until set: every usable core, or OPENBLAS_NUM_THREADS if that is lower (a
// user's cap on the BLAS's threads).
int defaultTileTeamSize();

// Threads a tiled call may use, its own included (1: no helpers). Helpers start on first use.
void setTileTeamSize(int threads);
int tileTeamSize();

// Runs tile(context, i) for every i in [0, count), on the calling thread and on free helpers, and
// returns when all are done. `tile` must not throw.
using TileFn = void (*)(const void* context, int64_t i);
void runTiles(int64_t count, TileFn tile, const void* context);

// What the team has done since the process started: calls cut into more than one tile, their
// tiles, how many of those ran on a helper (the rest ran on their caller), and how many of the
// calls came from background threads (job_priority.h).
struct TileCounts {
  int64_t tiledCalls;
  int64_t tiles;
  int64_t helperTiles;
  int64_t backgroundCalls;
};
TileCounts tileCounts();

// The same with a lambda (or any callable) instead of a function and a context pointer.
template <typename Fn>
void runTiles(int64_t count, const Fn& tile) {
  runTiles(count, [](const void* fn, int64_t i) { (*static_cast<const Fn*>(fn))(i); }, &tile);
}

}  // namespace spsolve
