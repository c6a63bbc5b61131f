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

// Options arrive as three small integers (ordering, mode, kind); lib/native.ts maps the names.
FactorOptions optionsArg(const Napi::CallbackInfo& info, size_t i) {
  auto code = [&](size_t k, int max, const char* name) {
    double v = numberArg(info, i + k, name);
    if (!(v >= 0 && v <= max) || v != std::floor(v)) throw ArgumentError(false, std::string("unknown ") + name);
    return static_cast<int>(v);
  };
  FactorOptions o;
  o.ordering = static_cast<Ordering>(code(0, static_cast<int>(Ordering::Natural), "ordering"));
  o.mode = static_cast<Mode>(code(1, static_cast<int>(Mode::Supernodal), "mode"));
  o.kind = static_cast<Kind>(code(2, static_cast<int>(Kind::LDLt), "kind"));
  return o;
}

}  // namespace spsolve
