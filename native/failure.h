// A failure captured from C++ exceptions as plain data, so that a thread-pool job can carry it
// back to the main thread, where it becomes one of spsolve's typed JavaScript errors.
#pragma once

#include <napi.h>

#include <string>

namespace spsolve {

struct Failure {
  enum class Kind { None, TypeError, RangeError, Cholmod, Disposed, Internal };
  Kind kind = Kind::None;
  std::string message;
  std::string code;
  int status = 0;
  double column = -1, step = -1;

  explicit operator bool() const { return kind != Kind::None; }
  // Call inside a catch block: classifies the exception in flight.
  static Failure fromCurrentException();
};

// The JavaScript error classes, handed to C++ once by lib/cholmod/binding.ts. TypeError and
// RangeError come from JS too, so that errors belong to the caller's realm (a vm context such
// as a jest test file has its own TypeError).
struct ErrorClasses {
  Napi::FunctionReference cholmodError, notPositiveDefiniteError, disposedError, typeError, rangeError;
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
