#include "core/build_flavor.h"

namespace spsolve {

const char* buildFlavor() {
#ifdef SPSOLVE_BUILD_FLAVOR
  return SPSOLVE_BUILD_FLAVOR;
#else
  return "system";
#endif
}

bool isPortableBuild() {
#ifdef SPSOLVE_PORTABLE
  return true;
#else
  return false;
#endif
}

}  // namespace spsolve
