// Errors, engine-neutral. C++ code throws the exception types below; the Node-API layer turns
// them into spsolve's typed JavaScript errors (makeJsError), on the main thread, either at once
// (synchronous calls) or when a thread-pool job settles its promise (the job carries a Failure).
#pragma once

#include <napi.h>

#include <stdexcept>
#include <string>

namespace spsolve {

// Bad arguments that got past the TypeScript validation (the C++ backstop): TypeError for a wrong
// type, RangeError for a wrong size or value.
struct ArgumentError : std::runtime_error {
  bool isTypeError;
  ArgumentError(bool typeError, const std::string& message)
      : std::runtime_error(message), isTypeError(typeError) {}
};

// A handle whose object was disposed (or never existed in this generation).
struct DisposedFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A failure an engine reported: its code ('CHOLMOD_OUT_OF_MEMORY', ...) and status, and, for a
// matrix that is not positive definite, the failing column (user's numbering) and elimination step.
// `reason` picks the JS class where the code alone does not: a CHOLMOD failure that names its step
// is NotPositiveDefiniteError unless it is LDLᵀ's ZeroPivot; an LU engine's failure is LuError, or
// SingularMatrixError (with the column) for Singular; SPQR's failure is QrError.
struct EngineFailure : std::runtime_error {
  enum class Reason { Other, ZeroPivot, Singular };
  std::string code;
  int status;
  long column = -1;
  long step = -1;
  Reason reason = Reason::Other;
  std::string engine = "cholmod";  // 'cholmod' | 'umfpack' | 'klu' | 'spqr'
  EngineFailure(std::string code_, int status_, const std::string& message)
      : std::runtime_error(message), code(std::move(code_)), status(status_) {}
};

// A failure captured as plain data, so that a thread-pool job can carry it to the main thread.
struct Failure {
  enum class Kind { None, TypeError, RangeError, Engine, Disposed, Internal };
  Kind kind = Kind::None;
  std::string message;
  std::string code;
  int status = 0;
  double column = -1, step = -1;
  EngineFailure::Reason reason = EngineFailure::Reason::Other;
  std::string engine;

  explicit operator bool() const { return kind != Kind::None; }
  // Call inside a catch block: classifies the exception in flight.
  static Failure fromCurrentException();
};

// The JavaScript error classes, handed to C++ once by lib/native.ts. TypeError and RangeError
// come from JS too, so that errors belong to the caller's realm (a vm context such as a jest test
// file has its own TypeError).
struct ErrorClasses {
  Napi::FunctionReference engineError, notPositiveDefiniteError, zeroPivotError, luError, singularMatrixError, qrError,
      disposedError, typeError, rangeError;
};

Napi::Value makeJsError(Napi::Env env, const ErrorClasses& classes, const Failure& failure);

// Runs `body`, turning any C++ exception into a thrown JS error of the right class.
template <class Body>
Napi::Value guarded(Napi::Env env, const ErrorClasses& classes, Body&& body) {
  Failure failure;
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (...) {
    failure = Failure::fromCurrentException();
  }
  throw Napi::Error(env, makeJsError(env, classes, failure));
}

}  // namespace spsolve
