// A sparse LU factorisation of a square matrix, by UMFPACK (multifrontal, BLAS-3) or KLU (left-looking,
// with BTF; for circuit-like and very sparse matrices), behind one interface and one handle kind.
//
// Nothing here touches Node-API: these functions run on the main thread or on a thread-pool
// worker alike. The object keeps the matrix (64-bit indices, converted once) and the engine's
// symbolic analysis for its lifetime; factorize() replaces the values and the numeric factors.
// Every engine call gets its own Control/Info arrays (UMFPACK) or klu_l_common (KLU), so two
// factors never share engine state. A shared_mutex lets solves read the factor while a
// refactorisation has it to itself (KLU's solves use workspace inside the numeric object, so they
// take it exclusively: solveIsShared()).
#pragma once

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/csc_input.h"
#include "core/errors.h"
#include "core/handle_table.h"

namespace spsolve {

enum class LuEngine { Umfpack = 0, Klu = 1 };

// The options as numbers (lib/lu/options.ts maps the names). A negative number is the engine's default.
struct LuOptions {
  LuEngine engine = LuEngine::Umfpack;
  int ordering = -1;             // UMFPACK_ORDERING_* for UMFPACK; KLU: 0 AMD, 1 COLAMD, 2 natural
  int strategy = -1;             // UMFPACK_STRATEGY_* (UMFPACK only)
  int scaling = -1;              // 0 none, 1 sum, 2 max (both engines number them alike)
  double pivotTolerance = -1;    // UMFPACK_PIVOT_TOLERANCE, KLU tol
  double symPivotTolerance = -1; // UMFPACK_SYM_PIVOT_TOLERANCE (UMFPACK only)
  int btf = -1;                  // KLU only: 1 block triangular form first, 0 not
  int refinementSteps = -1;      // UMFPACK_IRSTEP (UMFPACK only)
};

struct LuStats {
  double lnz = 0, unz = 0;  // nnz(L), nnz(U), diagonals included (KLU: off-diagonal blocks in unz too)
  double flops = 0;
  std::string ordering;     // the ordering used ('amd', 'colamd', 'metis', 'natural', ...)
  std::string strategy;     // UMFPACK: 'symmetric' | 'unsymmetric'; KLU: 'btf' | 'none'
  double offDiagonalPivots = 0;
  double blocks = 1;        // KLU: the diagonal blocks of the BTF form
  double structuralRank = 0;
  double symbolicBytes = 0, numericBytes = 0, peakBytes = 0;
  double analyzeSeconds = 0, factorSeconds = 0;
  double factorizations = 0;
  bool scaled = false;
};

// The factors, in one convention for both engines: (diag(rowScale)⁻¹ · A)[p, q] = L·U + F, with L
// unit lower triangular, U upper triangular and F the off-diagonal blocks of KLU's BTF form
// (empty for UMFPACK). Compressed columns with 64-bit indices.
struct LuParts {
  std::vector<int64_t> Lp, Li, Up, Ui, Fp, Fi;
  std::vector<double> Lx, Ux, Fx;
  std::vector<int32_t> p, q;
  std::vector<double> rowScale;
};

class LuFactor : public NativeObject {
 public:
  static constexpr const char* kKind = "lu";
  const char* kind() const override { return kKind; }

  // Copies and checks A (square; values may be absent: zeros until factorize gets values) and runs
  // the engine's symbolic analysis. UMFPACK's analysis reads the values when present.
  static std::shared_ptr<LuFactor> create(const CscInput& A, const LuOptions& options, LiveCounter live);

  // Numeric factorisation with the stored values, after replacing them by `values` when not null
  // (aligned with the analysed pattern). A singular matrix throws (Reason::Singular, the column)
  // and leaves the factor without numeric values.
  void factorize(const double* values, size_t nvalues);
  // X = A⁻¹B or A⁻ᵀB for B with n rows and `nrhs` columns, column-major.
  void solve(bool transpose, const double* B, int64_t nrhs, double* X) const;
  double logAbsDet(int* sign) const;
  // The engine's cheap estimate, min|uᵢᵢ| / max|uᵢᵢ|.
  double rcond() const;
  LuParts extract() const;

  int64_t n() const { return n_; }
  int64_t nnzA() const { return static_cast<int64_t>(Ai_.size()); }
  bool isNumeric() const { return numericValid_; }
  LuEngine engine() const { return options_.engine; }
  const char* engineName() const { return options_.engine == LuEngine::Umfpack ? "umfpack" : "klu"; }
  const LuStats& stats() const { return stats_; }
  size_t memoryBytes() const override;
  // Whether solves may run at once on this factor (see the top of the file).
  virtual bool solveIsShared() const = 0;
  std::shared_mutex& lock() const { return mutex_; }

  ~LuFactor() override = default;

 protected:
  LuFactor(const CscInput& A, const LuOptions& options, LiveCounter live);
  virtual void analyzeEngine() = 0;
  virtual void factorizeEngine() = 0;  // throws on failure; singular: Reason::Singular
  virtual void freeNumeric() = 0;
  virtual void solveEngine(bool transpose, const double* B, int64_t nrhs, double* X) const = 0;
  virtual double logAbsDetEngine(int* sign) const = 0;
  virtual double rcondEngine() const = 0;
  virtual LuParts extractEngine() const = 0;

  // A failure of this factor's engine: code and status as the engine names them.
  EngineFailure failure(const std::string& code, int status, const std::string& message) const;
  [[noreturn]] void throwSingular(const std::string& code, int status, int64_t column, const std::string& detail);

  int64_t n_;
  LuOptions options_;
  std::vector<int64_t> Ap_, Ai_;
  std::vector<double> Ax_;
  bool numericValid_ = false;
  std::string invalidReason_;
  LuStats stats_;
  mutable std::shared_mutex mutex_;

 private:
  void requireNumeric(const char* what) const;
};

std::shared_ptr<LuFactor> makeUmfpackFactor(const CscInput& A, const LuOptions& options, LiveCounter live);
std::shared_ptr<LuFactor> makeKluFactor(const CscInput& A, const LuOptions& options, LiveCounter live);

// False in the LGPL-only build, which leaves UMFPACK (GPL) out.
bool umfpackBuilt();

// Sign of a permutation (+1 even, -1 odd) by counting its cycles.
int permutationSign(const int64_t* perm, int64_t n);

}  // namespace spsolve
