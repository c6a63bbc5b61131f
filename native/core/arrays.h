// Array arguments of native operations, in the two lifetimes an operation runs with.
//
// A synchronous call runs while JS waits, so it reads and writes the caller's typed arrays in
// place. An async job runs on a thread-pool worker while JS goes on: its inputs are copied on the
// main thread (JS may change, move or free the originals meanwhile) and its outputs are written
// into its own buffer and copied into the caller's array on the main thread when the job settles.
#pragma once

#include <napi.h>

#include <cstring>
#include <vector>

#include "core/errors.h"

namespace spsolve {

enum class Lifetime { Call, Job };

template <class T>
class ArrayInput {
 public:
  ArrayInput() = default;
  ArrayInput(const T* data, size_t size, Lifetime lifetime) : present_(true), size_(size) {
    if (lifetime == Lifetime::Job) {
      owned_.assign(data, data + size);
    } else {
      borrowed_ = data;
    }
  }

  const T* data() const { return borrowed_ ? borrowed_ : owned_.data(); }
  size_t size() const { return size_; }
  const T& operator[](size_t k) const { return data()[k]; }
  // False for an optional argument that was null or absent.
  bool present() const { return present_; }
  // Frees a copy once its contents have been moved into an engine's own structures.
  void release() {
    std::vector<T>().swap(owned_);
    borrowed_ = nullptr;
    size_ = 0;
  }

 private:
  bool present_ = false;
  size_t size_ = 0;
  const T* borrowed_ = nullptr;
  std::vector<T> owned_;
};

template <class T, class JsArray>
class ArrayOutput {
 public:
  ArrayOutput() = default;
  ArrayOutput(JsArray array, Lifetime lifetime) : size_(array.ElementLength()) {
    if (lifetime == Lifetime::Job) {
      target_ = Napi::Persistent(array);
      buffer_.resize(size_);
    } else {
      direct_ = array.Data();
    }
  }

  T* data() { return direct_ ? direct_ : buffer_.data(); }
  size_t size() const { return size_; }

  // Main thread, after an async job: the results into the caller's array (a no-op for a call).
  void commit() {
    if (direct_ || target_.IsEmpty()) return;
    JsArray array = target_.Value();
    if (array.ElementLength() != size_) throw ArgumentError(false, "an output array changed size during the job");
    if (size_ > 0) std::memcpy(array.Data(), buffer_.data(), sizeof(T) * size_);
  }

 private:
  size_t size_ = 0;
  T* direct_ = nullptr;
  std::vector<T> buffer_;
  Napi::Reference<JsArray> target_;
};

using Float64Output = ArrayOutput<double, Napi::Float64Array>;
using Int32Output = ArrayOutput<int32_t, Napi::Int32Array>;

}  // namespace spsolve
