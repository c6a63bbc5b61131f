// OpenBLAS's own controls, found at link time in the bundled builds (which always link it; the
// prebuilt addon statically and hidden, where no run-time lookup could find it) and at run time in
// the system-library build, whose BLAS is chosen by Debian's alternatives and may not be OpenBLAS
// (then these do nothing).
#pragma once

#include <string>

namespace spsolve {

bool haveOpenBlas();
// "OpenBLAS 0.3.21 (SkylakeX)": version and the CPU kernels chosen at load; "unknown" for another BLAS.
std::string blasDescription();

// Makes every OpenBLAS call run on its calling thread, once per process. spsolve's threads come
// from the tile team instead (tiled_blas.h), whose results do not depend on the thread count.
void useSingleThreadedOpenBlas();

}  // namespace spsolve
