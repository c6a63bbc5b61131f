#include "core/loop_probe.h"

#include <time.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "core/addon.h"
#include "core/errors.h"
#include "core/thread_clock.h"

namespace spsolve {
namespace {

double monotonicMs() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// Lives from start to the thread-safe function's finalizer (on the loop's thread). Node runs the
// finalizer first and then hands the ticks still queued to onTick with a null env: those must not
// touch the probe.
struct LoopProbe {
  napi_threadsafe_function ticks = nullptr;
  std::thread ticker;
  std::atomic<bool> stopping{false};
  std::atomic<bool> tickQueued{false};
  bool stopped = false;         // loop thread only
  std::vector<double> samples;  // loop thread only: pairs (CPU since the previous tick, end of this tick)
  size_t capacity = 0;
  double lastCpuMs = 0;
};

// One probe per thread (an environment runs on one thread; the probe is a diagnostic).
thread_local LoopProbe* running = nullptr;

// On the loop's thread. env is null for a tick still queued when the function is torn down, after
// the finalizer has deleted the probe (a use after free that AddressSanitizer caught).
void onTick(napi_env env, napi_value, void* context, void*) {
  if (env == nullptr) return;
  auto* probe = static_cast<LoopProbe*>(context);
  probe->tickQueued.store(false, std::memory_order_release);
  if (probe->stopped) return;
  const double cpu = threadCpuMs();
  if (probe->samples.size() < 2 * probe->capacity) {
    probe->samples.push_back(cpu - probe->lastCpuMs);  // capacity reserved: no allocation here
    probe->samples.push_back(monotonicMs());
  }
  probe->lastCpuMs = cpu;
}

void runTicker(LoopProbe* probe) {
  while (!probe->stopping.load(std::memory_order_acquire)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (!probe->tickQueued.exchange(true, std::memory_order_acq_rel) &&
        napi_call_threadsafe_function(probe->ticks, nullptr, napi_tsfn_nonblocking) != napi_ok) {
      probe->tickQueued.store(false, std::memory_order_release);  // closing: the loop stops the thread
    }
  }
}

// Also what ends a probe still running when its environment is torn down (a worker terminated).
void finalize(napi_env, void* data, void*) {
  auto* probe = static_cast<LoopProbe*>(data);
  probe->stopping.store(true, std::memory_order_release);
  if (probe->ticker.joinable()) probe->ticker.join();
  if (running == probe) running = nullptr;
  delete probe;
}

Napi::Value start(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), Addon::of(info.Env()).errorClasses(), [&]() -> Napi::Value {
    const double capacity = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
    if (!(capacity >= 1 && capacity <= (1 << 22))) throw ArgumentError(false, "startLoopProbe: capacity must be between 1 and 2^22 ticks (70 minutes)");
    if (running != nullptr) throw ArgumentError(false, "startLoopProbe: a probe is already running on this thread");
    auto* probe = new LoopProbe;
    probe->capacity = static_cast<size_t>(capacity);
    probe->samples.reserve(2 * probe->capacity);
    napi_status status = napi_create_threadsafe_function(
        info.Env(), nullptr, nullptr, Napi::String::New(info.Env(), "spsolve loop probe"), 0, 1, probe, finalize, probe,
        onTick, &probe->ticks);
    if (status != napi_ok) {
      delete probe;
      throw std::runtime_error("startLoopProbe: could not create the thread-safe function");
    }
    napi_unref_threadsafe_function(info.Env(), probe->ticks);  // the probe alone keeps no process alive
    running = probe;
    probe->lastCpuMs = threadCpuMs();
    probe->ticker = std::thread(runTicker, probe);
    return Napi::Number::New(info.Env(), monotonicMs());
  });
}

Napi::Value stop(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), Addon::of(info.Env()).errorClasses(), [&]() -> Napi::Value {
    LoopProbe* probe = running;
    if (probe == nullptr || probe->stopped) throw ArgumentError(false, "stopLoopProbe: no probe is running on this thread");
    probe->stopped = true;
    running = nullptr;
    Napi::Float64Array out = Napi::Float64Array::New(info.Env(), probe->samples.size());
    if (!probe->samples.empty()) std::memcpy(out.Data(), probe->samples.data(), probe->samples.size() * sizeof(double));
    napi_release_threadsafe_function(probe->ticks, napi_tsfn_abort);  // finalize() stops the ticker
    return out;
  });
}

}  // namespace

void exportLoopProbe(Napi::Env env, Napi::Object exports) {
  exports.Set("startLoopProbe", Napi::Function::New(env, start, "startLoopProbe"));
  exports.Set("stopLoopProbe", Napi::Function::New(env, stop, "stopLoopProbe"));
}

}  // namespace spsolve
