// BLAS threads (the policy is described in threads.h). The bundled CHOLMOD is compiled without
// OpenMP, so OpenBLAS (inside supernodal factorisations and solves) is the only source of threads
// besides libuv's pool. OpenBLAS is found at run time so that the system-library build (whose
// BLAS is chosen by Debian's alternatives) can set its threads too; with another BLAS these are
// no-ops.
#include <dlfcn.h>
#include <sched.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "core/threads.h"

#include "core/errors.h"

namespace spsolve {
namespace {

using SetThreadsFn = void (*)(int);
using GetThreadsFn = int (*)();

int parseThreads(const char* text) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(v >= 1 && v <= 1024) || v != std::floor(v))
    throw ArgumentError(false, std::string("SPSOLVE_THREADS must be 'auto' or an integer in [1, 1024], got '") + text + "'");
  return static_cast<int>(v);
}

}  // namespace

int usableCores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

#ifdef SPSOLVE_LINKS_OPENBLAS
// The bundled build links OpenBLAS itself (the prebuilt addon statically and hidden, where no
// run-time lookup could find it).
extern "C" void openblas_set_num_threads(int);
extern "C" int openblas_get_num_threads();
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

namespace {

void setBlasThreads(int threads) {
#ifdef SPSOLVE_LINKS_OPENBLAS
  openblas_set_num_threads(threads);
#else
  static const auto set = reinterpret_cast<SetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (set) set(threads);
#endif
}

// The usable cores, or fewer when the user capped OpenBLAS with OPENBLAS_NUM_THREADS.
int autoCeiling() {
  static const int ceiling = [] {
    const char* env = std::getenv("OPENBLAS_NUM_THREADS");
    const int cap = env ? std::atoi(env) : 0;
    return cap >= 1 ? std::min(cap, usableCores()) : usableCores();
  }();
  return ceiling;
}

// One policy per process, shared by every addon instance (worker threads load the same library).
struct Policy {
  std::mutex mutex;
  int fixed = 0;         // 0: auto
  int running = 0;       // BlasScopes alive
  int heavyRunning = 0;  // … of which heavy
  int applied = -1;      // what OpenBLAS was last set to

  // Called with the mutex held. OpenBLAS reads its count when a call starts, so changing it
  // while another thread is inside a BLAS call affects only that thread's next call. In 'auto'
  // the count stays within the threads OpenBLAS created at load (the usable cores, or
  // OPENBLAS_NUM_THREADS, which 'auto' respects as a ceiling), so setting it only stores a number.
  void apply() {
    const int want = fixed ? fixed : (running == 1 && heavyRunning == 1 ? autoCeiling() : 1);
    if (want != applied) {
      setBlasThreads(want);
      applied = want;
    }
  }
};

Policy& policy() {
  static Policy* p = new Policy();  // never destroyed: jobs may end after static destructors run
  return *p;
}

}  // namespace

void setThreadPolicy(int fixedThreads) {
  Policy& p = policy();
  std::lock_guard<std::mutex> lock(p.mutex);
  p.fixed = fixedThreads;
  p.apply();
}

int threadPolicy() {
  Policy& p = policy();
  std::lock_guard<std::mutex> lock(p.mutex);
  return p.fixed;
}

int blasThreads() {
#ifdef SPSOLVE_LINKS_OPENBLAS
  return openblas_get_num_threads();
#else
  static const auto get = reinterpret_cast<GetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return get ? get() : 1;
#endif
}

BlasScope::BlasScope(bool heavy) : heavy_(heavy) {
  Policy& p = policy();
  std::lock_guard<std::mutex> lock(p.mutex);
  p.running++;
  if (heavy_) p.heavyRunning++;
  p.apply();
}

void BlasScope::setHeavy(bool heavy) {
  if (heavy == heavy_) return;
  Policy& p = policy();
  std::lock_guard<std::mutex> lock(p.mutex);
  p.heavyRunning += heavy ? 1 : -1;
  heavy_ = heavy;
  p.apply();
}

BlasScope::~BlasScope() {
  Policy& p = policy();
  std::lock_guard<std::mutex> lock(p.mutex);
  p.running--;
  if (heavy_) p.heavyRunning--;
  p.apply();
}

void applyDefaultThreadsOnce() {
  static std::once_flag once;
  static std::string malformed;  // SPSOLVE_THREADS's error, raised by every load
  // Nothing may throw inside std::call_once: it runs the lambda through glibc's pthread_once, a C
  // frame that the prebuilt addon's own (static) unwinder cannot cross, and the process aborts.
  std::call_once(once, [] {
    const char* env = std::getenv("SPSOLVE_THREADS");
    try {
      setThreadPolicy(env && *env && std::string(env) != "auto" ? parseThreads(env) : 0);
    } catch (const ArgumentError& e) {
      malformed = e.what();
    }
  });
  if (!malformed.empty()) throw ArgumentError(false, malformed);
}

}  // namespace spsolve
