// Reading an operation's arguments from the one object JavaScript passes it, by name. Every
// reader throws ArgumentError naming the operation and the argument ("solve: B must be a
// Float64Array"); these are the backstop behind the TypeScript checks, which report first.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/arrays.h"
#include "core/csc_input.h"

namespace spsolve {

class JsArgs {
 public:
  JsArgs(const Napi::CallbackInfo& info, const char* operation);

  double handle(const char* name) const;
  double number(const char* name) const;
  // An integer in [0, 2^31 - 1).
  int64_t dimension(const char* name) const;
  int smallInt(const char* name, int min, int max) const;
  bool boolean(const char* name) const;
  // Absent (undefined) gives `fallback`.
  bool optionalBoolean(const char* name, bool fallback) const;
  Napi::Float64Array float64Array(const char* name) const;
  Napi::Int32Array int32Array(const char* name) const;

  ArrayInput<double> float64Input(const char* name, Lifetime lifetime) const;
  // Null or absent gives an input that is not present().
  ArrayInput<double> optionalFloat64Input(const char* name, Lifetime lifetime) const;
  ArrayInput<int32_t> int32Input(const char* name, Lifetime lifetime) const;
  // Null or absent gives an input that is not present().
  ArrayInput<int32_t> optionalInt32Input(const char* name, Lifetime lifetime) const;
  // A caller-allocated array of exactly `length` entries for a result.
  Float64Output float64Output(const char* name, size_t length, Lifetime lifetime) const;
  Int32Output int32Output(const char* name, size_t length, Lifetime lifetime) const;
  // { nrows, ncols, colPtr, rowIdx, values } (values may be null when `valuesOptional`); only
  // read here: the operation checks it by the one rule (checkCsc) where it runs.
  CscInput csc(const char* name, Lifetime lifetime, bool valuesOptional = false) const;

  const char* operation() const { return operation_; }

 private:
  Napi::Value get(const char* name) const;
  [[noreturn]] void fail(bool typeError, const std::string& label, const char* what) const;

  Napi::Object args_;
  const char* operation_;
};

// Compressed columns computed natively (64-bit indices) as { colPtr, rowIdx, values } for JS;
// `what` names the matrix in the error when it does not fit 32-bit indices.
Napi::Object cscToJs(Napi::Env env, const std::vector<int64_t>& colPtr, const std::vector<int64_t>& rowIdx,
                     const std::vector<double>& values, const char* what);

}  // namespace spsolve
