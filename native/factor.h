// A CHOLMOD factorisation together with the matrix it was analysed from.
//
// Nothing here touches Node-API: these functions run on the main thread or on a thread-pool
// worker alike. The matrix is kept (with 64-bit indices, converted once at analysis) so that a
// refactorisation only copies new values in. A shared_mutex lets many solves read the factor at
// once while a refactorisation or update has it to itself.
#pragma once

#include <cholmod.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace spsolve {

enum class Ordering { Default = 0, Best, Amd, Metis, Nesdis, Colamd, Natural };
enum class Mode { Auto = 0, Simplicial, Supernodal };
enum class Kind { LLt = 0, LDLt };

struct FactorOptions {
  Ordering ordering = Ordering::Default;
  Mode mode = Mode::Auto;
  Kind kind = Kind::LLt;
};

// A compressed-column matrix as plain C++ data (what an async job copies out of JS).
struct CscInput {
  int64_t nrows = 0, ncols = 0;
  std::vector<int32_t> colPtr, rowIdx;
  std::vector<double> values;
  int stype = 0;  // -1 lower triangle stored, 1 upper, 0 both (unsymmetric)
};

// Checks that a CSC structure is consistent; throws ArgumentError naming the offender.
void validateCsc(int64_t nrows, int64_t ncols, const int32_t* colPtr, size_t colPtrLen,
                 const int32_t* rowIdx, size_t rowIdxLen, size_t valuesLen);
void validateFinite(const double* values, size_t n, const char* name);

struct FactorStats {
  int ordering = 0;     // CHOLMOD_NATURAL, CHOLMOD_AMD, ... as used
  double lnz = 0;       // nnz(L) from the analysis
  double flops = 0;     // floating-point operations of the numeric factorisation
  double analyzeSeconds = 0, factorSeconds = 0;
  int64_t factorizations = 0;
};

class Factor {
 public:
  // Symbolic analysis; the result has no numeric values yet. `liveCounter` counts living factors
  // of one addon instance (it outlives the instance when a job still holds a factor).
  Factor(const int32_t* colPtr, const int32_t* rowIdx, const double* values, int64_t nrows,
         int64_t ncols, int stype, const FactorOptions& options,
         std::shared_ptr<std::atomic<int64_t>> liveCounter);
  ~Factor();
  Factor(const Factor&) = delete;
  Factor& operator=(const Factor&) = delete;

  // Numeric factorisation of A + shift*I (values == nullptr: keep the stored values).
  void factorize(const double* values, size_t nvalues, double shift);

  // X = solve(system, B) for B with n rows and `nrhs` columns, column-major.
  void solve(int system, const double* B, int64_t nrhs, double* X) const;

  double logAbsDet(int* sign) const;
  double rcond() const;
  void permutation(int32_t* out) const;
  // L as a compressed-column copy (unit diagonal for LDLᵀ); D (ones for LLᵀ).
  void extractL(std::vector<int64_t>& colPtr, std::vector<int64_t>& rowIdx, std::vector<double>& values) const;
  void extractD(double* out) const;

  int64_t n() const { return n_; }
  int64_t nnzA() const;
  bool isNumeric() const { return numericValid_; }
  bool isSupernodal() const { return L_->is_super != 0; }
  bool isLL() const { return L_->is_ll != 0; }
  int64_t nnzL() const;
  size_t memoryBytes() const;
  const FactorStats& stats() const { return stats_; }
  const FactorOptions& options() const { return options_; }

  std::shared_mutex& lock() const { return mutex_; }

 private:
  void requireNumeric(const char* what) const;

  int64_t n_;
  FactorOptions options_;
  cholmod_sparse* A_ = nullptr;
  cholmod_factor* L_ = nullptr;
  bool numericValid_ = false;
  std::string invalidReason_;
  FactorStats stats_;
  mutable std::shared_mutex mutex_;
  std::shared_ptr<std::atomic<int64_t>> liveCounter_;
};

}  // namespace spsolve
