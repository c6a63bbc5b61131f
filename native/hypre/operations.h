// The AMG engine's exports (HYPRE BoomerAMG), each operation one struct in the shape of
// core/operation.h: amgSetup, amgRefresh and amgSolve (each also async), amgCycle, amgInfo.
#pragma once

#include <napi.h>

namespace spsolve {

void exportAmgOperations(Napi::Env env, Napi::Object exports);

// "2.26.0": the HYPRE this addon was built with.
const char* hypreVersion();

}  // namespace spsolve
