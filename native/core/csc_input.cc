#include "core/csc_input.h"

#include <cmath>
#include <cstring>
#include <string>

#include "core/errors.h"

namespace spsolve {
namespace {

[[noreturn]] void bad(const char* name, const std::string& what) { throw ArgumentError(false, std::string(name) + what); }

void checkShape(const CscInput& in, const char* name) {
  if (in.nrows < 0 || in.ncols < 0 || in.nrows >= 2147483647 || in.ncols >= 2147483647)
    bad(name, " dimensions must be integers in [0, 2^31 - 1)");
  if (in.colPtr.size() != static_cast<size_t>(in.ncols) + 1) bad(name, ".colPtr must have ncols + 1 entries");
  if (in.colPtr[0] != 0) bad(name, ".colPtr[0] must be 0");
  if (in.values.present() && in.values.size() != in.rowIdx.size())
    bad(name, ".values must have one entry per row index");
}

// The per-column check, with every index also handed to `widen` (a no-op when only checking).
// Each column pointer and row index is read once, and what is checked is what `widen` stores:
// an async job reads the caller's arrays while JS may write into them, and a value read twice
// could pass the check and then be used different.
template <class Widen>
void checkColumns(const CscInput& in, const char* name, Widen&& widen) {
  const int32_t* colPtr = in.colPtr.data();
  const int32_t* rowIdx = in.rowIdx.data();
  const int64_t nnz = in.nnz();
  int64_t begin = 0;  // colPtr[0], checked by checkShape
  for (int64_t j = 0; j < in.ncols; j++) {
    const int64_t end = colPtr[j + 1];
    if (end < begin || end > nnz) bad(name, ".colPtr must be non-decreasing and end at nnz");
    int64_t previous = -1;
    for (int64_t k = begin; k < end; k++) {
      const int64_t row = rowIdx[k];
      if (row < 0 || row >= in.nrows) bad(name, ".rowIdx[" + std::to_string(k) + "] is out of range");
      if (row <= previous) bad(name, ": row indices must be strictly increasing within each column");
      previous = row;
      widen(k, row);
    }
    widen.column(j + 1, end);
    begin = end;
  }
  if (begin != nnz) bad(name, ".colPtr[ncols] must equal the length of rowIdx");
}

struct NoWiden {
  void operator()(int64_t, int64_t) const {}
  void column(int64_t, int64_t) const {}
};

struct Widen64 {
  int64_t* colPtr;
  int64_t* rowIdx;
  void operator()(int64_t k, int64_t row) const { rowIdx[k] = row; }
  void column(int64_t j, int64_t end) const { colPtr[j] = end; }
};

// A double is NaN or ±∞ exactly when its exponent bits are all ones. Testing the bits with an
// integer OR over the array lets the compiler vectorise the scan (and the copy beside it); the
// offending index is searched for only after a failure.
inline uint64_t nonFiniteBit(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (~bits & 0x7ff0000000000000ull) == 0;
}

[[noreturn]] void throwNonFinite(const double* values, size_t n, const char* name) {
  size_t k = 0;
  while (k < n && std::isfinite(values[k])) k++;
  // The wording of lib/sparse/validate.ts's checkFinite.
  const double v = k < n ? values[k] : 0;
  const char* what = std::isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  throw ArgumentError(false, std::string(name) + "[" + std::to_string(k) + "] must be finite, got " + what);
}

}  // namespace

void checkFinite(const double* values, size_t n, const char* name) {
  uint64_t bad = 0;
  for (size_t k = 0; k < n; k++) bad |= nonFiniteBit(values[k]);
  if (bad) throwNonFinite(values, n, name);
}

void copyFinite(double* to, const double* values, size_t n, const char* name) {
  uint64_t bad = 0;
  for (size_t k = 0; k < n; k++) {
    to[k] = values[k];
    bad |= nonFiniteBit(to[k]);  // the copy is checked: the source may change meanwhile (arrays.h)
  }
  if (bad) throwNonFinite(to, n, name);
}

void checkCsc(const CscInput& in, const char* name) {
  checkShape(in, name);
  checkColumns(in, name, NoWiden{});
  if (in.values.present()) checkFinite(in.values.data(), in.values.size(), (std::string(name) + ".values").c_str());
}

void checkAndWidenCsc(const CscInput& in, const char* name, int64_t* colPtr64, int64_t* rowIdx64, double* values64) {
  checkShape(in, name);
  colPtr64[0] = 0;
  checkColumns(in, name, Widen64{colPtr64, rowIdx64});
  if (in.values.present()) copyFinite(values64, in.values.data(), in.values.size(), (std::string(name) + ".values").c_str());
}

}  // namespace spsolve
