#include "spqr/qr_factor.h"

#ifndef NGPL

#include <algorithm>
#include <chrono>
#include <cstring>
#include <new>
#include <numeric>
#include <string>
#include <utility>

#include "cholmod/cholmod_call.h"
#include "core/errors.h"
#include "core/threads.h"

namespace spsolve {
namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

using Long = SuiteSparse_long;

// SPQR reports through CHOLMOD's status; its failures are raised as engine 'spqr' (QrError in
// JS) with SPQR's name for the status ('SPQR_OUT_OF_MEMORY', 'SPQR_INVALID', ...).
[[noreturn]] void fail(int status, const std::string& message) {
  std::string code = statusCode(status);
  if (code.rfind("CHOLMOD_", 0) == 0) code = "SPQR_" + code.substr(8);
  EngineFailure failure(code, status, message);
  failure.engine = "spqr";
  throw failure;
}

void check(CholmodCall& c, const char* what) {
  try {
    c.check(what);
  } catch (const CholmodFailure& f) {
    fail(f.status, f.what());
  }
}

// Runs one SPQR call. SPQR is C++ and may throw (std::bad_alloc from its own allocations): the
// exception ends here, as SPQR's out-of-memory failure; a null result is a failure too, named by
// the status SPQR recorded (or SPQR_INVALID when it recorded none).
template <class T, class Call>
T* spqrCall(CholmodCall& c, const char* what, Call&& call) {
  T* result;
  try {
    result = call();
  } catch (const std::bad_alloc&) {
    fail(CHOLMOD_OUT_OF_MEMORY, std::string(what) + ": out of memory");
  }
  check(c, what);
  if (!result) fail(CHOLMOD_INVALID, std::string(what) + " failed");
  return result;
}

// A dense matrix SPQR allocated, freed with the call's common.
class Dense {
 public:
  Dense(CholmodCall& c, cholmod_dense* d) : c_(c), d_(d) {}
  ~Dense() { cholmod_l_free_dense(&d_, c_.get()); }
  Dense(const Dense&) = delete;
  Dense& operator=(const Dense&) = delete;
  cholmod_dense* get() const { return d_; }
  double* x() const { return static_cast<double*>(d_->x); }
  int64_t ld() const { return static_cast<int64_t>(d_->d); }

 private:
  CholmodCall& c_;
  cholmod_dense* d_;
};

// The caller's column-major block as a cholmod_dense SPQR only reads.
cholmod_dense view(const double* x, int64_t nrow, int64_t ncol) {
  cholmod_dense d{};
  d.nrow = nrow;
  d.ncol = ncol;
  d.nzmax = nrow * ncol;
  d.d = nrow;
  d.x = const_cast<double*>(x);
  d.xtype = CHOLMOD_REAL;
  d.dtype = CHOLMOD_DOUBLE;
  return d;
}

Dense allocate(CholmodCall& c, int64_t nrow, int64_t ncol) {
  return Dense(c, spqrCall<cholmod_dense>(c, "allocating a block", [&] { return cholmod_l_zeros(nrow, ncol, CHOLMOD_REAL, c.get()); }));
}

void copyOut(const Dense& from, int64_t nrow, int64_t ncol, double* to) {
  for (int64_t j = 0; j < ncol; j++) std::memcpy(to + j * nrow, from.x() + j * from.ld(), sizeof(double) * nrow);
}

}  // namespace

struct CompleteOrthogonal {
  int64_t p = 0, q = 0, rank = 0;
  cholmod_sparse* R = nullptr;       // rank × q: T = [R11 R12], R11 upper triangular
  Long* E = nullptr;                 // q entries, or null for the identity
  cholmod_sparse* H = nullptr;       // Householder vectors of Q (p rows)
  cholmod_dense* HTau = nullptr;
  Long* HPinv = nullptr;             // p entries
  SuiteSparseQR_factorization<double>* second = nullptr;  // of Tᵀ (q × rank)

