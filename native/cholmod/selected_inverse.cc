// Entries of A⁻¹ on a sparse pattern (the "selected inverse"), by the Takahashi recurrence on the
// factor: with P A Pᵀ = L D Lᵀ (unit L), Z = (P A Pᵀ)⁻¹ satisfies, for i in struct(L(:, j)), i > j,
//   Z_ij = −Σ_{k > j, L_kj ≠ 0} L_kj Z_ki,    Z_jj = 1/D_jj − Σ_{k > j, L_kj ≠ 0} L_kj Z_kj,
// and every Z_ki needed lies again on the pattern of L (the filled graph is chordal). So Z is
// computed on the pattern of L only, from the last column backwards; any entry of A (original
// numbering) is then looked up in it. A supernodal factor uses the block form of the same
// recurrence (selected_inverse_supernodal.cc), which runs at BLAS speed.
#include <algorithm>
#include <cstring>
#include <vector>

#include "cholmod/cholmod_call.h"
#include "cholmod/factor.h"
#include "cholmod/selected_inverse_supernodal.h"
#include "core/errors.h"

namespace spsolve {

namespace {

// The recurrence above on a simplicial LDLᵀ copy of the factor (sorted columns).
class SimplicialInverse {
 public:
  SimplicialInverse(const cholmod_factor* L, int64_t n) {
    CholmodCall c;
    cholmod_factor* F = cholmod_l_copy_factor(const_cast<cholmod_factor*>(L), c.get());
    c.check("copying the factor");
    cholmod_l_change_factor(CHOLMOD_REAL, false, false, true, true, F, c.get());
    S_ = c->status >= CHOLMOD_OK ? cholmod_l_factor_to_sparse(F, c.get()) : nullptr;
    cholmod_l_free_factor(&F, c.get());
    if (S_) cholmod_l_sort(S_, c.get());
    if (c->status < CHOLMOD_OK) cholmod_l_free_sparse(&S_, c.get());
    c.check("converting the factor");
    Lp_ = static_cast<const SuiteSparse_long*>(S_->p);
    Li_ = static_cast<const SuiteSparse_long*>(S_->i);
    compute(static_cast<const double*>(S_->x), n);
  }
  ~SimplicialInverse() {
    CholmodCall c;
    cholmod_l_free_sparse(&S_, c.get());
  }
  SimplicialInverse(const SimplicialInverse&) = delete;
  SimplicialInverse& operator=(const SimplicialInverse&) = delete;

  bool lookup(int64_t row, int64_t col, double* value) const {
    const int64_t lo = std::min(row, col), hi = std::max(row, col);
    const SuiteSparse_long* first = Li_ + Lp_[lo];
    const SuiteSparse_long* last = Li_ + Lp_[lo + 1];
    const SuiteSparse_long* at = std::lower_bound(first, last, static_cast<SuiteSparse_long>(hi));
    if (at == last || *at != hi) return false;
    *value = Z_[at - Li_];
    return true;
  }

 private:
  void compute(const double* Lx, int64_t n) {
    Z_.assign(static_cast<size_t>(Lp_[n]), 0.0);
    std::vector<int64_t> position(n, -1);  // row -> its index in the current column j
    for (int64_t j = n - 1; j >= 0; j--) {
      const int64_t diag = Lp_[j], end = Lp_[j + 1];  // sorted lower triangular: the diagonal comes first
      for (int64_t p = diag + 1; p < end; p++) position[Li_[p]] = p;
      for (int64_t p = diag + 1; p < end; p++) {
        const int64_t k = Li_[p];
        const double lkj = Lx[p];
        // Column k of Z holds Z_ik for i ≥ k; the rows i that are also in column j contribute to
        // Z_ij (through L_kj) and, by symmetry, to Z_kj (through L_ij).
        for (int64_t qk = Lp_[k]; qk < Lp_[k + 1]; qk++) {
          const int64_t m = position[Li_[qk]];
          if (m < 0) continue;
          const double zik = Z_[qk];
          Z_[m] -= lkj * zik;
          if (Li_[qk] != k) Z_[p] -= Lx[m] * zik;
        }
      }
      double zjj = 1.0 / Lx[diag];
      for (int64_t p = diag + 1; p < end; p++) {
        zjj -= Lx[p] * Z_[p];
        position[Li_[p]] = -1;
      }
      Z_[diag] = zjj;
    }
  }

  cholmod_sparse* S_ = nullptr;
  const SuiteSparse_long* Lp_ = nullptr;
  const SuiteSparse_long* Li_ = nullptr;
  std::vector<double> Z_;
};

}  // namespace

void Factor::inverseOnPattern(const CscInput& q, double* out) const {
  requireNumeric("selected inverse");
  if (q.nrows != n_ || q.ncols != n_) throw ArgumentError(false, "the pattern must be n × n");
  checkCsc(q, "pattern");

  // Original (r, c) is (pinv[r], pinv[c]) in the permuted matrix Z works on.
  const auto* perm = static_cast<const SuiteSparse_long*>(L_->Perm);
  std::vector<int64_t> pinv(n_);
  for (int64_t k = 0; k < n_; k++) pinv[perm[k]] = k;
  auto gather = [&](auto&& lookup) {
    for (int64_t col = 0; col < n_; col++)
      for (int64_t k = q.colPtr[col]; k < q.colPtr[col + 1]; k++)
        if (!lookup(pinv[q.rowIdx[k]], pinv[col], &out[k]))
          throw ArgumentError(false, "the pattern has an entry outside the pattern of the factor (L + Lᵀ); "
                                     "only entries of the analysed matrix (or of its factor) can be selected");
  };
  if (L_->is_super) {
    // Block Takahashi: BLAS-3 with about twice the factorisation's flops.
    const SupernodalInverse inverse(L_);  // supernodal factors are always LLᵀ
    gather([&](int64_t r, int64_t c, double* v) { return inverse.lookup(r, c, v); });
  } else {
    const SimplicialInverse inverse(L_, n_);
    gather([&](int64_t r, int64_t c, double* v) { return inverse.lookup(r, c, v); });
  }
}

}  // namespace spsolve
