// A probe of the event loop that makes no JavaScript garbage, for the measurements of the main
// thread's work while async jobs run (test/harness/event-loop.ts): a native thread asks the event
// loop for a tick every millisecond (through a thread-safe function with no JavaScript callback),
// and each tick records, on the loop's thread, its CPU time since the previous tick and when it ran.
// One tick is outstanding at a time, so that, like a timer, a loop held for 10 ms gives one tick of
// 10 ms, not ten queued ones.
//
// Why native: a JavaScript setInterval allocates about 430 bytes per tick inside Node's timer code
// (Node 20), so at 1 ms V8 scavenged every few seconds, and the probe measured the collector
// cleaning up after the probe.
#pragma once

#include <napi.h>

namespace spsolve {

// startLoopProbe(capacity) -> the tick clock's time now (ms, CLOCK_MONOTONIC); records at most
// `capacity` ticks. stopLoopProbe() -> Float64Array [cpuMs0, endMs0, cpuMs1, endMs1, ...].
void exportLoopProbe(Napi::Env env, Napi::Object exports);

}  // namespace spsolve
