// Solves with a sparse right-hand side and a sparse result (cholmod_spsolve): for B with few
// nonzeros, such as columns of the identity, CHOLMOD works on blocks of columns and keeps only
// the nonzeros of X.
#include "cholmod/cholmod_call.h"
#include "cholmod/factor.h"
#include "core/errors.h"

namespace spsolve {

void Factor::solveSparse(int system, const CscInput& input, std::vector<int64_t>& colPtr,
                         std::vector<int64_t>& rowIdx, std::vector<double>& values) const {
  requireNumeric("solve");
  if (system < CHOLMOD_A || system > CHOLMOD_Pt) throw ArgumentError(false, "unknown solve system");
  if (input.nrows != n_) throw ArgumentError(false, "B must have n rows");
  CholmodCall c;
  cholmod_sparse* B = copyToCholmod(input, "B", c.get());
  // cholmod_spsolve only reads L (through cholmod_solve), so concurrent solves may share it.
  cholmod_sparse* X = cholmod_l_spsolve(system, L_, B, c.get());
  cholmod_l_free_sparse(&B, c.get());
  c.check("sparse solve");
  if (!X) throw CholmodFailure("CHOLMOD_OUT_OF_MEMORY", CHOLMOD_OUT_OF_MEMORY, "sparse solve failed");
  const auto* Xp = static_cast<const SuiteSparse_long*>(X->p);
  const auto* Xi = static_cast<const SuiteSparse_long*>(X->i);
  const auto* Xx = static_cast<const double*>(X->x);
  const int64_t nnz = Xp[X->ncol];
  try {
    colPtr.assign(Xp, Xp + X->ncol + 1);
    rowIdx.assign(Xi, Xi + nnz);
    values.assign(Xx, Xx + nnz);
  } catch (...) {
    cholmod_l_free_sparse(&X, c.get());
    throw;
  }
  cholmod_l_free_sparse(&X, c.get());
}

}  // namespace spsolve
