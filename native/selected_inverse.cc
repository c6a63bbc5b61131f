// Entries of A⁻¹ on a sparse pattern (the "selected inverse"), by the Takahashi recurrence on the
// factor: with P A Pᵀ = L D Lᵀ (unit L), Z = (P A Pᵀ)⁻¹ satisfies, for i in struct(L(:, j)), i > j,
//   Z_ij = −Σ_{k > j, L_kj ≠ 0} L_kj Z_ki,    Z_jj = 1/D_jj − Σ_{k > j, L_kj ≠ 0} L_kj Z_kj,
// and every Z_ki needed lies again on the pattern of L (the filled graph is chordal). So Z is
// computed on the pattern of L only, from the last column backwards, at a cost comparable to one
// factorization; any entry of A (original numbering) is then looked up in it.
#include <algorithm>
#include <cstring>
#include <vector>

#include "cholmod_call.h"
#include "factor.h"

namespace spsolve {

void Factor::inverseOnPattern(const CscInputView& q, double* out) const {
  requireNumeric("selected inverse");
  if (q.nrows != n_ || q.ncols != n_) throw ArgumentError(false, "the pattern must be n × n");
  if (q.colPtrLen != static_cast<size_t>(n_) + 1 || q.colPtr[0] != 0)
    throw ArgumentError(false, "colPtr must have n + 1 entries starting at 0");
  const int64_t nq = q.colPtr[n_];
  if (nq < 0 || q.rowIdxLen != static_cast<size_t>(nq)) throw ArgumentError(false, "rowIdx length must equal colPtr[n]");
  for (int64_t j = 0; j < n_; j++) {
    if (q.colPtr[j + 1] < q.colPtr[j] || q.colPtr[j + 1] > nq) throw ArgumentError(false, "colPtr must be non-decreasing");
    for (int64_t k = q.colPtr[j]; k < q.colPtr[j + 1]; k++)
      if (q.rowIdx[k] < 0 || q.rowIdx[k] >= n_) throw ArgumentError(false, "rowIdx holds an index out of range");
  }

  CholmodCall c;
  // A simplicial LDLᵀ copy with sorted columns (the factor itself may be supernodal or LLᵀ).
  cholmod_factor* F = cholmod_l_copy_factor(L_, c.get());
  c.check("copying the factor");
  cholmod_l_change_factor(CHOLMOD_REAL, false, false, true, true, F, c.get());
  cholmod_sparse* S = c->status >= CHOLMOD_OK ? cholmod_l_factor_to_sparse(F, c.get()) : nullptr;
  cholmod_l_free_factor(&F, c.get());
  if (S) cholmod_l_sort(S, c.get());
  if (c->status < CHOLMOD_OK) cholmod_l_free_sparse(&S, c.get());
  c.check("converting the factor");

  const auto* Lp = static_cast<const SuiteSparse_long*>(S->p);
  const auto* Li = static_cast<const SuiteSparse_long*>(S->i);
  const auto* Lx = static_cast<const double*>(S->x);
  std::vector<double> Z(static_cast<size_t>(Lp[n_]));
  std::vector<int64_t> position(n_, -1);  // row -> its index in the current column j
  for (int64_t j = n_ - 1; j >= 0; j--) {
    const int64_t diag = Lp[j], end = Lp[j + 1];  // sorted lower triangular: the diagonal comes first
    for (int64_t p = diag + 1; p < end; p++) {
      position[Li[p]] = p;
      Z[p] = 0;
    }
    for (int64_t p = diag + 1; p < end; p++) {
      const int64_t k = Li[p];
      const double lkj = Lx[p];
      // Column k of Z holds Z_ik for i ≥ k; the rows i that are also in column j contribute to
      // Z_ij (through L_kj) and, by symmetry, to Z_kj (through L_ij).
      for (int64_t qk = Lp[k]; qk < Lp[k + 1]; qk++) {
        const int64_t m = position[Li[qk]];
        if (m < 0) continue;
        const double zik = Z[qk];
        Z[m] -= lkj * zik;
        if (Li[qk] != k) Z[p] -= Lx[m] * zik;
      }
    }
    double zjj = 1.0 / Lx[diag];
    for (int64_t p = diag + 1; p < end; p++) {
      zjj -= Lx[p] * Z[p];
      position[Li[p]] = -1;
    }
    Z[diag] = zjj;
  }

  // Look the requested entries up: original (r, c) is (pinv[r], pinv[c]) in Z, stored in the
  // column of the smaller index.
  const auto* perm = static_cast<const SuiteSparse_long*>(L_->Perm);
  std::vector<int64_t> pinv(n_);
  for (int64_t k = 0; k < n_; k++) pinv[perm[k]] = k;
  bool outside = false;
  for (int64_t col = 0; col < n_ && !outside; col++) {
    for (int64_t k = q.colPtr[col]; k < q.colPtr[col + 1]; k++) {
      const int64_t a = pinv[q.rowIdx[k]], b = pinv[col];
      const int64_t lo = std::min(a, b), hi = std::max(a, b);
      const SuiteSparse_long* first = Li + Lp[lo];
      const SuiteSparse_long* last = Li + Lp[lo + 1];
      const SuiteSparse_long* at = std::lower_bound(first, last, static_cast<SuiteSparse_long>(hi));
      if (at == last || *at != hi) {
        outside = true;
        break;
      }
      out[k] = Z[at - Li];
    }
  }
  cholmod_l_free_sparse(&S, c.get());
  if (outside)
    throw ArgumentError(false, "the pattern has an entry outside the pattern of the factor (L + Lᵀ); "
                               "only entries of the analysed matrix (or of its factor) can be selected");
}

}  // namespace spsolve
