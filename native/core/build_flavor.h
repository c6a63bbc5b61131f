// What this addon binary is. native/build_flavor.cc is compiled once per addon target with that
// target's defines, so the regular and the prebuilt addon share every other object file.
#pragma once

namespace spsolve {

// "bundled" (SuiteSparse compiled from the pinned source) or "system" (the distribution's libcholmod).
const char* buildFlavor();
// True for the prebuilt addon: OpenBLAS and the GCC runtimes linked statically.
bool isPortableBuild();

}  // namespace spsolve
