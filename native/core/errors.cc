#include "core/errors.h"

#include <new>

namespace spsolve {

Failure Failure::fromCurrentException() {
  Failure f;
  try {
    throw;
  } catch (const EngineFailure& e) {
    f.kind = Kind::Engine;
    f.message = e.what();
    f.code = e.code;
    f.status = e.status;
    f.column = static_cast<double>(e.column);
    f.step = static_cast<double>(e.step);
    f.reason = e.reason;
    f.engine = e.engine;
  } catch (const ArgumentError& e) {
    f.kind = e.isTypeError ? Kind::TypeError : Kind::RangeError;
    f.message = e.what();
  } catch (const DisposedFailure& e) {
    f.kind = Kind::Disposed;
    f.message = e.what();
  } catch (const std::bad_alloc&) {
    // Allocations of ours (copies, results) share the engines' out-of-memory error; the code is
    // CHOLMOD's, the one engine today, so that callers test one code.
    f.kind = Kind::Engine;
    f.message = "out of memory";
    f.code = "CHOLMOD_OUT_OF_MEMORY";
    f.status = -2;
  } catch (const std::exception& e) {
    f.kind = Kind::Internal;
    f.message = e.what();
  } catch (...) {
    f.kind = Kind::Internal;
    f.message = "unknown native error";
  }
  return f;
}

Napi::Value makeJsError(Napi::Env env, const ErrorClasses& classes, const Failure& f) {
  auto str = [env](const std::string& s) { return Napi::String::New(env, s); };
  switch (f.kind) {
    case Failure::Kind::TypeError:
      if (!classes.typeError.IsEmpty()) return classes.typeError.New({str(f.message)});
      return Napi::TypeError::New(env, f.message).Value();
    case Failure::Kind::RangeError:
      if (!classes.rangeError.IsEmpty()) return classes.rangeError.New({str(f.message)});
      return Napi::RangeError::New(env, f.message).Value();
    case Failure::Kind::Disposed:
      if (!classes.disposedError.IsEmpty()) return classes.disposedError.New({str(f.message)});
      break;
    case Failure::Kind::Engine:
      if (f.engine == "umfpack" || f.engine == "klu") {
        if (f.reason == EngineFailure::Reason::Singular && !classes.singularMatrixError.IsEmpty())
          return classes.singularMatrixError.New({str(f.message), str(f.code), Napi::Number::New(env, f.status),
                                                  str(f.engine), Napi::Number::New(env, f.column)});
        if (!classes.luError.IsEmpty())
          return classes.luError.New({str(f.message), str(f.code), Napi::Number::New(env, f.status), str(f.engine)});
        break;
      }
      if (f.engine == "spqr") {
        if (!classes.qrError.IsEmpty()) return classes.qrError.New({str(f.message), str(f.code), Napi::Number::New(env, f.status)});
        break;
      }
      // LDLᵀ without pivoting met an exact zero pivot: the matrix may well be nonsingular.
      if (f.reason == EngineFailure::Reason::ZeroPivot && !classes.zeroPivotError.IsEmpty())
        return classes.zeroPivotError.New(
            {str(f.message), Napi::Number::New(env, f.column), Napi::Number::New(env, f.step)});
      // A failure that names its pivot is a matrix that is not positive definite.
      if (f.step >= 0 && !classes.notPositiveDefiniteError.IsEmpty())
        return classes.notPositiveDefiniteError.New(
            {str(f.message), Napi::Number::New(env, f.column), Napi::Number::New(env, f.step)});
      if (!classes.engineError.IsEmpty())
        return classes.engineError.New({str(f.message), str(f.code), Napi::Number::New(env, f.status)});
      break;
    default:
      break;
  }
  Napi::Error error = Napi::Error::New(env, f.message);
  if (!f.code.empty()) error.Set("code", str(f.code));
  return error.Value();
}

}  // namespace spsolve
