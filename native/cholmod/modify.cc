// Changing a factorisation without refactorising (CHOLMOD's Modify module: update/downdate, row
// deletion and addition, all on a simplicial LDLᵀ factor), copying the symbolic analysis for
// batches of value sets on one pattern, and the validated copy of sparse operands they share.
#include <cmath>
#include <cstring>

#include "cholmod/cholmod_call.h"
#include "cholmod/factor.h"
#include "core/errors.h"

namespace spsolve {

#ifdef NGPL
static const char* const kNoModify =
    "update, downdate, rowAdd and rowDelete need CHOLMOD's Modify module, which the LGPL-only build leaves out";
#endif

cholmod_sparse* copyToCholmod(const CscInput& in, const char* name, cholmod_common* c) {
  if (!in.values.present()) throw ArgumentError(true, std::string(name) + ".values must be a Float64Array");
  cholmod_sparse* S = cholmod_l_allocate_sparse(in.nrows, in.ncols, in.nnz(), true, true, 0, CHOLMOD_REAL, c);
  if (!S) throw CholmodFailure("CHOLMOD_OUT_OF_MEMORY", CHOLMOD_OUT_OF_MEMORY, "allocating a sparse matrix failed");
  try {
    checkAndWidenCsc(in, name, static_cast<SuiteSparse_long*>(S->p), static_cast<SuiteSparse_long*>(S->i),
                     static_cast<double*>(S->x));
  } catch (...) {
    cholmod_l_free_sparse(&S, c);
    throw;
  }
  return S;
}

Factor::Factor(const Factor& source, SymbolicCopy)
    : NativeObject(source.liveCounter()), n_(source.n_), general_(source.general_), options_(source.options_) {
  CholmodCall c;
  A_ = cholmod_l_copy_sparse(source.A_, c.get());
  // A batch clones a factor that was only analysed; a numeric source is analysed again instead.
  if (A_ && source.L_->xtype == CHOLMOD_PATTERN) {
    L_ = cholmod_l_copy_factor(source.L_, c.get());
  } else if (A_) {
    applyOptions(c.get(), options_);
    L_ = analyzeReproducibly(A_, options_, c.get());
  }
  if (!L_) {
    cholmod_l_free_sparse(&A_, c.get());
    c.check("copying the analysis");
    throw CholmodFailure("CHOLMOD_OUT_OF_MEMORY", CHOLMOD_OUT_OF_MEMORY, "copying the analysis failed");
  }
  stats_.ordering = source.stats_.ordering;
  stats_.lnz = source.stats_.lnz;
  stats_.flops = source.stats_.flops;
  stats_.analyzeSeconds = source.stats_.analyzeSeconds;
  invalidReason_ = "the factor has no numeric values yet";
}

// The pivots of the factor: the diagonal of L for LLᵀ (positive by construction), D for LDLᵀ.
bool Factor::pivotsPositive() const {
  if (L_->is_ll) return true;
  const auto* Lp = static_cast<const SuiteSparse_long*>(L_->p);
  const auto* Lx = static_cast<const double*>(L_->x);
  for (int64_t j = 0; j < n_; j++)
    if (!(Lx[Lp[j]] > 0)) return false;
  return true;
}

// The modify routines have no notion of definiteness: a downdate past it leaves a zero, negative
// or NaN pivot in D. A factor that was positive definite must stay so; any must stay nonsingular.
void Factor::checkPivotsAfterUpdate(bool wasPositive, const char* what) {
  const auto* Lp = static_cast<const SuiteSparse_long*>(L_->p);
  const auto* Lx = static_cast<const double*>(L_->x);
  for (int64_t step = 0; step < n_; step++) {
    const double d = Lx[Lp[step]];
    if (std::isfinite(d) && d != 0 && (!wasPositive || d > 0)) continue;
    const int64_t column = static_cast<SuiteSparse_long*>(L_->Perm)[step];
    invalidReason_ = std::string("the last ") + what + " failed: the matrix is no longer positive definite (column " +
                     std::to_string(column) + "); refactor to continue";
    CholmodFailure failure("CHOLMOD_NOT_POSDEF", CHOLMOD_NOT_POSDEF,
                           std::string("the ") + what + " made the matrix " +
                               (wasPositive ? "not positive definite" : "singular") + ": pivot " + std::to_string(d) +
                               " at column " + std::to_string(column) + " (elimination step " + std::to_string(step) + ")");
    failure.column = column;
    failure.step = step;
    throw failure;
  }
}

// From here on L_ may be converted or half-modified: it is unusable until proven otherwise.
// Returns whether the factor was positive definite before.
bool Factor::beginModification(const char* what) {
  const bool wasPositive = pivotsPositive();
  modified_ = true;
  numericValid_ = false;
  invalidReason_ = std::string("the last ") + what + " failed; refactor to continue";
  return wasPositive;
}

void Factor::endModification(bool ok, bool wasPositive, const char* what) {
  if (!ok || L_->xtype != CHOLMOD_REAL || L_->is_ll || L_->is_super)
    throw CholmodFailure("CHOLMOD_INVALID", CHOLMOD_INVALID, std::string("the ") + what + " did not produce a numeric LDLt factor");
  checkPivotsAfterUpdate(wasPositive, what);
  numericValid_ = true;
  invalidReason_.clear();
  stats_.updates++;
}

#ifdef NGPL
void Factor::update(const CscInput&, bool) { throw CholmodFailure("CHOLMOD_NOT_INSTALLED", CHOLMOD_NOT_INSTALLED, kNoModify); }
void Factor::rowDelete(int64_t) { throw CholmodFailure("CHOLMOD_NOT_INSTALLED", CHOLMOD_NOT_INSTALLED, kNoModify); }
void Factor::rowAdd(int64_t, const double*, size_t) { throw CholmodFailure("CHOLMOD_NOT_INSTALLED", CHOLMOD_NOT_INSTALLED, kNoModify); }
#else
void Factor::update(const CscInput& input, bool downdate) {
  const char* what = downdate ? "downdate" : "update";
  requireNumeric(what);
  if (input.nrows != n_) throw ArgumentError(false, "C must have n rows");
  CholmodCall c;
  cholmod_sparse* C = copyToCholmod(input, "C", c.get());
  if (input.ncols == 0 || n_ == 0) {
    cholmod_l_free_sparse(&C, c.get());
    return;
  }
  // updown works in L's (permuted) numbering and ignores L->Perm: it needs P·C = C(Perm, :), sorted.
  cholmod_sparse* PC = cholmod_l_submatrix(C, static_cast<SuiteSparse_long*>(L_->Perm), n_, nullptr, -1, true, true, c.get());
  cholmod_l_free_sparse(&C, c.get());
  c.check("permuting C");
  if (!PC) throw CholmodFailure("CHOLMOD_OUT_OF_MEMORY", CHOLMOD_OUT_OF_MEMORY, "permuting C failed");
  const bool wasPositive = beginModification(what);
  const int ok = cholmod_l_updown(!downdate, PC, L_, c.get());
  cholmod_l_free_sparse(&PC, c.get());
  c.check(what);
  endModification(ok, wasPositive, what);
}

// The elimination step of user row k (its position in L's numbering).
static int64_t stepOf(const cholmod_factor* L, int64_t k) {
  const auto* perm = static_cast<const SuiteSparse_long*>(L->Perm);
  for (int64_t step = 0; step < static_cast<int64_t>(L->n); step++)
    if (perm[step] == k) return step;
  return -1;
}

bool Factor::isIdentityStep(int64_t step) const {
  // Simplicial LDLᵀ here: D(step) = 1, column `step` below the diagonal zero, and row `step`
  // (entries (step, j), j < step, stored in the columns before it) zero.
  const auto* Lp = static_cast<const SuiteSparse_long*>(L_->p);
  const auto* Li = static_cast<const SuiteSparse_long*>(L_->i);
  const auto* Lnz = static_cast<const SuiteSparse_long*>(L_->nz);
  const auto* Lx = static_cast<const double*>(L_->x);
  if (Lx[Lp[step]] != 1.0) return false;
  for (int64_t p = Lp[step] + 1; p < Lp[step] + Lnz[step]; p++)
    if (Lx[p] != 0) return false;
  for (int64_t j = 0; j < step; j++)
    for (int64_t p = Lp[j] + 1; p < Lp[j] + Lnz[j]; p++)
      if (Li[p] == step && Lx[p] != 0) return false;
  return true;
}

void Factor::rowDelete(int64_t k) {
  requireNumeric("row deletion");
  if (k < 0 || k >= n_) throw ArgumentError(false, "k must be an integer in [0, n)");
  CholmodCall c;
  const bool wasPositive = beginModification("row deletion");
  const int ok = cholmod_l_rowdel(stepOf(L_, k), nullptr, L_, c.get());
  c.check("row deletion");
  endModification(ok, wasPositive, "row deletion");
  deleted_.resize(n_);
  deleted_[k] = true;
}

void Factor::rowAdd(int64_t k, const double* column, size_t length) {
  requireNumeric("row addition");
  if (k < 0 || k >= n_) throw ArgumentError(false, "k must be an integer in [0, n)");
  if (length != static_cast<size_t>(n_)) throw ArgumentError(false, "the column must have n entries");
  checkFinite(column, length, "column");
  CholmodCall c;
  // rowadd assumes row k of L is the identity's and silently treats it so: insist on it. A row
  // removed by rowDelete is; otherwise the factor is looked at (in the simplicial LDLᵀ form
  // rowadd converts it to anyway, a conversion that keeps it the factor of the same matrix).
  const bool deleted = !deleted_.empty() && deleted_[k];
  if (!deleted) {
    if (L_->is_ll || L_->is_super) {
      const int converted = cholmod_l_change_factor(CHOLMOD_REAL, false, false, true, true, L_, c.get());
      c.check("converting the factor");
      if (!converted) throw CholmodFailure("CHOLMOD_INVALID", CHOLMOD_INVALID, "converting the factor failed");
      modified_ = true;  // no longer the kind asked for: the next refactor analyses again
    }
    if (!isIdentityStep(stepOf(L_, k)))
      throw ArgumentError(false, "row " + std::to_string(k) +
                                     " is not deleted: rowAdd fills a row removed by rowDelete, or one that is the identity's");
  }
  // R is the column in L's numbering, nonzeros only.
  const auto* perm = static_cast<const SuiteSparse_long*>(L_->Perm);
  int64_t nnz = 0;
  for (int64_t i = 0; i < n_; i++) nnz += column[perm[i]] != 0;
  cholmod_sparse* R = cholmod_l_allocate_sparse(n_, 1, nnz, true, true, 0, CHOLMOD_REAL, c.get());
  c.check("allocating the column");
  if (!R) throw CholmodFailure("CHOLMOD_OUT_OF_MEMORY", CHOLMOD_OUT_OF_MEMORY, "allocating the column failed");
  auto* Rp = static_cast<SuiteSparse_long*>(R->p);
  auto* Ri = static_cast<SuiteSparse_long*>(R->i);
  auto* Rx = static_cast<double*>(R->x);
  Rp[0] = 0;
  Rp[1] = nnz;
  for (int64_t i = 0, p = 0; i < n_; i++) {
    if (column[perm[i]] == 0) continue;
    Ri[p] = i;
    Rx[p++] = column[perm[i]];
  }
  const bool wasPositive = beginModification("row addition");
  const int ok = cholmod_l_rowadd(stepOf(L_, k), R, L_, c.get());
  cholmod_l_free_sparse(&R, c.get());
  c.check("row addition");
  endModification(ok, wasPositive, "row addition");
  if (deleted) deleted_[k] = false;
}
#endif

}  // namespace spsolve
