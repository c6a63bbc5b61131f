// A sparse matrix as it arrives from JavaScript, { nrows, ncols, colPtr, rowIdx, values }, and the
// one rule every native operation checks it by. The rule is CscMatrix's invariant (lib/sparse/csc.ts),
// so anything TypeScript builds passes; a forged or corrupted call gets a RangeError, never a crash:
//   - nrows, ncols in [0, 2^31 - 1);
//   - colPtr has ncols + 1 entries, starts at 0, never decreases, and ends at nnz = rowIdx.length;
//   - row indices lie in [0, nrows) and strictly increase within each column (sorted, no duplicates);
//   - values, when given, are nnz finite numbers.
#pragma once

#include <cstdint>

#include "core/arrays.h"

namespace spsolve {

struct CscInput {
  int64_t nrows = 0, ncols = 0;
  ArrayInput<int32_t> colPtr, rowIdx;
  ArrayInput<double> values;  // not present: a pattern only

  int64_t nnz() const { return static_cast<int64_t>(rowIdx.size()); }
};

// Checks `in` by the rule above; `name` ("A", "C", ...) starts every message.
void checkCsc(const CscInput& in, const char* name);

// The same check, fused with the conversion to the 64-bit indices the engines' long interfaces
// take (one pass over the indices instead of two): colPtr64 has ncols + 1 entries, rowIdx64 nnz.
// Values, when present, are checked and copied into values64 in one pass too.
void checkAndWidenCsc(const CscInput& in, const char* name, int64_t* colPtr64, int64_t* rowIdx64, double* values64);

// A RangeError naming the first non-finite entry of `values` when there is one.
void checkFinite(const double* values, size_t n, const char* name);
// checkFinite fused with a copy (for a destination that is discarded on failure).
void copyFinite(double* to, const double* values, size_t n, const char* name);

}  // namespace spsolve
