// The UMFPACK engine (umfpack_dl_*): unsymmetric multifrontal LU with BLAS-3 kernels.
#include <umfpack.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "lu/lu_factor.h"

namespace spsolve {

#ifndef SPSOLVE_NO_UMFPACK
namespace {

const char* umfpackCode(int64_t status) {
  switch (status) {
    case UMFPACK_OK: return "UMFPACK_OK";
    case UMFPACK_WARNING_singular_matrix: return "UMFPACK_WARNING_singular_matrix";
    case UMFPACK_WARNING_determinant_underflow: return "UMFPACK_WARNING_determinant_underflow";
    case UMFPACK_WARNING_determinant_overflow: return "UMFPACK_WARNING_determinant_overflow";
    case UMFPACK_ERROR_out_of_memory: return "UMFPACK_ERROR_out_of_memory";
    case UMFPACK_ERROR_invalid_Numeric_object: return "UMFPACK_ERROR_invalid_Numeric_object";
    case UMFPACK_ERROR_invalid_Symbolic_object: return "UMFPACK_ERROR_invalid_Symbolic_object";
    case UMFPACK_ERROR_argument_missing: return "UMFPACK_ERROR_argument_missing";
    case UMFPACK_ERROR_n_nonpositive: return "UMFPACK_ERROR_n_nonpositive";
    case UMFPACK_ERROR_invalid_matrix: return "UMFPACK_ERROR_invalid_matrix";
    case UMFPACK_ERROR_different_pattern: return "UMFPACK_ERROR_different_pattern";
    case UMFPACK_ERROR_invalid_system: return "UMFPACK_ERROR_invalid_system";
    case UMFPACK_ERROR_invalid_permutation: return "UMFPACK_ERROR_invalid_permutation";
    case UMFPACK_ERROR_ordering_failed: return "UMFPACK_ERROR_ordering_failed";
    case UMFPACK_ERROR_internal_error: return "UMFPACK_ERROR_internal_error";
    default: return "UMFPACK_ERROR";
  }
}

const char* orderingName(double used, double strategy) {
  switch (static_cast<int>(used)) {
    case UMFPACK_ORDERING_CHOLMOD: return "cholmod";
    // AMD on A+Aᵀ for the symmetric strategy, COLAMD on A for the unsymmetric one.
    case UMFPACK_ORDERING_AMD: return strategy == UMFPACK_STRATEGY_SYMMETRIC ? "amd" : "colamd";
    case UMFPACK_ORDERING_GIVEN: return "given";
    case UMFPACK_ORDERING_METIS: return "metis";
    case UMFPACK_ORDERING_NONE: return "natural";
    default: return "unknown";
  }
}

class UmfpackFactor final : public LuFactor {
 public:
  UmfpackFactor(const CscInput& A, const LuOptions& options, LiveCounter live)
      : LuFactor(A, options, std::move(live)), hasValues_(A.values.present()) {}
  ~UmfpackFactor() override {
    freeNumeric();
    if (symbolic_) umfpack_dl_free_symbolic(&symbolic_);
  }

  bool solveIsShared() const override { return true; }

 protected:
  void control(double* c) const {
    umfpack_dl_defaults(c);
    c[UMFPACK_PRL] = 0;
    if (options_.ordering >= 0) c[UMFPACK_ORDERING] = options_.ordering;
    if (options_.strategy >= 0) c[UMFPACK_STRATEGY] = options_.strategy;
    if (options_.scaling >= 0) c[UMFPACK_SCALE] = options_.scaling;
    if (options_.pivotTolerance >= 0) c[UMFPACK_PIVOT_TOLERANCE] = options_.pivotTolerance;
    if (options_.symPivotTolerance >= 0) c[UMFPACK_SYM_PIVOT_TOLERANCE] = options_.symPivotTolerance;
    if (options_.refinementSteps >= 0) c[UMFPACK_IRSTEP] = options_.refinementSteps;
  }

  void check(int64_t status, const char* what) const {
    if (status == UMFPACK_OK) return;
    throw failure(umfpackCode(status), static_cast<int>(status), std::string(what) + " failed (" + umfpackCode(status) + ")");
  }