  ~CompleteOrthogonal() {
    CholmodCall c;
    cholmod_l_free_sparse(&R, c.get());
    cholmod_l_free_sparse(&H, c.get());
    cholmod_l_free_dense(&HTau, c.get());
    if (E) cholmod_l_free(q, sizeof(Long), E, c.get());
    if (HPinv) cholmod_l_free(p, sizeof(Long), HPinv, c.get());
    if (second) SuiteSparseQR_free<double>(&second, c.get());
  }
  size_t bytes() const {
    auto sparse = [](const cholmod_sparse* s) {
      return s ? (s->ncol + 1 + s->nzmax) * sizeof(Long) + s->nzmax * sizeof(double) : 0;
    };
    return sparse(R) + sparse(H) + (q + p) * sizeof(Long) + (HTau ? HTau->nzmax * sizeof(double) : 0) +
           (second ? 2 * sparse(R) : 0);
  }
};

QrFactor::QrFactor(const CscInput& in, const QrOptions& options, LiveCounter live)
    : NativeObject(std::move(live)), m_(in.nrows), n_(in.ncols), transposed_(in.nrows < in.ncols), options_(options) {
  const auto start = Clock::now();
  CholmodCall c;
  cholmod_sparse* A = spqrCall<cholmod_sparse>(c, "allocating the matrix", [&] {
    return cholmod_l_allocate_sparse(in.nrows, in.ncols, in.nnz(), true, true, 0, CHOLMOD_REAL, c.get());
  });
  try {
    checkAndWidenCsc(in, "A", static_cast<Long*>(A->p), static_cast<Long*>(A->i), static_cast<double*>(A->x));
    if (m_ == 0 || n_ == 0)
      throw ArgumentError(false, "A must have at least one row and one column, got " + std::to_string(m_) + " x " + std::to_string(n_));
    if (transposed_) {
      // B = Aᵀ. Transposing A's entry numbers gives the order in which B holds A's values,
      // so that a refactorisation copies new values straight in.
      const int64_t nnz = in.nnz();
      double* x = static_cast<double*>(A->x);
      std::vector<double> values(x, x + nnz);
      for (int64_t k = 0; k < nnz; k++) x[k] = static_cast<double>(k);
      B_ = spqrCall<cholmod_sparse>(c, "transposing the matrix", [&] { return cholmod_l_transpose(A, 1, c.get()); });
      double* bx = static_cast<double*>(B_->x);
      valueOrder_.resize(nnz);
      for (int64_t k = 0; k < nnz; k++) {
        valueOrder_[k] = static_cast<int64_t>(bx[k]);
        bx[k] = values[valueOrder_[k]];
      }
      cholmod_l_free_sparse(&A, c.get());
    } else {
      B_ = A;
      A = nullptr;
    }
    // allow_tol false (a tolerance in (-2, 0)) turns rank detection off.
    const bool detectRank = !(options_.tolerance > SPQR_DEFAULT_TOL && options_.tolerance < 0);
    qr_ = spqrCall<SuiteSparseQR_factorization<double>>(c, "analyzing the matrix", [&] {
      return SuiteSparseQR_symbolic<double>(options_.ordering, detectRank, B_, c.get());
    });
    stats_.nnzR = static_cast<double>(c->SPQR_istat[0]);
    stats_.nnzH = static_cast<double>(c->SPQR_istat[1]);
    stats_.fronts = static_cast<double>(c->SPQR_istat[2]);
    stats_.ordering = static_cast<int>(c->SPQR_istat[7]);
    stats_.flops = c->SPQR_flopcount_bound;
    stats_.analyzeSeconds = secondsSince(start);
    numeric("factorizing A");
  } catch (...) {
    cholmod_l_free_sparse(&A, c.get());
    cholmod_l_free_sparse(&B_, c.get());
    if (qr_) SuiteSparseQR_free<double>(&qr_, c.get());
    throw;
  }
}

