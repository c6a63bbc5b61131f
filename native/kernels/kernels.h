// Numerical kernels that belong to no engine (they work on spsolve's own arrays).
#pragma once

#include <napi.h>

namespace spsolve {

// outerOnPattern: the operator cotangent of the derivative rules on a sparse pattern.
void exportOuterOnPattern(Napi::Env env, Napi::Object exports);
// elementPattern: an assembled finite-element matrix's pattern and scatter map (lib/fem).
void exportElementPattern(Napi::Env env, Napi::Object exports);
// cscColumnsCheck(Async): where compressed columns break CscMatrix's invariant (CscMatrix.fromArraysAsync).
void exportCscColumnsCheck(Napi::Env env, Napi::Object exports);

inline void exportKernelOperations(Napi::Env env, Napi::Object exports) {
  exportOuterOnPattern(env, exports);
  exportElementPattern(env, exports);
  exportCscColumnsCheck(env, exports);
}

}  // namespace spsolve
