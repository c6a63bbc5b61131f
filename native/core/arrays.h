// Array arguments of native operations, in the two lifetimes an operation runs with.
//
// A synchronous call runs while JS waits, so it reads and writes the caller's typed arrays in
// place. An async job runs on a thread-pool worker while JS goes on, and it too reads and writes
// the caller's arrays in place, so that the main thread does no work proportional to the data:
// - the job holds a reference to each array, so the garbage collector cannot free it;
// - lib/native.ts marks every array it hands to a job untransferable and copies the rare one on a
//   resizable buffer, so no other thread can detach it and nothing can shrink it meanwhile;
// - JS can still write into an input while the job reads it. That gives wrong numbers, never a
//   crash: every index is checked in the same read that uses it (core/csc_input.cc), and values
//   are checked after they were copied into the engine's own memory.
#pragma once

#include <napi.h>

namespace spsolve {

enum class Lifetime { Call, Job };

// A typed array an operation reads. For a job it also keeps the array alive (the reference is
// made and deleted on the main thread: the job struct is created and destroyed there).
template <class T>
class ArrayInput {
 public:
  ArrayInput() = default;
  template <class JsArray>
  ArrayInput(JsArray array, Lifetime lifetime) : present_(true), data_(array.Data()), size_(array.ElementLength()) {
    if (lifetime == Lifetime::Job) pin_ = Napi::Persistent(static_cast<Napi::Object>(array));
  }

  const T* data() const { return data_; }
  size_t size() const { return size_; }
  const T& operator[](size_t k) const { return data_[k]; }
  // False for an optional argument that was null or absent.
  bool present() const { return present_; }

 private:
  bool present_ = false;
  const T* data_ = nullptr;
  size_t size_ = 0;
  Napi::ObjectReference pin_;
};

// A caller-allocated typed array an operation writes its result into (in place, for a job too:
// the caller does not see the array before the job's promise settles).
template <class T, class JsArray>
class ArrayOutput {
 public:
  ArrayOutput() = default;
  ArrayOutput(JsArray array, Lifetime lifetime) : data_(array.Data()), size_(array.ElementLength()) {
    if (lifetime == Lifetime::Job) pin_ = Napi::Persistent(static_cast<Napi::Object>(array));
  }

  T* data() { return data_; }
  size_t size() const { return size_; }

 private:
  T* data_ = nullptr;
  size_t size_ = 0;
  Napi::ObjectReference pin_;
};

using Float64Output = ArrayOutput<double, Napi::Float64Array>;
using Int32Output = ArrayOutput<int32_t, Napi::Int32Array>;

}  // namespace spsolve