QrFactor::~QrFactor() {
  CholmodCall c;
  decomposition_.reset();
  if (qr_) SuiteSparseQR_free<double>(&qr_, c.get());
  cholmod_l_free_sparse(&B_, c.get());
}

int64_t QrFactor::nnzA() const { return static_cast<Long*>(B_->p)[B_->ncol]; }

void QrFactor::numeric(const char* what) {
  const auto start = Clock::now();
  CholmodCall c;
  int ok = 0;
  try {
    ok = SuiteSparseQR_numeric<double>(options_.tolerance, B_, qr_, c.get());
  } catch (const std::bad_alloc&) {
    fail(CHOLMOD_OUT_OF_MEMORY, std::string(what) + ": out of memory");
  }
  check(c, what);
  if (!ok || !qr_->QRnum) fail(CHOLMOD_INVALID, std::string(what) + " failed");
  stats_.rank = qr_->rank;
  stats_.flops = c->SPQR_flopcount > 0 ? c->SPQR_flopcount : stats_.flops;
  stats_.tolerance = c->SPQR_tol_used;
  stats_.normDead = c->SPQR_norm_E_fro;
  stats_.blasThreads = blasThreads();
  stats_.factorSeconds = secondsSince(start);
  stats_.factorizations++;
  size_t stacks = 0;
  const auto* num = qr_->QRnum;
  for (Long s = 0; s < num->ns; s++) stacks += static_cast<size_t>(num->Stack_size[s]);
  factorBytes_ = stacks * sizeof(double) + static_cast<size_t>(stats_.nnzR + stats_.nnzH) * sizeof(Long) +
                 static_cast<size_t>(m_ + n_) * 6 * sizeof(Long);
}

void QrFactor::refactor(const double* values, size_t nvalues) {
  if (nvalues != static_cast<size_t>(nnzA()))
    throw ArgumentError(false, "values must have nnz(A) = " + std::to_string(nnzA()) + " entries, got " + std::to_string(nvalues));
  // Checked before anything changes: a rejected refactor leaves the factor as it was.
  checkFinite(values, nvalues, "values");
  double* x = static_cast<double*>(B_->x);
  if (transposed_) {
    for (size_t k = 0; k < nvalues; k++) x[k] = values[valueOrder_[k]];
  } else {
    std::memcpy(x, values, sizeof(double) * nvalues);
  }
  {
    std::lock_guard<std::mutex> lock(decompositionMutex_);
    decomposition_.reset();
  }
  // SPQR frees the old numeric factorisation first: until a refactor succeeds there is none.
  numericValid_ = false;
  numeric("refactorizing A");
  numericValid_ = true;
}

void QrFactor::leastSquares(const double* Bv, int64_t nrhs, double* X) const {
  CholmodCall c;
  cholmod_dense b = view(Bv, p(), nrhs);
  Dense y(c, spqrCall<cholmod_dense>(c, "applying Q'", [&] { return SuiteSparseQR_qmult<double>(SPQR_QTX, qr_, &b, c.get()); }));
  Dense x(c, spqrCall<cholmod_dense>(c, "solving with R", [&] { return SuiteSparseQR_solve<double>(SPQR_RETX_EQUALS_B, qr_, y.get(), c.get()); }));
  copyOut(x, q(), nrhs, X);
}

void QrFactor::minimumNorm(const double* Bv, int64_t nrhs, double* X) const {
  CholmodCall c;
  cholmod_dense b = view(Bv, q(), nrhs);
  Dense y(c, spqrCall<cholmod_dense>(c, "solving with R'", [&] { return SuiteSparseQR_solve<double>(SPQR_RTX_EQUALS_ETB, qr_, &b, c.get()); }));
  Dense x(c, spqrCall<cholmod_dense>(c, "applying Q", [&] { return SuiteSparseQR_qmult<double>(SPQR_QX, qr_, y.get(), c.get()); }));
  copyOut(x, p(), nrhs, X);
}

