// The tile team (tile_team.h): helper threads that wait for open batches of tiles. A batch lives
// on its caller's stack; the caller runs tiles too, and returns only when every tile is finished
// and no helper still holds the batch.
//
// The team has two crews: normal helpers, and background helpers for calls made from background
// threads (job_priority.h). A background call helped by normal threads would take cores from the
// event loop it is meant to make way for; a normal call helped by background ones would crawl.
#include "blas/tile_team.h"

#include "blas/job_priority.h"

#include <sched.h>

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

// The helpers of one priority, and the batches open to them.
struct Crew {
  bool background = false;
  std::condition_variable work;  // helpers wait here for open batches
  std::deque<Batch*> open;       // batches some of whose tiles may be unclaimed
  std::atomic<int64_t> openCount{0};  // open.size(), readable without the mutex
  std::atomic<int> callers{0};        // threads inside runTiles with a batch of several tiles
  int sleeping = 0;                   // helpers waiting on `work`
  int started = 0;                    // helper threads created so far
};

struct Team {
  std::mutex mutex;  // guards both crews
  Crew crews[2];     // normal, background
  std::atomic<int> size{defaultTileTeamSize()};  // threads per call, the caller's own included
  std::atomic<int64_t> tiledCalls{0}, tiles{0}, helperTiles{0}, backgroundCalls{0};
  Team() { crews[1].background = true; }
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

void forget(Crew& c, Batch* batch) {  // with the team's mutex held
  const auto at = std::find(c.open.begin(), c.open.end(), batch);
  if (at != c.open.end()) {
    c.open.erase(at);
    c.openCount.store(static_cast<int64_t>(c.open.size()), std::memory_order_relaxed);
  }
}

// A factorisation makes its BLAS calls back to back, so a helper that just finished a batch looks
// for the next one for a while before it sleeps: a sleeping thread takes tens of microseconds to
// wake (far more on a busy virtual machine), longer than many tiles. It yields the core while it
// looks, so it delays no other runnable thread.
constexpr auto kLookBeforeSleeping = std::chrono::microseconds(200);

// Whether a helper would add a thread: not while callers already fill the team (concurrent jobs
// each in a tiled call); then a helper would only take a core from one of them.
bool helperUseful(const Team& t, const Crew& c) { return c.callers.load(std::memory_order_relaxed) < t.size.load(); }

bool lookForWork(const Team& t, const Crew& c) {
  const auto until = std::chrono::steady_clock::now() + kLookBeforeSleeping;
  do {
    if (c.openCount.load(std::memory_order_relaxed) > 0 && helperUseful(t, c)) return true;
    std::this_thread::yield();
  } while (std::chrono::steady_clock::now() < until);
  return false;
}

void helperLoop(Crew* crew, int index) {
  if (crew->background) startSpsolveThread("spsolve-tile-bg", JobPriority::Background);
  else startSpsolveThread("spsolve-tiles", JobPriority::Normal);
  Team& t = team();
  Crew& c = *crew;
  std::unique_lock<std::mutex> lock(t.mutex);
  for (;;) {
    // A helper above the current size sleeps on, so setTileTeamSize can shrink the team.
    const auto ready = [&] { return !c.open.empty() && index < t.size.load() - 1 && helperUseful(t, c); };
    if (!ready()) {
      lock.unlock();
      lookForWork(t, c);
      lock.lock();
    }
    if (!ready()) {
      c.sleeping++;
      c.work.wait(lock, ready);
      c.sleeping--;
    }
    Batch* batch = c.open.front();
    batch->holders++;
    lock.unlock();
    const int64_t ran = drain(*batch);
    lock.lock();
    forget(c, batch);  // every tile is claimed now
    batch->finished += ran;
    t.helperTiles.fetch_add(ran, std::memory_order_relaxed);
    if (--batch->holders == 0 && batch->finished == batch->count) batch->settled.notify_all();
  }
}

// Starts the helpers the current size asks for that do not exist yet (t.mutex held). A thread
// that cannot be started leaves the team smaller: the tiles still run, on fewer threads.
void startHelpers(const Team& t, Crew& c) {
  while (c.started < t.size.load() - 1) {
    try {
      std::thread(helperLoop, &c, c.started).detach();
    } catch (...) {
      return;
    }
    c.started++;
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
  return {t.tiledCalls.load(), t.tiles.load(), t.helperTiles.load(), t.backgroundCalls.load()};
}

void runTiles(int64_t count, TileFn tile, const void* context) {
  Team& t = team();
  if (count > 1) {
    t.tiledCalls.fetch_add(1, std::memory_order_relaxed);
    t.tiles.fetch_add(count, std::memory_order_relaxed);
    if (onBackgroundThread()) t.backgroundCalls.fetch_add(1, std::memory_order_relaxed);
  }
  if (count <= 1 || t.size.load() <= 1) {
    for (int64_t i = 0; i < count; i++) tile(context, i);
    return;
  }
  Crew& c = t.crews[onBackgroundThread() ? 1 : 0];
  c.callers.fetch_add(1, std::memory_order_relaxed);
  Batch batch;
  batch.tile = tile;
  batch.context = context;
  batch.count = count;
  {
    std::lock_guard<std::mutex> lock(t.mutex);
    startHelpers(t, c);
    c.open.push_back(&batch);
    c.openCount.store(static_cast<int64_t>(c.open.size()), std::memory_order_relaxed);
    if (c.sleeping > 0) c.work.notify_all();
  }
  const int64_t ran = drain(batch);
  std::unique_lock<std::mutex> lock(t.mutex);
  forget(c, &batch);
  batch.finished += ran;
  batch.settled.wait(lock, [&] { return batch.finished == batch.count && batch.holders == 0; });
  c.callers.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace spsolve
