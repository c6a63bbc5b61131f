// Selected inversion on a supernodal LLᵀ factor: the entries of (L Lᵀ)⁻¹ on the pattern of L,
// supernode by supernode with dense BLAS blocks (see selected_inverse_supernodal.cc).
#pragma once

#include <cholmod.h>

#include <cstdint>
#include <memory>
#include <vector>


namespace spsolve {

class SupernodalInverse {
 public:
  // L must be a numeric supernodal LLᵀ factor; throws CholmodFailure when LAPACK refuses a block.
  // `blas` is told, supernode by supernode, whether its blocks are large enough for threads.
  explicit SupernodalInverse(const cholmod_factor* L);

  // Z at (row, col) of the permuted matrix, or false when the entry is outside the pattern of L.
  bool lookup(int64_t row, int64_t col, double* value) const;

 private:
  const cholmod_factor* L_;
  std::vector<int64_t> columnSupernode_;
  std::unique_ptr<double[]> Z_;  // same layout as L->x
};

}  // namespace spsolve
