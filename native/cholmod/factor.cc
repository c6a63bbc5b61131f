#include "cholmod/factor.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <mutex>
#include <vector>

#include "cholmod/cholmod_call.h"
#include "core/errors.h"
#include "core/symmetry.h"
#include "core/threads.h"

namespace spsolve {
namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

std::unique_lock<std::mutex> lockMetisRandom() {
#ifdef SPSOLVE_SHARED_METIS_RANDOM
  static std::mutex one;
  return std::unique_lock<std::mutex>(one);
#else
  return std::unique_lock<std::mutex>();
#endif
}

cholmod_factor* analyzeReproducibly(cholmod_sparse* A, const FactorOptions& o, cholmod_common* c) {
  const auto lock = lockMetisRandom();
  auto* perm = o.userPerm.empty() ? nullptr : const_cast<SuiteSparse_long*>(o.userPerm.data());
  auto* fset = o.hasFset ? const_cast<SuiteSparse_long*>(o.fset.data()) : nullptr;
  return cholmod_l_analyze_p(A, perm, fset, o.fset.size(), c);
}

std::vector<SuiteSparse_long> checkedPermutation(const int32_t* perm, size_t length, int64_t n, const std::string& name) {
  if (length != static_cast<size_t>(n))
    throw ArgumentError(false, name + " must have " + std::to_string(n) + " entries, got " + std::to_string(length));
  std::vector<SuiteSparse_long> out(length);
  std::vector<bool> seen(length);
  for (size_t k = 0; k < length; k++) {
    const int64_t p = perm[k];
    if (p < 0 || p >= n)
      throw ArgumentError(false, name + "[" + std::to_string(k) + "] must be in [0, " + std::to_string(n) + "), got " +
                                     std::to_string(p));
    if (seen[p]) throw ArgumentError(false, name + "[" + std::to_string(k) + "] repeats " + std::to_string(p));
    seen[p] = true;
    out[k] = p;
  }
  return out;
}

std::vector<SuiteSparse_long> checkedSubset(const int32_t* set, size_t length, int64_t ncols, const std::string& name) {
  std::vector<SuiteSparse_long> out(length);
  std::vector<bool> seen(ncols);
  for (size_t k = 0; k < length; k++) {
    const int64_t j = set[k];
    if (j < 0 || j >= ncols)
      throw ArgumentError(false, name + "[" + std::to_string(k) + "] must be in [0, " + std::to_string(ncols) + "), got " +
                                     std::to_string(j));
    if (seen[j]) throw ArgumentError(false, name + "[" + std::to_string(k) + "] repeats " + std::to_string(j));
    seen[j] = true;
    out[k] = j;
  }
  return out;
}

void applyOptions(cholmod_common* c, const FactorOptions& o) {
  c->final_ll = o.kind == Kind::LLt;
  c->supernodal = o.kind == Kind::LDLt   ? CHOLMOD_SIMPLICIAL
                  : o.mode == Mode::Simplicial ? CHOLMOD_SIMPLICIAL
                  : o.mode == Mode::Supernodal ? CHOLMOD_SUPERNODAL
                                               : CHOLMOD_AUTO;
  auto single = [c](int ordering) {
    c->nmethods = 1;
    c->method[0].ordering = ordering;
  };
  if (!o.userPerm.empty()) {
    // The user's order exactly, as Julia's perm= does: no postordering on top of it.
    single(CHOLMOD_GIVEN);
    c->postorder = false;
    return;
  }
  switch (o.ordering) {
    case Ordering::Default: c->nmethods = 0; break;
    case Ordering::Best: c->nmethods = 9; break;
    case Ordering::Amd: single(CHOLMOD_AMD); break;
    case Ordering::Metis: single(CHOLMOD_METIS); break;
    case Ordering::Nesdis: single(CHOLMOD_NESDIS); break;
    case Ordering::Colamd: single(CHOLMOD_COLAMD); break;
    case Ordering::Natural:
      single(CHOLMOD_NATURAL);
      c->postorder = false;  // "natural" should mean the identity permutation
      break;
  }
}

Factor::Factor(const CscInput& in, int stype, bool general, const FactorOptions& options, LiveCounter live)
    : NativeObject(std::move(live)), n_(in.nrows), general_(general), options_(options) {
  if (stype != -1 && stype != 0 && stype != 1)
    throw ArgumentError(false, "stype must be -1 (lower), 1 (upper) or 0 (A Aᵀ)");
  if (stype != 0 && in.nrows != in.ncols) throw ArgumentError(false, "A must be square for a symmetric factorization");
  if (stype == 0 && general) throw ArgumentError(false, "an A Aᵀ factorization takes A as it is (general must be false)");
  if (stype != 0 && options.hasFset) throw ArgumentError(false, "a column subset applies to an A Aᵀ factorization only");
  if (!options.userPerm.empty() && options.userPerm.size() != static_cast<size_t>(in.nrows))
    throw ArgumentError(false, "the permutation must have one entry per row of A");
  for (SuiteSparse_long j : options.fset)
    if (j < 0 || j >= in.ncols) throw ArgumentError(false, "the column subset must lie in [0, ncols)");
  if (options.kind == Kind::LDLt && options.mode == Mode::Supernodal)
    throw ArgumentError(false, "CHOLMOD's supernodal factors are always LLt; use mode 'simplicial' for LDLt");
  auto start = Clock::now();
  CholmodCall c;
  A_ = cholmod_l_allocate_sparse(in.nrows, in.ncols, in.nnz(), true, true, stype, CHOLMOD_REAL, c.get());
  c.check("allocating the matrix");
  if (!A_) throw CholmodFailure("CHOLMOD_OUT_OF_MEMORY", CHOLMOD_OUT_OF_MEMORY, "allocating the matrix failed");
  try {
    // One pass checks the pattern and widens it to CHOLMOD's 64-bit indices.
    checkAndWidenCsc(in, "A", static_cast<SuiteSparse_long*>(A_->p), static_cast<SuiteSparse_long*>(A_->i),
                     static_cast<double*>(A_->x));
    if (!in.values.present()) std::memset(A_->x, 0, sizeof(double) * in.nnz());
    if (general_) requireSymmetric(n_, static_cast<SuiteSparse_long*>(A_->p), static_cast<SuiteSparse_long*>(A_->i),
                                   static_cast<double*>(A_->x), "A");
  } catch (...) {
    cholmod_l_free_sparse(&A_, c.get());
    throw;
  }
  applyOptions(c.get(), options_);
  L_ = analyzeReproducibly(A_, options_, c.get());
  if (!L_) {
    cholmod_l_free_sparse(&A_, c.get());
    c.check("analyzing the matrix");
    throw CholmodFailure("CHOLMOD_INVALID", CHOLMOD_INVALID, "analyzing the matrix failed");
  }
  stats_.ordering = L_->ordering;
  stats_.lnz = c->lnz;
  stats_.flops = c->fl;
  stats_.analyzeSeconds = secondsSince(start);
}

Factor::Factor(const Factor& source, FullCopy)
    : NativeObject(source.liveCounter()),
      n_(source.n_),
      general_(source.general_),
      options_(source.options_),
      numericValid_(source.numericValid_),
      failedColumn_(source.failedColumn_),
      modified_(source.modified_),
      deleted_(source.deleted_),
      invalidReason_(source.invalidReason_),
      stats_(source.stats_) {
  CholmodCall c;
  A_ = cholmod_l_copy_sparse(source.A_, c.get());
  if (A_) L_ = cholmod_l_copy_factor(source.L_, c.get());
  if (!L_) {
    cholmod_l_free_sparse(&A_, c.get());
    c.check("copying the factor");
    throw CholmodFailure("CHOLMOD_OUT_OF_MEMORY", CHOLMOD_OUT_OF_MEMORY, "copying the factor failed");
  }
}

Factor::~Factor() {
  CholmodCall c;
  cholmod_l_free_factor(&L_, c.get());
  cholmod_l_free_sparse(&A_, c.get());
}

int64_t Factor::nnzA() const { return static_cast<SuiteSparse_long*>(A_->p)[A_->ncol]; }

bool Factor::factorize(const double* values, size_t nvalues, double shift, bool check) {
  auto start = Clock::now();
  if (!std::isfinite(shift)) throw ArgumentError(false, "shift must be finite");
  if (values) {
    if (nvalues != static_cast<size_t>(nnzA()))
      throw ArgumentError(false, "values must have one entry per stored entry of the analyzed matrix");
    // Checked in a copy, then stored: a refused refactor leaves the stored values intact, and an
    // async job's source may change while it is read (core/arrays.h), so the copy is what counts.
    std::vector<double> checked(nvalues);
    copyFinite(checked.data(), values, nvalues, "values");
    if (general_) requireSymmetric(n_, static_cast<SuiteSparse_long*>(A_->p), static_cast<SuiteSparse_long*>(A_->i),
                                   checked.data(), "A");
    std::memcpy(A_->x, checked.data(), sizeof(double) * nvalues);
  }
  CholmodCall c;
  applyOptions(c.get(), options_);
  if (modified_) {
    // An update left a simplicial LDLᵀ factor (possibly with more fill); analyse again (the same
    // settings give the same ordering) so that the factor is of the kind the user asked for.
    // Re-analysing here, rarely, is cheaper than keeping a copy of every analysis.
    cholmod_factor* fresh = analyzeReproducibly(A_, options_, c.get());
    c.check("analyzing the matrix again");
    if (!fresh) throw CholmodFailure("CHOLMOD_OUT_OF_MEMORY", CHOLMOD_OUT_OF_MEMORY, "analyzing the matrix again failed");
    cholmod_l_free_factor(&L_, c.get());
    L_ = fresh;
    modified_ = false;
    deleted_.clear();
    stats_.updates = 0;
  }
  double beta[2] = {shift, 0.0};
  numericValid_ = false;
  failedColumn_ = -1;
  auto* fset = options_.hasFset ? options_.fset.data() : nullptr;
  // Only a supernodal factorisation calls the BLAS (L_ is supernodal from the analysis on).
  stats_.blasThreads = L_->is_super ? blasThreads() : 1;
  cholmod_l_factorize_p(A_, beta, fset, options_.fset.size(), L_, c.get());
  c.check("factorizing the matrix");
  stats_.factorizations++;
  stats_.factorSeconds = secondsSince(start);
  if (c->status == CHOLMOD_NOT_POSDEF) {
    const int64_t step = L_->minor;
    const int64_t column = step < n_ ? static_cast<SuiteSparse_long*>(L_->Perm)[step] : -1;
    // LDLᵀ (always simplicial here) fails only on an exact zero pivot, which says nothing about
    // definiteness: a nonsingular indefinite matrix can have one under every ordering (can___24).
    const bool zeroPivot = options_.kind == Kind::LDLt;
    const std::string what = zeroPivot ? "LDLᵀ without pivoting met a zero pivot" : "the matrix is not positive definite";
    invalidReason_ = "the last factorization failed: " + what + " (column " + std::to_string(column) + ")";
    failedColumn_ = column;
    if (!check) return false;
    CholmodFailure failure("CHOLMOD_NOT_POSDEF", CHOLMOD_NOT_POSDEF,
                           what + ": the factorization failed at column " + std::to_string(column) +
                               " (elimination step " + std::to_string(step) + ")" +
                               (zeroPivot ? "; the matrix may still be nonsingular: use lu() (SparseLU)" : ""));
    failure.column = column;
    failure.step = step;
    if (zeroPivot) failure.reason = EngineFailure::Reason::ZeroPivot;
    throw failure;
  }
  numericValid_ = true;
  invalidReason_.clear();
  return true;
}

void Factor::changeKind(bool toLL) {
  requireNumeric("changing the kind of the factor");
  if (toLL == static_cast<bool>(L_->is_ll)) return;
  if (toLL && !pivotsPositive()) {
    // change_factor would keep the columns of non-positive pivots as LDLᵀ: refuse instead.
    const auto* Lp = static_cast<const SuiteSparse_long*>(L_->p);
    const auto* Lx = static_cast<const double*>(L_->x);
    int64_t step = 0;
    while (step < n_ && Lx[Lp[step]] > 0) step++;
    const int64_t column = static_cast<SuiteSparse_long*>(L_->Perm)[step];
    CholmodFailure failure("CHOLMOD_NOT_POSDEF", CHOLMOD_NOT_POSDEF,
                           "an LLt factor needs positive pivots: D is " + std::to_string(Lx[Lp[step]]) + " at column " +
                               std::to_string(column) + " (elimination step " + std::to_string(step) + ")");
    failure.column = column;
    failure.step = step;
    throw failure;
  }
  CholmodCall c;
  // An LLᵀ factor may stay supernodal; LDLᵀ exists only simplicial. Packed and monotonic keep
  // the layout every other routine here reads.
  const bool toSuper = toLL && L_->is_super;
  const int ok = cholmod_l_change_factor(CHOLMOD_REAL, toLL, toSuper, true, true, L_, c.get());
  c.check("changing the kind of the factor");
  if (!ok) throw CholmodFailure("CHOLMOD_INVALID", CHOLMOD_INVALID, "changing the kind of the factor failed");
  options_.kind = toLL ? Kind::LLt : Kind::LDLt;
  // A supernodal LLᵀ factor made simplicial: refactorisations keep to simplicial (the mode an
  // LDLᵀ factor needs), so that a later LLᵀ conversion and refactor agree with L_.
  if (!toLL) options_.mode = Mode::Simplicial;
}

void Factor::requireNumeric(const char* what) const {
  if (numericValid_) return;
  throw CholmodFailure("CHOLMOD_NOT_FACTORIZED", CHOLMOD_INVALID,
                       std::string(what) + ": " +
                           (invalidReason_.empty() ? "the factor has no numeric values yet" : invalidReason_));
}

void Factor::solve(int system, const double* B, int64_t nrhs, double* X) const {
  requireNumeric("solve");
  if (system < CHOLMOD_A || system > CHOLMOD_Pt) throw ArgumentError(false, "unknown solve system");
  if (nrhs < 0) throw ArgumentError(false, "the number of right-hand sides must be non-negative");
  if (nrhs == 0 || n_ == 0) return;
  CholmodCall c;
  // Headers over the caller's memory. CHOLMOD only reads B; cholmod_solve2 writes into X in place
  // because its shape (n × nrhs, leading dimension n, real) is exactly what it would allocate, so
  // it never frees or reallocates it (any other shape would make it free our memory).
  auto header = [&](const double* data) {
    cholmod_dense d{};
    d.nrow = n_;
    d.ncol = nrhs;
    d.nzmax = n_ * nrhs;
    d.d = n_;
    d.x = const_cast<double*>(data);
    d.xtype = CHOLMOD_REAL;
    d.dtype = CHOLMOD_DOUBLE;
    return d;
  };
  cholmod_dense b = header(B), x = header(X);
  cholmod_dense* xp = &x;
  cholmod_dense *y = nullptr, *e = nullptr;
  cholmod_l_solve2(system, L_, &b, nullptr, &xp, nullptr, &y, &e, c.get());
  cholmod_l_free_dense(&y, c.get());
  cholmod_l_free_dense(&e, c.get());
  c.check("solve");
}

double Factor::logAbsDet(int* sign) const {
  requireNumeric("logdet");
  double sum = 0;
  int s = 1;
  const double* Lx = static_cast<const double*>(L_->x);
  auto addPivot = [&](double d) {
    if (L_->is_ll) {
      sum += 2.0 * std::log(d);
    } else {
      if (d < 0) s = -s;
      sum += std::log(std::fabs(d));
    }
  };
  if (L_->is_super) {
    const auto* super = static_cast<const SuiteSparse_long*>(L_->super);
    const auto* pi = static_cast<const SuiteSparse_long*>(L_->pi);
    const auto* px = static_cast<const SuiteSparse_long*>(L_->px);
    for (size_t sn = 0; sn < L_->nsuper; sn++) {
      const int64_t ncols = super[sn + 1] - super[sn];
      const int64_t nrows = pi[sn + 1] - pi[sn];
      for (int64_t j = 0; j < ncols; j++) addPivot(Lx[px[sn] + j * nrows + j]);
    }
  } else {
    const auto* Lp = static_cast<const SuiteSparse_long*>(L_->p);
    for (int64_t j = 0; j < n_; j++) addPivot(Lx[Lp[j]]);
  }
  *sign = s;
  return sum;
}

double Factor::rcond() const {
  requireNumeric("rcond");
  CholmodCall c;
  double r = cholmod_l_rcond(L_, c.get());
  c.check("rcond");
  return r;
}

void Factor::permutation(int32_t* out) const {
  const auto* perm = static_cast<const SuiteSparse_long*>(L_->Perm);
  for (int64_t k = 0; k < n_; k++) out[k] = static_cast<int32_t>(perm[k]);
}

void Factor::extractL(std::vector<int64_t>& colPtr, std::vector<int64_t>& rowIdx,
                      std::vector<double>& values) const {
  requireNumeric("L");
  CholmodCall c;
  // cholmod_factor_to_sparse consumes its argument, so it gets a copy.
  cholmod_factor* copy = cholmod_l_copy_factor(L_, c.get());
  c.check("copying the factor");
  cholmod_sparse* S = cholmod_l_factor_to_sparse(copy, c.get());
  cholmod_l_free_factor(&copy, c.get());
  c.check("converting the factor");
  const auto* Sp = static_cast<const SuiteSparse_long*>(S->p);
  const auto* Si = static_cast<const SuiteSparse_long*>(S->i);
  const auto* Sx = static_cast<const double*>(S->x);
  const int64_t nnz = Sp[S->ncol];
  colPtr.assign(Sp, Sp + S->ncol + 1);
  rowIdx.assign(Si, Si + nnz);
  values.assign(Sx, Sx + nnz);
  if (!L_->is_ll) {
    // An LDLᵀ factor keeps D where LLᵀ keeps the diagonal of L; L itself has a unit diagonal.
    for (size_t j = 0; j < S->ncol; j++)
      for (int64_t k = Sp[j]; k < Sp[j + 1]; k++)
        if (Si[k] == static_cast<int64_t>(j)) values[k] = 1.0;
  }
  cholmod_l_free_sparse(&S, c.get());
}

void Factor::extractD(double* out) const {
  requireNumeric("D");
  if (L_->is_ll) {
    for (int64_t j = 0; j < n_; j++) out[j] = 1.0;
    return;
  }
  const auto* Lp = static_cast<const SuiteSparse_long*>(L_->p);
  const auto* Lx = static_cast<const double*>(L_->x);
  for (int64_t j = 0; j < n_; j++) out[j] = Lx[Lp[j]];
}

int64_t Factor::nnzL() const {
  // An update may add fill, so a numeric simplicial factor is counted; otherwise the analysis says.
  if (L_->is_super || L_->xtype == CHOLMOD_PATTERN) return static_cast<int64_t>(stats_.lnz);
  const auto* Lnz = static_cast<const SuiteSparse_long*>(L_->nz);
  int64_t total = 0;
  for (int64_t j = 0; j < n_; j++) total += Lnz[j];
  return total;
}

namespace {
size_t factorBytes(const cholmod_factor* L) {
  const size_t word = sizeof(SuiteSparse_long);
  size_t bytes = 2 * L->n * word;  // Perm, ColCount
  if (L->is_super) {
    bytes += L->ssize * word + 4 * (L->nsuper + 1) * word;
    if (L->xtype != CHOLMOD_PATTERN) bytes += L->xsize * sizeof(double);
  } else if (L->xtype != CHOLMOD_PATTERN) {
    bytes += L->nzmax * (word + sizeof(double)) + (4 * L->n + 6) * word;
  }
  return bytes;
}
}  // namespace

size_t Factor::memoryBytes() const {
  const size_t word = sizeof(SuiteSparse_long);
  const size_t matrixBytes = (A_->ncol + 1) * word + static_cast<size_t>(nnzA()) * (word + sizeof(double));
  return matrixBytes + factorBytes(L_);
}

}  // namespace spsolve
