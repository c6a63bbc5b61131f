#include "hypre/hypre_runtime.h"

#include <string>

#include "core/errors.h"

namespace spsolve {

std::unique_lock<std::mutex> hypreLock() {
  static std::mutex mutex;
  static bool initialised = false;
  std::unique_lock<std::mutex> lock(mutex);
  if (!initialised) {
    checkHypre(HYPRE_Init(), "HYPRE_Init");
    initialised = true;
  }
  return lock;
}

void checkHypre(HYPRE_Int code, const char* what) {
  const HYPRE_Int flag = HYPRE_GetError() | code;
  HYPRE_ClearAllErrors();
  const HYPRE_Int failure = flag & ~HYPRE_ERROR_CONV;
  if (failure == 0) return;
  std::string name = "AMG_FAILED";
  std::string reason = "HYPRE reported an error";
  if (failure & HYPRE_ERROR_MEMORY) {
    name = "AMG_OUT_OF_MEMORY";
    reason = "HYPRE ran out of memory";
  } else if (failure & HYPRE_ERROR_ARG) {
    name = "AMG_INVALID";
    reason = "HYPRE rejected an argument";
  }
  throw EngineFailure(name, static_cast<int>(failure), std::string(what) + ": " + reason + " (error code " + std::to_string(failure) + ")");
}

bool takeConvergenceFlag() {
  const HYPRE_Int flag = HYPRE_GetError();
  HYPRE_ClearAllErrors();
  return (flag & HYPRE_ERROR_CONV) != 0;
}

}  // namespace spsolve
