// The calling thread's CPU time, ms, to the nanosecond (CLOCK_THREAD_CPUTIME_ID): for the
// measurements of the main thread's part of an async job (test/harness/event-loop.ts).
#pragma once

#include <time.h>

namespace spsolve {

inline double threadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace spsolve