  void analyzeEngine() override {
    double c[UMFPACK_CONTROL], info[UMFPACK_INFO];
    control(c);
    // Values, when given, let the symmetric strategy prefer large diagonal pivots.
    const int64_t status = umfpack_dl_symbolic(n_, n_, Ap_.data(), Ai_.data(), hasValues_ ? Ax_.data() : nullptr,
                                               &symbolic_, c, info);
    check(status, "the symbolic analysis");
    stats_.symbolicBytes = info[UMFPACK_SYMBOLIC_SIZE] * info[UMFPACK_SIZE_OF_UNIT];
    stats_.strategy = info[UMFPACK_STRATEGY_USED] == UMFPACK_STRATEGY_SYMMETRIC ? "symmetric" : "unsymmetric";
    stats_.ordering = orderingName(info[UMFPACK_ORDERING_USED], info[UMFPACK_STRATEGY_USED]);
    stats_.flops = info[UMFPACK_FLOPS_ESTIMATE];
    stats_.lnz = info[UMFPACK_LNZ_ESTIMATE];
    stats_.unz = info[UMFPACK_UNZ_ESTIMATE];
    stats_.peakBytes = info[UMFPACK_PEAK_MEMORY_ESTIMATE] * info[UMFPACK_SIZE_OF_UNIT];
  }

  void factorizeEngine() override {
    double c[UMFPACK_CONTROL], info[UMFPACK_INFO];
    control(c);
    const int64_t status = umfpack_dl_numeric(Ap_.data(), Ai_.data(), Ax_.data(), symbolic_, &numeric_, c, info);
    if (status == UMFPACK_WARNING_singular_matrix) {
      const int64_t column = singularColumn();
      freeNumeric();
      throwSingular(umfpackCode(status), static_cast<int>(status), column, "U has a zero on its diagonal");
    }
    if (status != UMFPACK_OK) freeNumeric();
    check(status, "the numeric factorization");
    stats_.lnz = info[UMFPACK_LNZ];
    stats_.unz = info[UMFPACK_UNZ];
    stats_.flops = info[UMFPACK_FLOPS];
    stats_.offDiagonalPivots = info[UMFPACK_NOFF_DIAG];
    stats_.numericBytes = info[UMFPACK_NUMERIC_SIZE] * info[UMFPACK_SIZE_OF_UNIT];
    stats_.peakBytes = info[UMFPACK_PEAK_MEMORY] * info[UMFPACK_SIZE_OF_UNIT];
    stats_.scaled = info[UMFPACK_WAS_SCALED] != UMFPACK_SCALE_NONE;
    stats_.structuralRank = n_;
    rcond_ = info[UMFPACK_RCOND];
  }

  void freeNumeric() override {
    if (numeric_) umfpack_dl_free_numeric(&numeric_);
  }

  // The first zero on U's diagonal, as a column of A (UMFPACK's Q maps pivot k to its column).
  int64_t singularColumn() const {
    std::vector<double> d(static_cast<size_t>(n_));
    std::vector<int64_t> q(static_cast<size_t>(n_));
    int64_t recip = 0;
    if (umfpack_dl_get_numeric(nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, q.data(), d.data(),
                               &recip, nullptr, numeric_) != UMFPACK_OK)
      return -1;
    for (int64_t k = 0; k < n_; k++)
      if (d[k] == 0 || !std::isfinite(d[k])) return q[k];
    return -1;
  }

  void solveEngine(bool transpose, const double* B, int64_t nrhs, double* X) const override {
    double c[UMFPACK_CONTROL], info[UMFPACK_INFO];
    control(c);
    // One workspace for every right-hand side (umfpack_dl_wsolve; 5n: iterative refinement on).
    // Uninitialised (UMFPACK writes before it reads): zeroing 6n words cost more than the solve on sparse problems.
    std::unique_ptr<int64_t[]> wi(new int64_t[static_cast<size_t>(n_)]);
    std::unique_ptr<double[]> w(new double[static_cast<size_t>(5 * n_)]);
    const int system = transpose ? UMFPACK_At : UMFPACK_A;
    for (int64_t j = 0; j < nrhs; j++) {
      const int64_t status = umfpack_dl_wsolve(system, Ap_.data(), Ai_.data(), Ax_.data(), X + j * n_, B + j * n_,
                                               numeric_, c, info, wi.get(), w.get());
      check(status, "the solve");
    }
  }

