// OpenBLAS's controls (openblas.h).
#include "blas/openblas.h"

#include <dlfcn.h>

#include <mutex>

namespace spsolve {

#ifdef SPSOLVE_LINKS_OPENBLAS
extern "C" void openblas_set_num_threads(int);
extern "C" char* openblas_get_config();
extern "C" char* openblas_get_corename();
bool haveOpenBlas() { return true; }
#else
bool haveOpenBlas() { return dlsym(RTLD_DEFAULT, "openblas_set_num_threads") != nullptr; }
#endif

std::string blasDescription() {
#ifdef SPSOLVE_LINKS_OPENBLAS
  const char* config = openblas_get_config();
  const char* core = openblas_get_corename();
#else
  using TextFn = char* (*)();
  const auto configFn = reinterpret_cast<TextFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
  const auto coreFn = reinterpret_cast<TextFn>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (!configFn || !coreFn) return haveOpenBlas() ? "OpenBLAS" : "unknown";
  const char* config = configFn();
  const char* core = coreFn();
#endif
  // The configuration string starts "OpenBLAS <version> ..."; the kernels in use are the core's
  // (DYNAMIC_ARCH builds choose them for the CPU at load).
  std::string text = config ? config : "OpenBLAS";
  const auto firstSpace = text.find(' ');
  const auto secondSpace = firstSpace == std::string::npos ? firstSpace : text.find(' ', firstSpace + 1);
  return text.substr(0, secondSpace) + (core ? std::string(" (") + core + ")" : "");
}

void useSingleThreadedOpenBlas() {
  static std::once_flag once;
  std::call_once(once, [] {
#ifdef SPSOLVE_LINKS_OPENBLAS
    openblas_set_num_threads(1);
#else
    using SetThreadsFn = void (*)(int);
    if (const auto set = reinterpret_cast<SetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(1);
#endif
  });
}

}  // namespace spsolve