void QrFactor::requireNumeric() const {
  if (!numericValid_) fail(CHOLMOD_INVALID, "the last refactorization failed: refactor again before solving");
}

void QrFactor::solve(bool transpose, const double* B, int64_t nrhs, double* X) const {
  requireNumeric();
  if (nrhs == 0) return;
  if (transposed_ == transpose) leastSquares(B, nrhs, X);
  else minimumNorm(B, nrhs, X);
}

const CompleteOrthogonal& QrFactor::decomposition() const {
  requireNumeric();
  {
    std::lock_guard<std::mutex> lock(decompositionMutex_);
    if (decomposition_) return *decomposition_;
  }
  // Built without holding the mutex, which memoryBytes() takes on the main thread: a build takes
  // as long as a factorisation. Two solves that both find it missing both build it; the first
  // one installed is kept. (A refactor, which discards it, cannot run meanwhile: solves hold the
  // factor's shared lock.)
  auto d = std::make_unique<CompleteOrthogonal>();
  d->p = p();
  d->q = q();
  CholmodCall c;
  Long rank = -1;
  try {
    rank = SuiteSparseQR<double>(options_.ordering, options_.tolerance, 0, B_, &d->R, &d->E, &d->H, &d->HPinv, &d->HTau, c.get());
  } catch (const std::bad_alloc&) {
    fail(CHOLMOD_OUT_OF_MEMORY, "the complete orthogonal decomposition: out of memory");
  }
  check(c, "the complete orthogonal decomposition");
  if (rank < 0 || !d->R || !d->H || !d->HTau || !d->HPinv) fail(CHOLMOD_INVALID, "the complete orthogonal decomposition failed");
  if (static_cast<Long>(d->R->nrow) != rank) fail(CHOLMOD_INVALID, "the complete orthogonal decomposition: R has a row count other than the rank");
  d->rank = rank;
  if (rank > 0) {
    cholmod_sparse* Rt = spqrCall<cholmod_sparse>(c, "transposing R", [&] { return cholmod_l_transpose(d->R, 1, c.get()); });
    try {
      // T has full row rank (its leading block is R11, whose pivots passed the tolerance), so the
      // second factorisation detects no rank: every pivot is kept.
      d->second = spqrCall<SuiteSparseQR_factorization<double>>(c, "factorizing R'", [&] {
        return SuiteSparseQR_factorize<double>(SPQR_ORDERING_DEFAULT, SPQR_NO_TOL, Rt, c.get());
      });
    } catch (...) {
      cholmod_l_free_sparse(&Rt, c.get());
      throw;
    }
    cholmod_l_free_sparse(&Rt, c.get());
  }
  std::lock_guard<std::mutex> lock(decompositionMutex_);
  if (!decomposition_) decomposition_ = std::move(d);
  return *decomposition_;
}

