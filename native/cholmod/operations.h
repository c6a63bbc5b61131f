// The CHOLMOD engine's exports: each operation is one struct in the shape of core/operation.h,
// grouped by what it does to a factor.
#pragma once

#include <napi.h>

#include "cholmod/factor.h"
#include "core/js_args.h"
#include "core/on_object.h"

namespace spsolve {

// analyze, factorize, solve (each also async), cloneSymbolic, copyFactor, changeKind.
void exportFactorOperations(Napi::Env env, Napi::Object exports);
// update (also async), rowDelete, rowAdd, solveSparse.
void exportModifyOperations(Napi::Env env, Napi::Object exports);
// logdet, rcond, permutation, factorL, factorD, factorInfo, inverseOnPattern.
void exportInspectOperations(Napi::Env env, Napi::Object exports);

// ordering, etree: the symbolic tools, on a matrix (no factor).
void exportOrderingOperations(Napi::Env env, Napi::Object exports);

// Options arrive as three small integer codes (lib/cholmod/options.ts maps the names).
FactorOptions readFactorOptions(const JsArgs& args);

// An operation on an existing factor (core/on_object.h).
using OnFactor = OnObject<Factor>;

}  // namespace spsolve
