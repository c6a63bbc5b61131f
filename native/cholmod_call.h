// A cholmod_common for one call, and the translation of CHOLMOD's status into C++ exceptions.
//
// CHOLMOD keeps workspace and settings in cholmod_common, so two concurrent calls must never
// share one. Every native operation constructs a CholmodCall on its own stack (main thread or a
// thread-pool worker); CHOLMOD's error handler has no user-data pointer, so it records into
// thread-local storage and we throw only after CHOLMOD has returned (never through C frames).
#pragma once

#include <cholmod.h>

#include <stdexcept>
#include <string>

namespace spsolve {

// A CHOLMOD failure (negative status) or a warning we promote to an error.
struct CholmodFailure : std::runtime_error {
  std::string code;  // 'CHOLMOD_OUT_OF_MEMORY', 'CHOLMOD_NOT_POSDEF', ...
  int status;
  long column = -1;  // not positive definite: failing column in the user's numbering
  long step = -1;    // not positive definite: elimination step (position in the permuted order)
  CholmodFailure(std::string code_, int status_, const std::string& message)
      : std::runtime_error(message), code(std::move(code_)), status(status_) {}
};

// Bad arguments that got past the TypeScript validation (the C++ backstop).
struct ArgumentError : std::runtime_error {
  bool isTypeError;
  ArgumentError(bool typeError, const std::string& message)
      : std::runtime_error(message), isTypeError(typeError) {}
};

// A handle that was disposed (or never existed in this generation).
struct DisposedFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
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
