// The thread policy (threads.h).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <string>

#include "core/threads.h"

#include "blas/job_priority.h"
#include "blas/openblas.h"
#include "blas/tile_team.h"
#include "core/errors.h"

namespace spsolve {
namespace {

int parseThreads(const char* text) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(v >= 1 && v <= 1024) || v != std::floor(v))
    throw ArgumentError(false, std::string("SPSOLVE_THREADS must be 'auto' or an integer in [1, 1024], got '") + text + "'");
  return static_cast<int>(v);
}

std::mutex policyMutex;
int fixedPolicy = 0;  // 0: auto

}  // namespace

void setThreadPolicy(int fixedThreads) {
  std::lock_guard<std::mutex> lock(policyMutex);
  fixedPolicy = fixedThreads;
  setTileTeamSize(fixedThreads ? fixedThreads : defaultTileTeamSize());
}

int threadPolicy() {
  std::lock_guard<std::mutex> lock(policyMutex);
  return fixedPolicy;
}

int blasThreads() { return tileTeamSize(); }

// SPSOLVE_JOB_PRIORITY: 'normal' (or unset) or 'background'.
static JobPriority parseJobPriority(const char* text) {
  if (!text || !*text || std::string(text) == "normal") return JobPriority::Normal;
  if (std::string(text) == "background") return JobPriority::Background;
  throw ArgumentError(false, std::string("SPSOLVE_JOB_PRIORITY must be 'normal' or 'background', got '") + text + "'");
}

void applyDefaultThreadsOnce() {
  static std::once_flag once;
  static std::string malformed;  // SPSOLVE_THREADS's or SPSOLVE_JOB_PRIORITY's error, raised by every load
  // Nothing may throw inside std::call_once: it runs the lambda through glibc's pthread_once, a C
  // frame that the prebuilt addon's own (static) unwinder cannot cross, and the process aborts.
  std::call_once(once, [] {
    useSingleThreadedOpenBlas();
    const char* env = std::getenv("SPSOLVE_THREADS");
    try {
      setThreadPolicy(env && *env && std::string(env) != "auto" ? parseThreads(env) : 0);
    } catch (const ArgumentError& e) {
      malformed = e.what();
      setThreadPolicy(0);
    }
    try {
      setJobPriority(parseJobPriority(std::getenv("SPSOLVE_JOB_PRIORITY")));
    } catch (const ArgumentError& e) {
      if (malformed.empty()) malformed = e.what();
    }
  });
  if (!malformed.empty()) throw ArgumentError(false, malformed);
}

}  // namespace spsolve
