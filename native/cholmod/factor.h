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
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/addon.h"
#include "core/csc_input.h"
#include "core/handle_table.h"

namespace spsolve {

enum class Ordering { Default = 0, Best, Amd, Metis, Nesdis, Colamd, Natural };
enum class Mode { Auto = 0, Simplicial, Supernodal };
enum class Kind { LLt = 0, LDLt };

struct FactorOptions {
  Ordering ordering = Ordering::Default;
  Mode mode = Mode::Auto;
  Kind kind = Kind::LLt;
  // The user's permutation (CHOLMOD_GIVEN, not postordered), checked; empty: `ordering` decides.
  std::vector<SuiteSparse_long> userPerm;
  // Factorise A(:, fset) A(:, fset)ᵀ (an AAᵀ factor only); hasFset false: all columns.
  bool hasFset = false;
  std::vector<SuiteSparse_long> fset;
};

// Sets a per-call cholmod_common up for these options (every call that reads them sets them again).
void applyOptions(cholmod_common* c, const FactorOptions& o);

// cholmod_l_analyze_p, reproducible whatever runs concurrently: METIS draws random numbers, which
// the bundled build gives each thread its own generator for (cmake/bundled-suitesparse.cmake);
// the system's libmetis uses libc's process-wide rand(), so there analyses run one at a time.
cholmod_factor* analyzeReproducibly(cholmod_sparse* A, const FactorOptions& o, cholmod_common* c);
// What analyzeReproducibly holds around a call that may run METIS (no lock in the bundled build).
std::unique_lock<std::mutex> lockMetisRandom();

// Checks that `perm` (n entries) is a permutation of 0..n-1 and widens it; `name` starts the message.
std::vector<SuiteSparse_long> checkedPermutation(const int32_t* perm, size_t length, int64_t n, const std::string& name);
// Checks a column subset of 0..ncols-1 (distinct entries) and widens it.
std::vector<SuiteSparse_long> checkedSubset(const int32_t* set, size_t length, int64_t ncols, const std::string& name);

// A general (stype 0) CHOLMOD copy of `in` with values, checked by the one rule (core/csc_input.h).
cholmod_sparse* copyToCholmod(const CscInput& in, const char* name, cholmod_common* c);

struct FactorStats {
  int ordering = 0;     // CHOLMOD_NATURAL, CHOLMOD_AMD, ... as used
  double lnz = 0;       // nnz(L) from the analysis
  double flops = 0;     // floating-point operations of the numeric factorisation
  double analyzeSeconds = 0, factorSeconds = 0;
  int blasThreads = 0;  // what the thread policy set when the last factorisation started
  int64_t factorizations = 0;
  int64_t updates = 0;  // updates, downdates, row additions and deletions since the last factorization
};

// Tags for the constructors that copy another factor's analysis, or all of it.
struct SymbolicCopy {};
struct FullCopy {};

class Factor : public NativeObject {
 public:
  static constexpr const char* kKind = "factor";
  const char* kind() const override { return kKind; }

  // Symbolic analysis of the matrix (values not present: zeros until factorize gets values).
  // stype 0: A is any m × n matrix and the factor is of A Aᵀ (+ shift·I), of order m.
  // The compressed columns are checked while they are copied (the backstop behind the
  // TypeScript checks: a forged call gets ArgumentError, never a crash). `live` counts the
  // living objects of one addon instance (it outlives the instance when a job holds a factor).
  // `general`: A is stored in full and must be symmetric (checked here, then its lower triangle
  // is what CHOLMOD reads); every later factorize checks its new values the same way.
  Factor(const CscInput& input, int stype, bool general, const FactorOptions& options, LiveCounter live);
  // A new, independent factor with a copy of `source`'s analysed matrix and of its symbolic
  // analysis (no numeric values): what a batch of value sets on one pattern is built from.
  Factor(const Factor& source, SymbolicCopy);
  // An independent copy of everything: the matrix, the factor (numeric or not), its statistics.
  Factor(const Factor& source, FullCopy);
  ~Factor() override;
  Factor(const Factor&) = delete;
  Factor& operator=(const Factor&) = delete;

