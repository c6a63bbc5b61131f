// The CHOLMOD engine's exports: each operation is one struct in the shape of core/operation.h,
// grouped by what it does to a factor.
#pragma once

#include <napi.h>

#include "cholmod/factor.h"
#include "core/js_args.h"

namespace spsolve {

// analyze, factorize, solve (each also async), cloneSymbolic.
void exportFactorOperations(Napi::Env env, Napi::Object exports);
// update (also async), rowDelete, rowAdd, solveSparse.
void exportModifyOperations(Napi::Env env, Napi::Object exports);
// logdet, rcond, permutation, factorL, factorD, factorInfo, inverseOnPattern.
void exportInspectOperations(Napi::Env env, Napi::Object exports);

// Options arrive as three small integer codes (lib/cholmod/options.ts maps the names).
FactorOptions readFactorOptions(const JsArgs& args);

}  // namespace spsolve
