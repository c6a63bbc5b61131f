// The LU engines' exports (UMFPACK and KLU share them: the factor knows its engine). Each operation
// is one struct in the shape of core/operation.h.
#pragma once

#include <napi.h>

namespace spsolve {

// luAnalyze, luFactorize, luSolve (each also async), luLogDet, luRcond, luInfo, luExtract.
void exportLuOperations(Napi::Env env, Napi::Object exports);
// buildInfo's LU fields: umfpack (version, or null when not built), klu (version).
void addLuBuildInfo(Napi::Env env, Napi::Object info);

}  // namespace spsolve