  // Numeric factorisation of A + shift*I (values == nullptr: keep the stored values). With
  // `check` a matrix that is not positive definite throws CholmodFailure NOT_POSDEF; without,
  // it returns false and failedColumn() says where (the factor then cannot solve).
  bool factorize(const double* values, size_t nvalues, double shift, bool check = true);

  // Converts the numeric factor to LLᵀ (toLL) or LDLᵀ (cholmod_change_factor); a supernodal
  // factor becomes simplicial for LDLᵀ. Later refactorisations produce the new kind.
  void changeKind(bool toLL);

  // The factor of A + shift·I ± C Cᵀ (cholmod_updown): C has n rows, in the user's numbering.
  // The stored matrix keeps the user's values, so a later factorize() discards the update.
  void update(const CscInput& C, bool downdate);

  // Row and column k (user's numbering) of the factored matrix become those of the identity
  // (cholmod_rowdel); rowAdd puts a new row/column k (a dense n-vector, diagonal included) into a
  // deleted one, or one that is the identity's already (cholmod_rowadd). Like update, they leave the stored matrix alone.
  void rowDelete(int64_t k);
  void rowAdd(int64_t k, const double* column, size_t length);
  // Row and column `step` of L (its numbering) are the identity's (the precondition of rowadd).
  bool isIdentityStep(int64_t step) const;

  // X = solve(system, B) for a sparse B (n rows, any columns), as compressed columns.
  void solveSparse(int system, const CscInput& B, std::vector<int64_t>& colPtr, std::vector<int64_t>& rowIdx,
                   std::vector<double>& values) const;

  // X = solve(system, B) for B with n rows and `nrhs` columns, column-major.
  void solve(int system, const double* B, int64_t nrhs, double* X) const;

  double logAbsDet(int* sign) const;
  // out[k] = (A + shift·I)⁻¹ at the k-th entry of the pattern `q` (original numbering); every
  // entry must lie on the pattern of L + Lᵀ, as every entry of the analysed matrix does.
  void inverseOnPattern(const CscInput& q, double* out) const;
  double rcond() const;
  void permutation(int32_t* out) const;
  // L as a compressed-column copy (unit diagonal for LDLᵀ); D (ones for LLᵀ).
  void extractL(std::vector<int64_t>& colPtr, std::vector<int64_t>& rowIdx, std::vector<double>& values) const;
  void extractD(double* out) const;

  int64_t n() const { return n_; }
  int64_t nnzA() const;
  bool isNumeric() const { return numericValid_; }
  bool isAat() const { return A_->stype == 0; }
  // The column (user's numbering) where the last factorisation found A not positive definite; -1 if none.
  int64_t failedColumn() const { return failedColumn_; }
  bool isSupernodal() const { return L_->is_super != 0; }
  bool isLL() const { return L_->is_ll != 0; }
  int64_t nnzL() const;
  size_t memoryBytes() const override;
  const FactorStats& stats() const { return stats_; }

  std::shared_mutex& lock() const { return mutex_; }

 private:
  void requireNumeric(const char* what) const;
  void checkPivotsAfterUpdate(bool wasPositive, const char* what);
  bool beginModification(const char* what);
  void endModification(bool ok, bool wasPositive, const char* what);
  bool pivotsPositive() const;

  int64_t n_;
  bool general_;
  FactorOptions options_;
  cholmod_sparse* A_ = nullptr;
  cholmod_factor* L_ = nullptr;
  bool numericValid_ = false;
  int64_t failedColumn_ = -1;
  bool modified_ = false;  // L_ was updated (or an update was attempted) since the last factorization
  std::vector<bool> deleted_;  // rows/columns removed by rowDelete since the last factorization
  std::string invalidReason_;
  FactorStats stats_;
  mutable std::shared_mutex mutex_;
};

}  // namespace spsolve
