// Whether a matrix stored in full ('general') is symmetric, to the tolerance lib/cholmod/
// symmetric-input.ts uses (SYMMETRY_TOLERANCE): |a_ij − a_ji| ≤ 1e-12 · max|a|. Runs where the
// factorisation runs (a thread-pool worker for async calls), on indices already checked.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/errors.h"

namespace spsolve {

constexpr double kSymmetryTolerance = 1e-12;

// The first (row, col), column by column, where A and Aᵀ differ beyond the tolerance; false when
// A is symmetric. A is n × n with sorted rows within each column.
template <class Index>
bool firstAsymmetry(int64_t n, const Index* colPtr, const Index* rowIdx, const double* values, int64_t* row, int64_t* col) {
  const int64_t nnz = colPtr[n];
  double scale = 0;
  for (int64_t k = 0; k < nnz; k++) scale = std::max(scale, std::abs(values[k]));
  const double tol = kSymmetryTolerance * scale;
  // Aᵀ by counting sort: its columns come out sorted because A's columns are visited in order.
  std::vector<int64_t> tPtr(n + 1, 0), tIdx(nnz);
  std::vector<double> tVal(nnz);
  for (int64_t k = 0; k < nnz; k++) tPtr[rowIdx[k] + 1]++;
  for (int64_t i = 0; i < n; i++) tPtr[i + 1] += tPtr[i];
  std::vector<int64_t> next(tPtr.begin(), tPtr.end() - 1);
  for (int64_t j = 0; j < n; j++) {
    for (int64_t k = colPtr[j]; k < colPtr[j + 1]; k++) {
      const int64_t q = next[rowIdx[k]]++;
      tIdx[q] = j;
      tVal[q] = values[k];
    }
  }
  for (int64_t j = 0; j < n; j++) {
    // Merge column j of A with column j of Aᵀ; an entry missing on one side counts as zero.
    int64_t p = colPtr[j], q = tPtr[j];
    const int64_t pEnd = colPtr[j + 1], qEnd = tPtr[j + 1];
    while (p < pEnd || q < qEnd) {
      const int64_t ra = p < pEnd ? static_cast<int64_t>(rowIdx[p]) : n;
      const int64_t rt = q < qEnd ? tIdx[q] : n;
      const int64_t r = std::min(ra, rt);
      const double a = ra == r ? values[p++] : 0;
      const double t = rt == r ? tVal[q++] : 0;
      if (std::abs(a - t) > tol) {
        *row = r;
        *col = j;
        return true;
      }
    }
  }
  return false;
}

// Throws the RangeError lib/cholmod/symmetric-input.ts raises for an unsymmetric 'general' matrix.
template <class Index>
void requireSymmetric(int64_t n, const Index* colPtr, const Index* rowIdx, const double* values, const char* name) {
  int64_t i = 0, j = 0;
  if (!firstAsymmetry(n, colPtr, rowIdx, values, &i, &j)) return;
  throw ArgumentError(false, std::string(name) + " is stored as 'general' but is not symmetric (entry (" + std::to_string(i) +
                                 ", " + std::to_string(j) + ") differs from (" + std::to_string(j) + ", " + std::to_string(i) +
                                 ")); a Cholesky factorization needs a symmetric matrix: pass one triangle with " +
                                 "{ symmetry: 'lower' } or use an unsymmetric solver");
}

}  // namespace spsolve
