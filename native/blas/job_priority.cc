// Background job threads (job_priority.h). Each thread owns one slot; a job takes an idle slot
// (or starts a thread for a new one), hands it the work, and waits for it to finish.
#include "blas/job_priority.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace spsolve {
namespace {

std::atomic<int> currentPriority{static_cast<int>(JobPriority::Normal)};
std::atomic<int64_t> jobsRun{0};
thread_local bool isBackground = false;

struct Slot {
  std::mutex mutex;
  std::condition_variable changed;
  const std::function<void()>* work = nullptr;  // set by the job, cleared by the thread when done
  std::exception_ptr error;
};

struct Runner {
  std::mutex mutex;
  std::vector<Slot*> idle;
  int started = 0;
};

Runner& runner() {
  static Runner* r = new Runner();  // never destroyed: its threads outlive static destructors
  return *r;
}

void lowerThisThread() {
#ifdef SCHED_IDLE
  sched_param none{};
  if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &none) == 0) return;
#endif
  // Linux keeps a nice value per thread: this thread's id is its "process" for setpriority.
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
}

void serve(Slot* slot) {
  startSpsolveThread("spsolve-bg", JobPriority::Background);
  std::unique_lock<std::mutex> lock(slot->mutex);
  for (;;) {
    slot->changed.wait(lock, [&] { return slot->work != nullptr; });
    try {
      (*slot->work)();
    } catch (...) {
      slot->error = std::current_exception();
    }
    slot->work = nullptr;
    slot->changed.notify_all();
  }
}

// An idle slot, or a new thread's; nullptr when no thread can be started.
Slot* takeSlot() {
  Runner& r = runner();
  std::lock_guard<std::mutex> lock(r.mutex);
  if (!r.idle.empty()) {
    Slot* slot = r.idle.back();
    r.idle.pop_back();
    return slot;
  }
  auto* slot = new Slot();
  try {
    std::thread(serve, slot).detach();
  } catch (...) {
    delete slot;
    return nullptr;
  }
  r.started++;
  return slot;
}

void returnSlot(Slot* slot) {
  Runner& r = runner();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.idle.push_back(slot);
}

}  // namespace

void setJobPriority(JobPriority p) { currentPriority.store(static_cast<int>(p)); }

JobPriority jobPriority() { return static_cast<JobPriority>(currentPriority.load()); }

bool onBackgroundThread() { return isBackground; }

void startSpsolveThread(const char* name, JobPriority priority) {
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  if (priority == JobPriority::Background) {
    isBackground = true;
    lowerThisThread();
  }
  // Named last: a thread that shows spsolve's name already has its priority.
  pthread_setname_np(pthread_self(), name);
}

void runAtJobPriority(const std::function<void()>& work) {
  if (jobPriority() == JobPriority::Normal || isBackground) return work();
  Slot* slot = takeSlot();
  if (!slot) return work();
  jobsRun.fetch_add(1, std::memory_order_relaxed);
  std::exception_ptr error;
  {
    std::unique_lock<std::mutex> lock(slot->mutex);
    slot->work = &work;
    slot->changed.notify_all();
    slot->changed.wait(lock, [&] { return slot->work == nullptr; });
    std::swap(error, slot->error);
  }
  returnSlot(slot);
  if (error) std::rethrow_exception(error);
}

int64_t backgroundJobs() { return jobsRun.load(); }

int backgroundThreads() {
  Runner& r = runner();
  std::lock_guard<std::mutex> lock(r.mutex);
  return r.started;
}

}  // namespace spsolve
