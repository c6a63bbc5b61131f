// BLAS threads. The bundled CHOLMOD is compiled without OpenMP, so OpenBLAS (inside supernodal
// factorisations and solves) is the only source of threads besides libuv's pool. OpenBLAS is
// found at run time so that the system-library build (whose BLAS is chosen by Debian's
// alternatives) can set its threads too; with another BLAS these are no-ops.
#include <dlfcn.h>
#include <sched.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "addon.h"
#include "threads.h"

namespace spsolve {
namespace {

using SetThreadsFn = void (*)(int);
using GetThreadsFn = int (*)();

// libuv's pool size as libuv itself reads it (default 4).
int threadPoolSize() {
  const char* env = std::getenv("UV_THREADPOOL_SIZE");
  const int size = env ? std::atoi(env) : 0;
  return size > 0 ? std::min(size, 1024) : 4;
}

int parseThreads(const char* text) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(v >= 1 && v <= 1024) || v != std::floor(v))
    throw ArgumentError(false, std::string("SPSOLVE_THREADS must be an integer in [1, 1024], got '") + text + "'");
  return static_cast<int>(v);
}

}  // namespace

int usableCores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

bool haveOpenBlas() { return dlsym(RTLD_DEFAULT, "openblas_set_num_threads") != nullptr; }

void setBlasThreads(int threads) {
  if (auto set = reinterpret_cast<SetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(threads);
}

int blasThreads() {
  auto get = reinterpret_cast<GetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return get ? get() : 1;
}

// As many BLAS threads per job as keep (concurrent jobs) × (threads per job) within the cores,
// where the concurrent jobs are as many as the thread pool runs at once: one thread each as long
// as the pool is at least as large as the machine.
int defaultThreads() {
  const int cores = usableCores();
  const int concurrent = std::min(threadPoolSize(), cores);
  return std::max(1, cores / concurrent);
}

void applyDefaultThreadsOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* env = std::getenv("SPSOLVE_THREADS");
    setBlasThreads(env && *env ? parseThreads(env) : defaultThreads());
  });
}

}  // namespace spsolve
