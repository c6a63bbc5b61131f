#include "lu/lu_factor.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>

namespace spsolve {

LuFactor::LuFactor(const CscInput& A, const LuOptions& options, LiveCounter live)
    : NativeObject(std::move(live)), n_(A.nrows), options_(options) {
  if (A.nrows != A.ncols)
    throw ArgumentError(false, "lu: A must be square, got " + std::to_string(A.nrows) + "×" + std::to_string(A.ncols));
  Ap_.resize(static_cast<size_t>(A.ncols) + 1);
  // Never a null data(): UMFPACK takes a null Ai or Ax for a missing argument, even when nnz = 0.
  Ai_.reserve(std::max<size_t>(1, static_cast<size_t>(A.nnz())));
  Ax_.reserve(std::max<size_t>(1, static_cast<size_t>(A.nnz())));
  Ai_.resize(static_cast<size_t>(A.nnz()));
  Ax_.assign(static_cast<size_t>(A.nnz()), 0.0);
  checkAndWidenCsc(A, "A", Ap_.data(), Ai_.data(), A.values.present() ? Ax_.data() : nullptr);
}

std::shared_ptr<LuFactor> LuFactor::create(const CscInput& A, const LuOptions& options, LiveCounter live) {
  std::shared_ptr<LuFactor> f = options.engine == LuEngine::Klu ? makeKluFactor(A, options, std::move(live))
                                                                : makeUmfpackFactor(A, options, std::move(live));
  const auto start = std::chrono::steady_clock::now();
  if (f->n_ > 0) f->analyzeEngine();
  f->stats_.analyzeSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return f;
}

void LuFactor::factorize(const double* values, size_t nvalues) {
  if (values) {
    if (nvalues != Ax_.size())
      throw ArgumentError(false, "factorize: values must have nnz(A) = " + std::to_string(Ax_.size()) +
                                     " entries, got " + std::to_string(nvalues));
    copyFinite(Ax_.data(), values, nvalues, "values");
  }
  const auto start = std::chrono::steady_clock::now();
  numericValid_ = false;
  freeNumeric();
  invalidReason_ = "the last factorization failed";
  if (n_ > 0) factorizeEngine();
  stats_.factorizations++;
  stats_.factorSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  numericValid_ = true;
  invalidReason_.clear();
}

void LuFactor::requireNumeric(const char* what) const {
  if (numericValid_) return;
  throw failure(options_.engine == LuEngine::Umfpack ? "UMFPACK_ERROR_invalid_Numeric_object" : "KLU_INVALID",
                options_.engine == LuEngine::Umfpack ? -3 : -2,
                std::string(what) + ": " + (invalidReason_.empty() ? "the factor has no numeric values yet" : invalidReason_));
}

void LuFactor::solve(bool transpose, const double* B, int64_t nrhs, double* X) const {
  requireNumeric("solve");
  if (n_ == 0 || nrhs == 0) return;
  solveEngine(transpose, B, nrhs, X);
}

double LuFactor::logAbsDet(int* sign) const {
  requireNumeric("logdet");
  *sign = 1;
  if (n_ == 0) return 0;
  return logAbsDetEngine(sign);
}

double LuFactor::rcond() const {
  requireNumeric("rcond");
  if (n_ == 0) return 1;
  return rcondEngine();
}

LuParts LuFactor::extract() const {
  requireNumeric("extract");
  if (n_ == 0) {
    LuParts parts;
    parts.Lp = parts.Up = parts.Fp = {0};
    return parts;
  }
  return extractEngine();
}

size_t LuFactor::memoryBytes() const {
  const size_t matrix = Ap_.size() * sizeof(int64_t) + Ai_.size() * (sizeof(int64_t) + sizeof(double));
  return matrix + static_cast<size_t>(stats_.symbolicBytes) + (numericValid_ ? static_cast<size_t>(stats_.numericBytes) : 0);
}

EngineFailure LuFactor::failure(const std::string& code, int status, const std::string& message) const {
  EngineFailure f(code, status, std::string(engineName()) + ": " + message);
  f.engine = engineName();
  return f;
}

void LuFactor::throwSingular(const std::string& code, int status, int64_t column, const std::string& detail) {
  invalidReason_ = "the last factorization failed: the matrix is singular (column " + std::to_string(column) + ")";
  EngineFailure f = failure(code, status,
                            "the matrix is singular: " + detail + " at column " + std::to_string(column));
  f.reason = EngineFailure::Reason::Singular;
  f.column = static_cast<long>(column);
  throw f;
}

int permutationSign(const int64_t* perm, int64_t n) {
  std::vector<bool> seen(static_cast<size_t>(n), false);
  int sign = 1;
  for (int64_t start = 0; start < n; start++) {
    if (seen[start]) continue;
    int64_t length = 0;
    for (int64_t k = start; !seen[k]; k = perm[k]) {
      seen[k] = true;
      length++;
    }
    if (length % 2 == 0) sign = -sign;
  }
  return sign;
}

}  // namespace spsolve
