// Numerical kernels that belong to no engine (they work on spsolve's own arrays).
#pragma once

#include <napi.h>

namespace spsolve {

// outerOnPattern: the operator cotangent of the derivative rules on a sparse pattern.
void exportKernelOperations(Napi::Env env, Napi::Object exports);

}  // namespace spsolve