  double logAbsDetEngine(int* sign) const override {
    double mantissa = 0, exponent = 0, info[UMFPACK_INFO];
    // Mantissa and base-10 exponent: no overflow however large the determinant.
    const int64_t status = umfpack_dl_get_determinant(&mantissa, &exponent, numeric_, info);
    if (status < 0) check(status, "the determinant");
    *sign = mantissa < 0 ? -1 : mantissa > 0 ? 1 : 0;
    return std::log(std::fabs(mantissa)) + exponent * std::log(10.0);
  }

  double rcondEngine() const override { return rcond_; }

  LuParts extractEngine() const override {
    int64_t lnz = 0, unz = 0, nrow = 0, ncol = 0, udiag = 0;
    check(umfpack_dl_get_lunz(&lnz, &unz, &nrow, &ncol, &udiag, numeric_), "the factor sizes");
    const size_t n = static_cast<size_t>(n_);
    LuParts parts;
    std::vector<int64_t> rowPtr(n + 1), colIdx(static_cast<size_t>(lnz));
    std::vector<double> lValues(static_cast<size_t>(lnz));
    parts.Up.resize(n + 1);
    parts.Ui.resize(static_cast<size_t>(unz));
    parts.Ux.resize(static_cast<size_t>(unz));
    std::vector<int64_t> p(n), q(n);
    parts.rowScale.resize(n);
    int64_t recip = 0;
    check(umfpack_dl_get_numeric(rowPtr.data(), colIdx.data(), lValues.data(), parts.Up.data(), parts.Ui.data(),
                                 parts.Ux.data(), p.data(), q.data(), nullptr, &recip, parts.rowScale.data(), numeric_),
          "extracting the factors");
    // Our convention divides rows by rowScale; UMFPACK's factors say "multiply" when recip is set.
    if (recip)
      for (double& r : parts.rowScale) r = 1.0 / r;
    // UMFPACK gives L by rows: transpose it to compressed columns.
    parts.Lp.assign(n + 1, 0);
    for (int64_t k = 0; k < lnz; k++) parts.Lp[colIdx[k] + 1]++;
    for (size_t j = 0; j < n; j++) parts.Lp[j + 1] += parts.Lp[j];
    parts.Li.resize(static_cast<size_t>(lnz));
    parts.Lx.resize(static_cast<size_t>(lnz));
    std::vector<int64_t> next(parts.Lp.begin(), parts.Lp.end() - 1);
    for (size_t i = 0; i < n; i++)
      for (int64_t k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        const int64_t at = next[colIdx[k]]++;
        parts.Li[at] = static_cast<int64_t>(i);
        parts.Lx[at] = lValues[k];
      }
    parts.p.assign(p.begin(), p.end());
    parts.q.assign(q.begin(), q.end());
    parts.Fp.assign(n + 1, 0);
    return parts;
  }

 private:
  bool hasValues_;
  void* symbolic_ = nullptr;
  void* numeric_ = nullptr;
  double rcond_ = 0;
};

}  // namespace

std::shared_ptr<LuFactor> makeUmfpackFactor(const CscInput& A, const LuOptions& options, LiveCounter live) {
  return std::make_shared<UmfpackFactor>(A, options, std::move(live));
}

bool umfpackBuilt() { return true; }
#else
// The LGPL-only build (cmake/bundled-umfpack-klu.cmake): UMFPACK is GPL and not compiled in.
std::shared_ptr<LuFactor> makeUmfpackFactor(const CscInput&, const LuOptions&, LiveCounter) {
  EngineFailure f("UMFPACK_NOT_INSTALLED", -1, "umfpack: not in this build (the LGPL-only addon); use engine 'klu'");
  f.engine = "umfpack";
  throw f;
}

bool umfpackBuilt() { return false; }
#endif

}  // namespace spsolve
