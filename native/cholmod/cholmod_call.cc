#include "cholmod/cholmod_call.h"

#include <mutex>

namespace spsolve {
namespace {

struct RecordedError {
  int status = 0;
  std::string message;
};
thread_local RecordedError lastError;

extern "C" void recordCholmodError(int status, const char* file, int line, const char* message) {
  // Keep the first error of a call: later ones are usually consequences of it.
  if (lastError.status == 0 || (lastError.status > 0 && status < 0)) {
    lastError.status = status;
    lastError.message = message ? message : "";
  }
}

}  // namespace

const char* statusCode(int status) {
  switch (status) {
    case CHOLMOD_OK: return "CHOLMOD_OK";
    case CHOLMOD_NOT_INSTALLED: return "CHOLMOD_NOT_INSTALLED";
    case CHOLMOD_OUT_OF_MEMORY: return "CHOLMOD_OUT_OF_MEMORY";
    case CHOLMOD_TOO_LARGE: return "CHOLMOD_TOO_LARGE";
    case CHOLMOD_INVALID: return "CHOLMOD_INVALID";
    case CHOLMOD_GPU_PROBLEM: return "CHOLMOD_GPU_PROBLEM";
    case CHOLMOD_NOT_POSDEF: return "CHOLMOD_NOT_POSDEF";
    case CHOLMOD_DSMALL: return "CHOLMOD_DSMALL";
    default: return "CHOLMOD_UNKNOWN";
  }
}

void initSuiteSparseOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    // SuiteSparse_config is a process-global struct: a printf from a worker thread in the
    // middle of a server's log is never wanted.
    SuiteSparse_config.printf_func = nullptr;
  });
}

CholmodCall::CholmodCall() {
  initSuiteSparseOnce();
  lastError = RecordedError{};
  cholmod_l_start(&common_);
  common_.print = 0;
  common_.error_handler = recordCholmodError;
  // METIS aborts the process when it runs out of memory; CHOLMOD's guard tries an allocation of
  // this many times the problem size first and falls back to AMD when it fails.
  common_.metis_memory = 2.0;
}

CholmodCall::~CholmodCall() { cholmod_l_finish(&common_); }

void CholmodCall::check(const char* what) {
  int status = common_.status;
  if (status >= CHOLMOD_OK) return;
  std::string detail = lastError.message.empty() ? statusCode(status) : lastError.message;
  throw CholmodFailure(statusCode(status), status, std::string(what) + ": " + detail);
}

}  // namespace spsolve