void QrFactor::solvePseudoInverse(bool transpose, const double* Bv, int64_t nrhs, double* X) const {
  requireNumeric();
  if (nrhs == 0) return;
  const CompleteOrthogonal& d = decomposition();
  CholmodCall c;
  const int64_t P = p(), Qn = q(), r = d.rank;
  if (transposed_ == transpose) {
    // B⁺ b = E T⁺ (Q1ᵀ b): b has p rows, x has q.
    std::fill(X, X + Qn * nrhs, 0.0);
    if (r == 0) return;
    cholmod_dense b = view(Bv, P, nrhs);
    Dense qtb(c, spqrCall<cholmod_dense>(c, "applying Q'", [&] { return SuiteSparseQR_qmult<double>(SPQR_QTX, d.H, d.HTau, d.HPinv, &b, c.get()); }));
    cholmod_dense leading = view(qtb.x(), r, nrhs);
    leading.d = qtb.ld();
    leading.nzmax = qtb.ld() * nrhs;
    Dense y(c, spqrCall<cholmod_dense>(c, "solving with R2'", [&] { return SuiteSparseQR_solve<double>(SPQR_RTX_EQUALS_ETB, d.second, &leading, c.get()); }));
    Dense z(c, spqrCall<cholmod_dense>(c, "applying Q2", [&] { return SuiteSparseQR_qmult<double>(SPQR_QX, d.second, y.get(), c.get()); }));
    for (int64_t j = 0; j < nrhs; j++)
      for (int64_t k = 0; k < Qn; k++) X[(d.E ? d.E[k] : k) + j * Qn] = z.x()[k + j * z.ld()];
  } else {
    // (Bᵀ)⁺ b = Q1 (Tᵀ)⁺ (Eᵀ b): b has q rows, x has p.
    if (r == 0) {
      std::fill(X, X + P * nrhs, 0.0);
      return;
    }
    Dense etb = allocate(c, Qn, nrhs);
    for (int64_t j = 0; j < nrhs; j++)
      for (int64_t k = 0; k < Qn; k++) etb.x()[k + j * etb.ld()] = Bv[(d.E ? d.E[k] : k) + j * Qn];
    Dense y(c, spqrCall<cholmod_dense>(c, "applying Q2'", [&] { return SuiteSparseQR_qmult<double>(SPQR_QTX, d.second, etb.get(), c.get()); }));
    Dense w(c, spqrCall<cholmod_dense>(c, "solving with R2", [&] { return SuiteSparseQR_solve<double>(SPQR_RETX_EQUALS_B, d.second, y.get(), c.get()); }));
    Dense padded = allocate(c, P, nrhs);
    for (int64_t j = 0; j < nrhs; j++) std::memcpy(padded.x() + j * padded.ld(), w.x() + j * w.ld(), sizeof(double) * r);
    Dense x(c, spqrCall<cholmod_dense>(c, "applying Q", [&] { return SuiteSparseQR_qmult<double>(SPQR_QX, d.H, d.HTau, d.HPinv, padded.get(), c.get()); }));
    copyOut(x, P, nrhs, X);
  }
}

void QrFactor::extractR(std::vector<int64_t>& colPtr, std::vector<int64_t>& rowIdx, std::vector<double>& values) const {
  const CompleteOrthogonal& d = decomposition();
  const cholmod_sparse* R = d.R;
  const Long* Rp = static_cast<const Long*>(R->p);
  const Long* Ri = static_cast<const Long*>(R->i);
  const Long* Rnz = static_cast<const Long*>(R->nz);
  const double* Rx = static_cast<const double*>(R->x);
  colPtr.assign(1, 0);
  rowIdx.clear();
  values.clear();
  std::vector<std::pair<int64_t, double>> column;
  for (size_t j = 0; j < R->ncol; j++) {
    const Long begin = Rp[j], end = R->packed ? Rp[j + 1] : Rp[j] + Rnz[j];
    column.clear();
    for (Long k = begin; k < end; k++) column.emplace_back(Ri[k], Rx[k]);
    // CscMatrix's layout: rows strictly increasing within a column.
    std::sort(column.begin(), column.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [row, value] : column) {
      rowIdx.push_back(row);
      values.push_back(value);
    }
    colPtr.push_back(static_cast<int64_t>(rowIdx.size()));
  }
}

void QrFactor::columnPermutation(int32_t* out) const {
  const CompleteOrthogonal& d = decomposition();
  for (int64_t k = 0; k < q(); k++) out[k] = static_cast<int32_t>(d.E ? d.E[k] : k);
}

int64_t QrFactor::decompositionRank() const { return decomposition().rank; }

size_t QrFactor::memoryBytes() const {
  const size_t matrix = (B_->ncol + 1) * sizeof(Long) + static_cast<size_t>(nnzA()) * (sizeof(Long) + sizeof(double)) +
                        valueOrder_.size() * sizeof(int64_t);
  std::lock_guard<std::mutex> lock(decompositionMutex_);
  return matrix + factorBytes_ + (decomposition_ ? decomposition_->bytes() : 0);
}

}  // namespace spsolve

#endif  // NGPL
