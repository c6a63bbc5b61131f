// The SPQR engine's exports (each operation one struct in the shape of core/operation.h):
// qrFactorize, qrRefactor and qrSolve (each also async), qrR, qrColumnPermutation, qrInfo.
// Without SPQR (an LGPL-only build, NGPL) there are none.
#pragma once

#include <napi.h>

namespace spsolve {

void exportQrOperations(Napi::Env env, Napi::Object exports);

}  // namespace spsolve
