// Selected inversion, supernodal form. For a supernode with diagonal block L_D (nscol × nscol) and
// the block L_B below it (rows B, the supernode's off-diagonal structure), with Lhat = L_B L_D⁻¹:
//   Z_Bs = −Z_BB Lhat,    Z_ss = (L_D L_Dᵀ)⁻¹ + Lhatᵀ Z_BB Lhat,
// the block form of the Takahashi recurrence. Z_BB lies on the pattern of supernodes to the right
// (the filled graph is chordal), so after they are done it is gathered into a dense block and the
// rest is BLAS-3 (trsm, symm, gemm) and LAPACK's potri: about twice the factorisation's flops,
// at the same dense rate.
#include "cholmod/selected_inverse_supernodal.h"

#include <algorithm>
#include <string>

#include "blas/tiled_blas.h"
#include "cholmod/cholmod_call.h"

extern "C" {
// LAPACK, from the BLAS CHOLMOD links (32-bit integers, as in Debian's OpenBLAS); small blocks, on
// one thread. The BLAS-3 calls are the tiled ones.
void dpotri_(const char* uplo, const int* n, double* a, const int* lda, int* info);
}

namespace spsolve {

SupernodalInverse::SupernodalInverse(const cholmod_factor* L)
    : L_(L), columnSupernode_(L->n), Z_(new double[L->xsize]) {  // every entry read is written first
  const auto* super = static_cast<const SuiteSparse_long*>(L->super);
  const auto* pi = static_cast<const SuiteSparse_long*>(L->pi);
  const auto* px = static_cast<const SuiteSparse_long*>(L->px);
  const auto* Ls = static_cast<const SuiteSparse_long*>(L->s);
  const auto* Lx = static_cast<const double*>(L->x);
  const int64_t nsuper = static_cast<int64_t>(L->nsuper);
  for (int64_t s = 0; s < nsuper; s++)
    for (int64_t k = super[s]; k < super[s + 1]; k++) columnSupernode_[k] = s;

  // Work blocks, grown as needed and never cleared: every entry read is written first.
  std::vector<double> W, Y, ZBB, D;
  std::vector<int64_t> position(L->n, -1);  // row -> its index in the current supernode's B
  const double one = 1.0, zero = 0.0;
  for (int64_t s = nsuper - 1; s >= 0; s--) {
    const int nscol = static_cast<int>(super[s + 1] - super[s]);
    const int nsrow = static_cast<int>(pi[s + 1] - pi[s]);
    const int nb = nsrow - nscol;
    const double* block = Lx + px[s];
    double* Zs = Z_.get() + px[s];
    const SuiteSparse_long* B = Ls + pi[s] + nscol;
    if (nb > 0) {
      // W = Lhat = L_B L_D⁻¹
      if (W.size() < static_cast<size_t>(nb) * nscol) W.resize(static_cast<size_t>(nb) * nscol);
      for (int j = 0; j < nscol; j++)
        std::copy(block + j * nsrow + nscol, block + (j + 1) * nsrow, W.data() + static_cast<size_t>(j) * nb);
      spsolve_dtrsm_("R", "L", "N", "N", &nb, &nscol, &one, block, &nsrow, W.data(), &nb);

      // Gather the lower triangle of Z_BB from the supernodes holding columns B.
      if (ZBB.size() < static_cast<size_t>(nb) * nb) ZBB.resize(static_cast<size_t>(nb) * nb);
      for (int i = 0; i < nb; i++) position[B[i]] = i;
      for (int j = 0; j < nb; j++) {
        const int64_t col = B[j];
        const int64_t t = columnSupernode_[col];
        const int64_t offset = col - super[t];
        const int64_t trows = pi[t + 1] - pi[t];
        const SuiteSparse_long* rows = Ls + pi[t];
        const double* Zcol = Z_.get() + px[t] + offset * trows;
        int found = 0;
        for (int64_t q = offset; q < trows && found < nb - j; q++) {
          const int64_t i = position[rows[q]];
          if (i < j) continue;
          ZBB[static_cast<size_t>(j) * nb + i] = Zcol[q];
          found++;
        }
        if (found != nb - j) {
          for (int i = 0; i < nb; i++) position[B[i]] = -1;
          throw CholmodFailure("CHOLMOD_INVALID", CHOLMOD_INVALID,
                               "selected inverse: the factor's supernodal structure is not closed under elimination");
        }
      }
      for (int i = 0; i < nb; i++) position[B[i]] = -1;

      // Y = Z_BB W; Z_Bs = −Y
      if (Y.size() < static_cast<size_t>(nb) * nscol) Y.resize(static_cast<size_t>(nb) * nscol);
      spsolve_dsymm_("L", "L", &nb, &nscol, &one, ZBB.data(), &nb, W.data(), &nb, &zero, Y.data(), &nb);
      for (int j = 0; j < nscol; j++)
        for (int i = 0; i < nb; i++) Zs[j * nsrow + nscol + i] = -Y[static_cast<size_t>(j) * nb + i];
    }

    // Z_ss = (L_D L_Dᵀ)⁻¹ + Wᵀ Y
    if (D.size() < static_cast<size_t>(nscol) * nscol) D.resize(static_cast<size_t>(nscol) * nscol);
    for (int j = 0; j < nscol; j++)
      for (int i = 0; i < nscol; i++) D[static_cast<size_t>(j) * nscol + i] = i >= j ? block[j * nsrow + i] : 0.0;
    int info = 0;
    dpotri_("L", &nscol, D.data(), &nscol, &info);
    if (info != 0)
      throw CholmodFailure("CHOLMOD_INVALID", CHOLMOD_INVALID,
                           "selected inverse: a diagonal block of the factor is singular (LAPACK dpotri info " +
                               std::to_string(info) + ")");
    if (nb > 0) {
      // dpotri fills the lower triangle only; gemm adds the full Wᵀ Y, whose lower part is kept.
      spsolve_dgemm_("T", "N", &nscol, &nscol, &nb, &one, W.data(), &nb, Y.data(), &nb, &one, D.data(), &nscol);
    }
    for (int j = 0; j < nscol; j++)
      for (int i = j; i < nscol; i++) Zs[j * nsrow + i] = D[static_cast<size_t>(j) * nscol + i];
  }
}

bool SupernodalInverse::lookup(int64_t row, int64_t col, double* value) const {
  const int64_t lo = std::min(row, col), hi = std::max(row, col);
  const auto* super = static_cast<const SuiteSparse_long*>(L_->super);
  const auto* pi = static_cast<const SuiteSparse_long*>(L_->pi);
  const auto* px = static_cast<const SuiteSparse_long*>(L_->px);
  const auto* Ls = static_cast<const SuiteSparse_long*>(L_->s);
  const int64_t t = columnSupernode_[lo];
  const int64_t offset = lo - super[t];
  const int64_t trows = pi[t + 1] - pi[t];
  const SuiteSparse_long* first = Ls + pi[t] + offset;
  const SuiteSparse_long* last = Ls + pi[t + 1];
  const SuiteSparse_long* at = std::lower_bound(first, last, static_cast<SuiteSparse_long>(hi));
  if (at == last || *at != hi) return false;
  *value = Z_.get()[px[t] + offset * trows + (at - (Ls + pi[t]))];
  return true;
}

}  // namespace spsolve
