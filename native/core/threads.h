// BLAS thread policy, process-wide (OpenBLAS keeps one thread count for the whole process).
//
// 'auto' (the default): a factorisation (or selected inverse) large enough to gain from threads
// gets every core while it is the only BLAS work in flight, and everything runs on one thread as
// soon as two BLAS operations overlap (async jobs, worker threads), because OpenBLAS's threads
// are shared: two jobs asking for all cores each collapse to a fraction of one job's speed.
// A fixed count (setThreads(n) or SPSOLVE_THREADS=n) is used for every call instead.
#pragma once

#include <string>

namespace spsolve {

// Cores this process may run on (its CPU affinity).
int usableCores();
bool haveOpenBlas();
// "OpenBLAS 0.3.21 (SkylakeX)": version and the CPU kernels chosen at load; "unknown" for another BLAS.
std::string blasDescription();

// The policy from SPSOLVE_THREADS ('auto' when unset), applied once per process; throws
// ArgumentError for a malformed value.
void applyDefaultThreadsOnce();

// 0 selects 'auto'; n ≥ 1 fixes the count.
void setThreadPolicy(int fixedThreads);
int threadPolicy();
// The count OpenBLAS is set to at this moment.
int blasThreads();

// Held around each native operation that calls the BLAS. `heavy`: a factorisation whose analysis
// counts enough flops (kHeavyFlops) to repay waking a second thread; the selected inverse decides
// supernode by supernode (setHeavy).
class BlasScope {
 public:
  explicit BlasScope(bool heavy);
  ~BlasScope();
  // For an operation made of many BLAS calls of very different sizes: whether the next ones are
  // worth threads (OpenBLAS threads any call above its own small threshold, and on a mid-size
  // call the hand-off costs more than the second thread gains).
  void setHeavy(bool heavy);
  BlasScope(const BlasScope&) = delete;
  BlasScope& operator=(const BlasScope&) = delete;

  // Measured on 2 cores (bench/README.md, "OpenBLAS threads"): the C driver factorises bcsstk16
  // (0.19 GFLOP) in 6.6 ms on two threads against 7.4 on one, and 3D Poisson 60³ 34 % faster;
  // below ~0.05 GFLOP a factorisation takes about a millisecond and threads only add hand-offs.
  static constexpr double kHeavyFlops = 5e7;

 private:
  bool heavy_;
};

}  // namespace spsolve
