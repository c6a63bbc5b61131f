// A cholmod_common for one call, and the translation of CHOLMOD's status into C++ exceptions.
//
// CHOLMOD keeps workspace and settings in cholmod_common, so two concurrent calls must never
// share one. Every native operation constructs a CholmodCall on its own stack (main thread or a
// thread-pool worker); CHOLMOD's error handler has no user-data pointer, so it records into
// thread-local storage and we throw only after CHOLMOD has returned (never through C frames).
#pragma once

#include <cholmod.h>

#include <string>

#include "core/errors.h"

namespace spsolve {

// A CHOLMOD failure (negative status) or a warning promoted to an error; code 'CHOLMOD_OUT_OF_MEMORY',
// 'CHOLMOD_NOT_POSDEF', ... (for not positive definite, column and step are set).
struct CholmodFailure : EngineFailure {
  using EngineFailure::EngineFailure;
};

const char* statusCode(int status);

class CholmodCall {
 public:
  CholmodCall();
  ~CholmodCall();
  CholmodCall(const CholmodCall&) = delete;
  CholmodCall& operator=(const CholmodCall&) = delete;

  cholmod_common* operator->() { return &common_; }
  cholmod_common* get() { return &common_; }

  // Throws CholmodFailure when CHOLMOD reported an error (status < 0); `what` names the operation.
  void check(const char* what);

 private:
  cholmod_common common_;
};

// Process-wide SuiteSparse settings (no printing), set exactly once.
void initSuiteSparseOnce();

}  // namespace spsolve
