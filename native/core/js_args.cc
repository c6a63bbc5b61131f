#include "core/js_args.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/errors.h"

namespace spsolve {

JsArgs::JsArgs(const Napi::CallbackInfo& info, const char* operation) : operation_(operation) {
  if (info.Length() < 1 || !info[0].IsObject())
    throw ArgumentError(true, std::string(operation) + ": expects one arguments object");
  args_ = info[0].As<Napi::Object>();
}

void JsArgs::fail(bool typeError, const std::string& label, const char* what) const {
  throw ArgumentError(typeError, std::string(operation_) + ": " + label + " " + what);
}

Napi::Value JsArgs::get(const char* name) const { return args_.Get(name); }

double JsArgs::handle(const char* name) const {
  Napi::Value v = get(name);
  if (!v.IsNumber()) fail(true, name, "must be a handle (a number)");
  return v.As<Napi::Number>().DoubleValue();
}

double JsArgs::number(const char* name) const {
  Napi::Value v = get(name);
  if (!v.IsNumber()) fail(true, name, "must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

int64_t JsArgs::dimension(const char* name) const {
  const double v = number(name);
  if (!(v >= 0 && v < 2147483647.0) || v != std::floor(v)) fail(false, name, "must be an integer in [0, 2^31 - 1)");
  return static_cast<int64_t>(v);
}

int JsArgs::smallInt(const char* name, int min, int max) const {
  const double v = number(name);
  if (!(v >= min && v <= max) || v != std::floor(v))
    fail(false, name, ("must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]").c_str());
  return static_cast<int>(v);
}

bool JsArgs::boolean(const char* name) const {
  Napi::Value v = get(name);
  if (!v.IsBoolean()) fail(true, name, "must be a boolean");
  return v.As<Napi::Boolean>().Value();
}

bool JsArgs::optionalBoolean(const char* name, bool fallback) const {
  Napi::Value v = get(name);
  if (v.IsUndefined()) return fallback;
  return boolean(name);
}

namespace {

bool isTyped(const Napi::Value& v, napi_typedarray_type type) {
  return v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == type;
}

}  // namespace

Napi::Float64Array JsArgs::float64Array(const char* name) const {
  Napi::Value v = get(name);
  if (!isTyped(v, napi_float64_array)) fail(true, name, "must be a Float64Array");
  return v.As<Napi::Float64Array>();
}

Napi::Int32Array JsArgs::int32Array(const char* name) const {
  Napi::Value v = get(name);
  if (!isTyped(v, napi_int32_array)) fail(true, name, "must be an Int32Array");
  return v.As<Napi::Int32Array>();
}

ArrayInput<double> JsArgs::float64Input(const char* name, Lifetime lifetime) const {
  auto array = float64Array(name);
  return ArrayInput<double>(array, lifetime);
}

ArrayInput<double> JsArgs::optionalFloat64Input(const char* name, Lifetime lifetime) const {
  Napi::Value v = get(name);
  if (v.IsNull() || v.IsUndefined()) return ArrayInput<double>();
  return float64Input(name, lifetime);
}

ArrayInput<int32_t> JsArgs::int32Input(const char* name, Lifetime lifetime) const {
  auto array = int32Array(name);
  return ArrayInput<int32_t>(array, lifetime);
}

ArrayInput<int32_t> JsArgs::optionalInt32Input(const char* name, Lifetime lifetime) const {
  Napi::Value v = get(name);
  if (v.IsNull() || v.IsUndefined()) return ArrayInput<int32_t>();
  return int32Input(name, lifetime);
}

Float64Output JsArgs::float64Output(const char* name, size_t length, Lifetime lifetime) const {
  auto array = float64Array(name);
  if (array.ElementLength() != length)
    fail(false, name, ("must have " + std::to_string(length) + " entries").c_str());
  return Float64Output(array, lifetime);
}

Int32Output JsArgs::int32Output(const char* name, size_t length, Lifetime lifetime) const {
  auto array = int32Array(name);
  if (array.ElementLength() != length)
    fail(false, name, ("must have " + std::to_string(length) + " entries").c_str());
  return Int32Output(array, lifetime);
}

CscInput JsArgs::csc(const char* name, Lifetime lifetime, bool valuesOptional) const {
  Napi::Value v = get(name);
  if (!v.IsObject()) fail(true, name, "must be a sparse matrix { nrows, ncols, colPtr, rowIdx, values }");
  Napi::Object m = v.As<Napi::Object>();
  const std::string prefix = std::string(name) + ".";
  auto label = [&](const char* field) { return prefix + field; };
  CscInput in;
  auto dim = [&](const char* field) {
    Napi::Value d = m.Get(field);
    if (!d.IsNumber()) fail(true, label(field), "must be a number");
    const double x = d.As<Napi::Number>().DoubleValue();
    if (!(x >= 0 && x < 2147483647.0) || x != std::floor(x)) fail(false, label(field), "must be an integer in [0, 2^31 - 1)");
    return static_cast<int64_t>(x);
  };
  in.nrows = dim("nrows");
  in.ncols = dim("ncols");
  auto indices = [&](const char* field) {
    Napi::Value a = m.Get(field);
    if (!isTyped(a, napi_int32_array)) fail(true, label(field), "must be an Int32Array");
    auto array = a.As<Napi::Int32Array>();
    return ArrayInput<int32_t>(array, lifetime);
  };
  in.colPtr = indices("colPtr");
  in.rowIdx = indices("rowIdx");
  Napi::Value values = m.Get("values");
  if (valuesOptional && (values.IsNull() || values.IsUndefined())) return in;
  if (!isTyped(values, napi_float64_array)) fail(true, label("values"), "must be a Float64Array");
  auto array = values.As<Napi::Float64Array>();
  in.values = ArrayInput<double>(array, lifetime);
  return in;
}

Napi::Object cscToJs(Napi::Env env, const std::vector<int64_t>& colPtr, const std::vector<int64_t>& rowIdx,
                     const std::vector<double>& values, const char* what) {
  if (values.size() > 2147483647u) throw ArgumentError(false, std::string(what) + " has more than 2^31 - 1 entries");
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

}  // namespace spsolve
