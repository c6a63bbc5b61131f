// The tile team (tile_team.h): helper threads that wait for open batches of tiles. A batch lives
// on its caller's stack; the caller runs tiles too, and returns only when every tile is finished
// and no helper still holds the batch.
#include "blas/tile_team.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

namespace spsolve {
namespace {

struct Batch {
  TileFn tile;
  const void* context;
  int64_t count;
  std::atomic<int64_t> next{0};  // the next tile to claim
  int64_t finished = 0;          // tiles done (guarded by Team::mutex)
  int holders = 0;               // helpers working on it (guarded by Team::mutex)
  std::condition_variable settled;
};

struct Team {
  std::mutex mutex;
  std::condition_variable work;  // helpers wait here for open batches
  std::deque<Batch*> open;       // batches some of whose tiles may be unclaimed
  std::atomic<int64_t> openCount{0};  // open.size(), readable without the mutex
  std::atomic<int> callers{0};        // threads inside runTiles with a batch of several tiles
  int sleeping = 0;                   // helpers waiting on `work`
  std::atomic<int> size{defaultTileTeamSize()};  // threads per call, the caller's own included
  int started = 0;               // helper threads created so far
  std::atomic<int64_t> tiledCalls{0}, tiles{0}, helperTiles{0};
};

Team& team() {
  static Team* t = new Team();  // never destroyed: helpers may outlive static destructors
  return *t;
}

// Runs unclaimed tiles of `batch` until none is left; returns how many this thread ran.
int64_t drain(Batch& batch) {
  int64_t ran = 0;
  for (int64_t i; (i = batch.next.fetch_add(1, std::memory_order_relaxed)) < batch.count; ran++)
    batch.tile(batch.context, i);
  return ran;
}

void forget(Team& t, Batch* batch) {  // with t.mutex held
  const auto at = std::find(t.open.begin(), t.open.end(), batch);
  if (at != t.open.end()) {
    t.open.erase(at);
    t.openCount.store(static_cast<int64_t>(t.open.size()), std::memory_order_relaxed);
  }
}

// A factorisation makes its BLAS calls back to back, so a helper that just finished a batch looks
// for the next one for a while before it sleeps: a sleeping thread takes tens of microseconds to
// wake (far more on a busy virtual machine), longer than many tiles. It yields the core while it
// looks, so it delays no other runnable thread.
constexpr auto kLookBeforeSleeping = std::chrono::microseconds(200);

// Whether a helper would add a thread: not while callers already fill the team (concurrent jobs
// each in a tiled call); then a helper would only take a core from one of them.
bool helperUseful(const Team& t) { return t.callers.load(std::memory_order_relaxed) < t.size.load(); }

bool lookForWork(const Team& t) {
  const auto until = std::chrono::steady_clock::now() + kLookBeforeSleeping;
  do {
    if (t.openCount.load(std::memory_order_relaxed) > 0 && helperUseful(t)) return true;
    std::this_thread::yield();
  } while (std::chrono::steady_clock::now() < until);
  return false;
}

void helperLoop(int index) {
  // Signals are the main thread's business (Node's handlers, SIGTERM in a server).
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  Team& t = team();
  std::unique_lock<std::mutex> lock(t.mutex);
  for (;;) {
    // A helper above the current size sleeps on, so setTileTeamSize can shrink the team.
    const auto ready = [&] { return !t.open.empty() && index < t.size.load() - 1 && helperUseful(t); };
    if (!ready()) {
      lock.unlock();
      lookForWork(t);
      lock.lock();
    }
    if (!ready()) {
      t.sleeping++;
      t.work.wait(lock, ready);
      t.sleeping--;
    }
    Batch* batch = t.open.front();
    batch->holders++;
    lock.unlock();
    const int64_t ran = drain(*batch);
    lock.lock();
    forget(t, batch);  // every tile is claimed now
    batch->finished += ran;
    t.helperTiles.fetch_add(ran, std::memory_order_relaxed);
    if (--batch->holders == 0 && batch->finished == batch->count) batch->settled.notify_all();
  }
}

// Starts the helpers the current size asks for that do not exist yet (t.mutex held). A thread
// that cannot be started leaves the team smaller: the tiles still run, on fewer threads.
void startHelpers(Team& t) {
  while (t.started < t.size.load() - 1) {
    try {
      std::thread(helperLoop, t.started).detach();
    } catch (...) {
      return;
    }
    t.started++;
  }
}

}  // namespace

int usableCores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

int defaultTileTeamSize() {
  static const int threads = [] {
    const char* env = std::getenv("OPENBLAS_NUM_THREADS");
    const int cap = env ? std::atoi(env) : 0;
    return cap >= 1 ? std::min(cap, usableCores()) : usableCores();
  }();
  return threads;
}

void setTileTeamSize(int threads) { team().size.store(std::max(1, threads)); }

int tileTeamSize() { return team().size.load(); }

TileCounts tileCounts() {
  const Team& t = team();
  return {t.tiledCalls.load(), t.tiles.load(), t.helperTiles.load()};
}

void runTiles(int64_t count, TileFn tile, const void* context) {
  Team& t = team();
  if (count > 1) {
    t.tiledCalls.fetch_add(1, std::memory_order_relaxed);
    t.tiles.fetch_add(count, std::memory_order_relaxed);
  }
  if (count <= 1 || t.size.load() <= 1) {
    for (int64_t i = 0; i < count; i++) tile(context, i);
    return;
  }
  t.callers.fetch_add(1, std::memory_order_relaxed);
  Batch batch;
  batch.tile = tile;
  batch.context = context;
  batch.count = count;
  {
    std::lock_guard<std::mutex> lock(t.mutex);
    startHelpers(t);
    t.open.push_back(&batch);
    t.openCount.store(static_cast<int64_t>(t.open.size()), std::memory_order_relaxed);
    if (t.sleeping > 0) t.work.notify_all();
  }
  const int64_t ran = drain(batch);
  std::unique_lock<std::mutex> lock(t.mutex);
  forget(t, &batch);
  batch.finished += ran;
  batch.settled.wait(lock, [&] { return batch.finished == batch.count && batch.holders == 0; });
  t.callers.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace spsolve
