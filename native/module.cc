// The addon module: what one spsolve.node exports. Each engine adds its operations here; the
// engine-neutral parts (handles, errors, threads) come from native/core.
#include <string>

#include "blas/openblas.h"
#include "blas/tile_team.h"
#include "cholmod/cholmod_call.h"
#include "cholmod/operations.h"
#include "core/addon.h"
#include "core/build_flavor.h"
#include "core/threads.h"
#include "kernels/kernels.h"
#include "lu/operations.h"
#include "spqr/operations.h"
#ifdef SPSOLVE_AMG
#include "hypre/operations.h"
#endif

namespace spsolve {
namespace {

Napi::Object buildInfo(Napi::Env env) {
  Napi::Object info = Napi::Object::New(env);
  info.Set("flavor", buildFlavor());
  info.Set("prebuilt", isPortableBuild());
  int version[3];
  cholmod_l_version(version);
  info.Set("cholmod", std::to_string(version[0]) + "." + std::to_string(version[1]) + "." + std::to_string(version[2]));
#ifdef NGPL
  info.Set("gpl", false);
#else
  info.Set("gpl", true);
#endif
  addLuBuildInfo(env, info);
  info.Set("blas", blasDescription());
#ifdef SPSOLVE_TILED_SUITESPARSE
  info.Set("tiledBlas", true);
#else
  info.Set("tiledBlas", false);
#endif
  info.Set("cores", usableCores());
#ifdef SPSOLVE_AMG
  info.Set("amg", true);
  info.Set("hypre", hypreVersion());
#else
  info.Set("amg", false);
#endif
  return info;
}

}  // namespace

Addon::Addon(Napi::Env env, Napi::Object exports) {
  initSuiteSparseOnce();
  exportCore(env, exports);
  exportFactorOperations(env, exports);
  exportModifyOperations(env, exports);
  exportInspectOperations(env, exports);
  exportOrderingOperations(env, exports);
  exportKernelOperations(env, exports);
  exportLuOperations(env, exports);
  exportQrOperations(env, exports);
#ifdef SPSOLVE_AMG
  exportAmgOperations(env, exports);
#endif
  exports.DefineProperty(Napi::PropertyDescriptor::Value("buildInfo", buildInfo(env), napi_enumerable));
}

}  // namespace spsolve

using spsolve::Addon;
NODE_API_ADDON(Addon)
