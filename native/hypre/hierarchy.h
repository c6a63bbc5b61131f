// A BoomerAMG hierarchy (HYPRE 2.26) together with the matrix it was built from.
//
// Nothing here touches Node-API: these functions run on the main thread or a thread-pool worker
// alike, each with hypreLock() held for its whole HYPRE work (hypre_runtime.h). The matrix is
// assembled once, as HYPRE's ParCSR (the rows of A are the columns of the CSC input; a symmetric
// matrix given by one triangle is expanded to both), with a map from each ParCSR entry to
// its CSC entry, so that refresh() only writes new values into it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/csc_input.h"
#include "core/handle_table.h"

namespace spsolve {

enum class Coarsening { Hmis = 0, Pmis, Falgout };
enum class Interpolation { ExtendedI = 0, Classical };
enum class Smoother { HybridGaussSeidel = 0, L1Jacobi, Chebyshev };
enum class Krylov { None = 0, Cg, Gmres };

struct AmgOptions {
  Coarsening coarsening = Coarsening::Hmis;
  Interpolation interpolation = Interpolation::ExtendedI;
  double strongThreshold = 0.25;
  Smoother smoother = Smoother::HybridGaussSeidel;
  int cycle = 1;  // 1: V, 2: W
  int maxLevels = 25;
  int aggressiveLevels = 0;
  int numFunctions = 1;
  int nodal = 0;  // HYPRE's nodal coarsening option (0: off; 1–6: the norm used per node block)
  int sweeps = 1;
};

struct AmgSolveSettings {
  Krylov krylov = Krylov::Cg;
  double rtol = 1e-8;
  double atol = 0;
  int maxIterations = 100;
  int restart = 30;  // GMRES's Krylov dimension
};

struct AmgSolveReport {
  int iterations = 0;
  double relativeResidual = 0;  // ‖b − A x‖ / ‖b‖, computed afresh after the solve
  bool converged = false;
  bool breakdown = false;  // HYPRE failed mid-solve, or the iterate is not finite
  double seconds = 0;
};

struct AmgLevel {
  int64_t rows = 0, nnz = 0;
};

// What the last setup built (a copy: a refresh on a worker may be replacing it meanwhile).
struct AmgInfo {
  std::vector<AmgLevel> levels;
  double operatorComplexity = 0, gridComplexity = 0, setupSeconds = 0;
  int64_t setups = 0;
  size_t memoryBytes = 0;
};

class Hierarchy : public NativeObject {
 public:
  static constexpr const char* kKind = "amg";
  const char* kind() const override { return kKind; }

  // Builds A (checked by the one CSC rule; square; every diagonal entry present and nonzero) and
  // its hierarchy. `triangle`: 0 A is stored in full, 1 (2) A holds the lower (upper) triangle of
  // a symmetric matrix, expanded to both here. `vectors`: k
  // near-null-space vectors of n entries each (column-major; rigid-body modes), or null.
  Hierarchy(const CscInput& A, int triangle, const AmgOptions& options, const double* vectors, int64_t nvectors,
            LiveCounter live);
  ~Hierarchy() override;

  // New values on the same pattern (aligned with the CSC input's entries); the hierarchy is built
  // again from them (coarsening, interpolation, Galerkin products), in the assembled matrix, the
  // solver object, the work vectors and the near-null-space vectors of the first setup.
  void refresh(const double* values, size_t count);
  // z = one cycle applied to r (zero initial guess): the preconditioner M⁻¹ r.
  void cycle(const double* r, double* z);
  // Solves A x = b from the initial guess in x.
  AmgSolveReport solve(const double* b, double* x, const AmgSolveSettings& settings);

  int64_t n() const { return n_; }
  int64_t inputNnz() const { return inputNnz_; }
  AmgInfo info() const;
  size_t memoryBytes() const override { return memoryBytes_.load(); }
  // Its destructor takes the process-wide HYPRE lock, which a running setup or solve may hold for
  // seconds: never on the main thread.
  bool destructorMayWait() const override { return true; }

 private:
  void build();           // (re)creates the BoomerAMG solver and runs its setup; lock held
  void setUp();           // build()'s work; build() drops the solver when it throws
  void destroySolver();   // lock held
  void checkDiagonal() const;
  void recordLevels();
  double residualNorm(const double* b, const double* x) const;

  int64_t n_ = 0, inputNnz_ = 0;
  AmgOptions options_;
  // ParCSR (HYPRE types, opaque here): the matrix (each row's diagonal first), vectors b and x
  // (and their IJ wrappers), the solver.
  void* A_ = nullptr;
  void* ijb_ = nullptr;
  void* ijx_ = nullptr;
  void* b_ = nullptr;
  void* x_ = nullptr;
  void* solver_ = nullptr;
  std::vector<void*> ijVectors_;      // near-null-space vectors' IJ wrappers
  std::vector<void*> interpVectors_;  // and their ParVectors, handed to BoomerAMG
  std::vector<int32_t> source_;       // ParCSR entry -> CSC entry
  mutable std::mutex infoMutex_;  // guards info_ (read on the main thread, written by setups)
  AmgInfo info_;
  std::atomic<size_t> memoryBytes_{0};
};

}  // namespace spsolve
