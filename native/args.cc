#include <algorithm>
#include <cmath>

#include "addon.h"

namespace spsolve {

double handleArg(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || !info[i].IsNumber()) throw ArgumentError(true, "handle must be a number");
  return info[i].As<Napi::Number>().DoubleValue();
}

double numberArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (info.Length() <= i || !info[i].IsNumber()) throw ArgumentError(true, std::string(name) + " must be a number");
  return info[i].As<Napi::Number>().DoubleValue();
}

int64_t dimensionArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  const double v = numberArg(info, i, name);
  if (!(v >= 0 && v < 2147483647.0) || v != std::floor(v))
    throw ArgumentError(false, std::string(name) + " must be an integer in [0, 2^31 - 1)");
  return static_cast<int64_t>(v);
}

int smallIntArg(const Napi::CallbackInfo& info, size_t i, const char* name, int min, int max) {
  const double v = numberArg(info, i, name);
  if (!(v >= min && v <= max) || v != std::floor(v))
    throw ArgumentError(false, std::string(name) + " must be an integer in [" + std::to_string(min) + ", " +
                                   std::to_string(max) + "]");
  return static_cast<int>(v);
}

int64_t rhsCountArg(const Napi::CallbackInfo& info, size_t i, size_t length, int64_t n) {
  const double nrhs = numberArg(info, i, "nrhs");
  if (!(nrhs >= 0 && nrhs <= 9.0e15) || nrhs != std::floor(nrhs) || static_cast<double>(length) != nrhs * static_cast<double>(n))
    throw ArgumentError(false, "B must hold n * nrhs values");
  return static_cast<int64_t>(nrhs);
}

static Napi::TypedArray typedArg(const Napi::CallbackInfo& info, size_t i, const char* name,
                                 napi_typedarray_type type, const char* typeName) {
  if (info.Length() <= i || !info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != type)
    throw ArgumentError(true, std::string(name) + " must be " + typeName);
  return info[i].As<Napi::TypedArray>();
}

Napi::Int32Array int32Arg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  return typedArg(info, i, name, napi_int32_array, "an Int32Array").As<Napi::Int32Array>();
}

Napi::Float64Array float64Arg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  return typedArg(info, i, name, napi_float64_array, "a Float64Array").As<Napi::Float64Array>();
}

Napi::Float64Array outputArg(const Napi::CallbackInfo& info, size_t i, const char* name, size_t length) {
  auto out = float64Arg(info, i, name);
  if (out.ElementLength() != length)
    throw ArgumentError(false, std::string(name) + " must have " + std::to_string(length) + " entries");
  return out;
}

Napi::Object cscToJs(Napi::Env env, const std::vector<int64_t>& colPtr, const std::vector<int64_t>& rowIdx,
                     const std::vector<double>& values, const char* what) {
  if (values.size() > 2147483647u)
    throw CholmodFailure("CHOLMOD_TOO_LARGE", CHOLMOD_TOO_LARGE, std::string(what) + " has more than 2^31 - 1 entries");
  auto jsColPtr = Napi::Int32Array::New(env, colPtr.size());
  auto jsRowIdx = Napi::Int32Array::New(env, rowIdx.size());
  auto jsValues = Napi::Float64Array::New(env, values.size());
  for (size_t k = 0; k < colPtr.size(); k++) jsColPtr[k] = static_cast<int32_t>(colPtr[k]);
  for (size_t k = 0; k < rowIdx.size(); k++) jsRowIdx[k] = static_cast<int32_t>(rowIdx[k]);
  std::copy(values.begin(), values.end(), jsValues.Data());
  Napi::Object csc = Napi::Object::New(env);
  csc.Set("colPtr", jsColPtr);
  csc.Set("rowIdx", jsRowIdx);
  csc.Set("values", jsValues);
  return csc;
}

// Options arrive as three small integers (ordering, mode, kind); lib/native.ts maps the names.
FactorOptions optionsArg(const Napi::CallbackInfo& info, size_t i) {
  auto code = [&](size_t k, int max, const char* name) { return smallIntArg(info, i + k, name, 0, max); };
  FactorOptions o;
  o.ordering = static_cast<Ordering>(code(0, static_cast<int>(Ordering::Natural), "ordering"));
  o.mode = static_cast<Mode>(code(1, static_cast<int>(Mode::Supernodal), "mode"));
  o.kind = static_cast<Kind>(code(2, static_cast<int>(Kind::LDLt), "kind"));
  return o;
}

CscInputView CscCopy::view() const {
  CscInputView v;
  v.nrows = nrows;
  v.ncols = ncols;
  v.colPtr = colPtr.data();
  v.colPtrLen = colPtr.size();
  v.rowIdx = rowIdx.data();
  v.rowIdxLen = rowIdx.size();
  v.values = values.data();
  v.valuesLen = values.size();
  return v;
}

CscCopy cscArg(const Napi::CallbackInfo& info, size_t i) {
  CscCopy m;
  m.nrows = dimensionArg(info, i, "nrows");
  m.ncols = dimensionArg(info, i + 1, "ncols");
  auto colPtr = int32Arg(info, i + 2, "colPtr");
  auto rowIdx = int32Arg(info, i + 3, "rowIdx");
  auto values = float64Arg(info, i + 4, "values");
  m.colPtr.assign(colPtr.Data(), colPtr.Data() + colPtr.ElementLength());
  m.rowIdx.assign(rowIdx.Data(), rowIdx.Data() + rowIdx.ElementLength());
  m.values.assign(values.Data(), values.Data() + values.ElementLength());
  return m;
}

}  // namespace spsolve
