// The priority of spsolve's async work. 'normal' runs a job on the libuv pool thread that took
// it. 'background' runs it at Linux's SCHED_IDLE: the job's threads use a core only when no thread
// of normal priority wants it, and a normal thread that wakes (a server's event loop) takes the
// core from them at once instead of waiting for their time slice. The result is the same bits
// either way (the tiled BLAS cuts calls by shape alone); only who waits for whom changes.
//
// Why the work moves to threads of its own: an unprivileged process may lower a thread's priority
// but never raise it again, and libuv's pool threads also serve the rest of Node (files, DNS,
// zlib). So a background job runs on one of spsolve's background threads while its pool thread
// sleeps, and a tiled BLAS call from a background thread is helped only by background helpers
// (tile_team.h).
#pragma once

#include <cstdint>
#include <functional>

namespace spsolve {

enum class JobPriority { Normal = 0, Background = 1 };

void setJobPriority(JobPriority priority);
JobPriority jobPriority();

// Whether the calling thread is one of spsolve's background threads (or background tile helpers).
bool onBackgroundThread();

// Prepares a thread spsolve starts: names it `name` (top -H shows it), blocks every signal (they
// are the main thread's business: Node's handlers, SIGTERM in a server) and, for Background, lowers
// it to SCHED_IDLE (nice 19 where the system refuses that) for good.
void startSpsolveThread(const char* name, JobPriority priority);

// Runs `work` at the current job priority: here when Normal; when Background, on a background
// thread while the calling thread waits. An exception thrown by `work` is rethrown here. Should no
// background thread start, the work runs here.
void runAtJobPriority(const std::function<void()>& work);

// Background threads started so far (they are kept and reused, one per concurrent job at most),
// and the jobs they have run.
int backgroundThreads();
int64_t backgroundJobs();

}  // namespace spsolve
