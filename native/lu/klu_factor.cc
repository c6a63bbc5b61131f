// The KLU engine (klu_l_*): left-looking LU of the diagonal blocks of a block triangular form (BTF),
// the engine for circuit-like and very sparse matrices, where UMFPACK's frontal matrices are tiny.
#include <klu.h>

#include <cmath>

#include "lu/lu_factor.h"

namespace spsolve {
namespace {

const char* kluCode(int64_t status) {
  switch (status) {
    case KLU_OK: return "KLU_OK";
    case KLU_SINGULAR: return "KLU_SINGULAR";
    case KLU_OUT_OF_MEMORY: return "KLU_OUT_OF_MEMORY";
    case KLU_INVALID: return "KLU_INVALID";
    case KLU_TOO_LARGE: return "KLU_TOO_LARGE";
    default: return "KLU_ERROR";
  }
}

class KluFactor final : public LuFactor {
 public:
  KluFactor(const CscInput& A, const LuOptions& options, LiveCounter live) : LuFactor(A, options, std::move(live)) {}
  ~KluFactor() override {
    freeNumeric();
    if (symbolic_) {
      klu_l_common c = common();
      klu_l_free_symbolic(&symbolic_, &c);
    }
  }

  // klu_l_solve and klu_l_tsolve work in the numeric object's own workspace (Numeric->Xwork).
  bool solveIsShared() const override { return false; }

 protected:
  // A fresh klu_l_common per call, with this factor's options.
  klu_l_common common() const {
    klu_l_common c;
    klu_l_defaults(&c);
    if (options_.ordering == 0 || options_.ordering == 1) c.ordering = options_.ordering;
    if (options_.scaling >= 0) c.scale = options_.scaling;
    if (options_.pivotTolerance >= 0) c.tol = options_.pivotTolerance;
    if (options_.btf >= 0) c.btf = options_.btf;
    c.halt_if_singular = 1;
    return c;
  }

  void check(const klu_l_common& c, const char* what) const {
    if (c.status == KLU_OK) return;
    throw failure(kluCode(c.status), static_cast<int>(c.status), std::string(what) + " failed (" + kluCode(c.status) + ")");
  }

  void analyzeEngine() override {
    klu_l_common c = common();
    // 'natural': KLU's "given" ordering with no permutations (BTF still applies unless turned off).
    symbolic_ = options_.ordering == 2 ? klu_l_analyze_given(n_, Ap_.data(), Ai_.data(), nullptr, nullptr, &c)
                                       : klu_l_analyze(n_, Ap_.data(), Ai_.data(), &c);
    if (!symbolic_) {
      if (c.status == KLU_OK) c.status = KLU_INVALID;
      check(c, "the symbolic analysis");
    }
    stats_.symbolicBytes = static_cast<double>(c.memusage);
    stats_.ordering = symbolic_->ordering == 0 ? "amd" : symbolic_->ordering == 1 ? "colamd" : "natural";
    stats_.strategy = symbolic_->do_btf ? "btf" : "none";
    stats_.blocks = static_cast<double>(symbolic_->nblocks);
    stats_.structuralRank = static_cast<double>(symbolic_->structural_rank);
    stats_.lnz = symbolic_->lnz;
    stats_.unz = symbolic_->unz;
  }

  void factorizeEngine() override {
    klu_l_common c = common();
    numeric_ = klu_l_factor(Ap_.data(), Ai_.data(), Ax_.data(), symbolic_, &c);
    if (c.status == KLU_SINGULAR) {
      freeNumeric();
      const bool structural = symbolic_->structural_rank < n_;
      throwSingular(kluCode(c.status), static_cast<int>(c.status), c.singular_col,
                    structural ? "it is structurally singular (structural rank " +
                                     std::to_string(symbolic_->structural_rank) + " < " + std::to_string(n_) + ")"
                               : "a zero pivot");
    }
    if (!numeric_) {
      if (c.status == KLU_OK) c.status = KLU_INVALID;
      check(c, "the numeric factorization");
    }
    stats_.numericBytes = static_cast<double>(c.memusage);
    stats_.peakBytes = static_cast<double>(c.mempeak) + stats_.symbolicBytes;
    stats_.offDiagonalPivots = static_cast<double>(c.noffdiag);
    stats_.lnz = static_cast<double>(numeric_->lnz);
    stats_.unz = static_cast<double>(numeric_->unz + numeric_->nzoff);
    stats_.scaled = c.scale > 0;
    klu_l_flops(symbolic_, numeric_, &c);
    stats_.flops = c.flops;
    klu_l_rcond(symbolic_, numeric_, &c);
    rcond_ = c.rcond;
  }

  void freeNumeric() override {
    if (!numeric_) return;
    klu_l_common c = common();
    klu_l_free_numeric(&numeric_, &c);
  }

  void solveEngine(bool transpose, const double* B, int64_t nrhs, double* X) const override {
    std::copy(B, B + n_ * nrhs, X);
    klu_l_common c = common();
    if (transpose)
      klu_l_tsolve(symbolic_, numeric_, n_, nrhs, X, &c);
    else
      klu_l_solve(symbolic_, numeric_, n_, nrhs, X, &c);
    check(c, "the solve");
  }

  double logAbsDetEngine(int* sign) const override {
    // (R⁻¹A)(P,Q) = LU + F with F strictly block upper triangular and L unit: det A is the product
    // of U's diagonal and of the row scale factors, times the signs of P and Q. Summed as logs.
    const double* udiag = static_cast<const double*>(numeric_->Udiag);
    double logAbs = 0;
    int s = permutationSign(numeric_->Pnum, n_) * permutationSign(symbolic_->Q, n_);
    for (int64_t k = 0; k < n_; k++) {
      logAbs += std::log(std::fabs(udiag[k]));
      if (udiag[k] < 0) s = -s;
      if (numeric_->Rs) logAbs += std::log(numeric_->Rs[k]);
    }
    *sign = s;
    return logAbs;
  }

  double rcondEngine() const override { return rcond_; }

  LuParts extractEngine() const override {
    const size_t n = static_cast<size_t>(n_);
    LuParts parts;
    parts.Lp.resize(n + 1);
    parts.Li.resize(static_cast<size_t>(numeric_->lnz));
    parts.Lx.resize(static_cast<size_t>(numeric_->lnz));
    parts.Up.resize(n + 1);
    parts.Ui.resize(static_cast<size_t>(numeric_->unz));
    parts.Ux.resize(static_cast<size_t>(numeric_->unz));
    parts.Fp.resize(n + 1);
    parts.Fi.resize(static_cast<size_t>(numeric_->nzoff));
    parts.Fx.resize(static_cast<size_t>(numeric_->nzoff));
    std::vector<int64_t> p(n), q(n), blocks(static_cast<size_t>(symbolic_->nblocks) + 1);
    parts.rowScale.assign(n, 1.0);
    klu_l_common c = common();
    klu_l_extract(numeric_, symbolic_, parts.Lp.data(), parts.Li.data(), parts.Lx.data(), parts.Up.data(),
                  parts.Ui.data(), parts.Ux.data(), parts.Fp.data(), parts.Fi.data(), parts.Fx.data(), p.data(),
                  q.data(), numeric_->Rs ? parts.rowScale.data() : nullptr, blocks.data(), &c);
    check(c, "extracting the factors");
    // KLU keeps Rs in pivot order (Rs[k] scales row p[k]); ours is indexed by the rows of A.
    const std::vector<double> pivotOrder = parts.rowScale;
    for (size_t k = 0; k < n; k++) parts.rowScale[p[k]] = pivotOrder[k];
    parts.p.assign(p.begin(), p.end());
    parts.q.assign(q.begin(), q.end());
    return parts;
  }

 private:
  klu_l_symbolic* symbolic_ = nullptr;
  klu_l_numeric* numeric_ = nullptr;
  double rcond_ = 0;
};

}  // namespace

std::shared_ptr<LuFactor> makeKluFactor(const CscInput& A, const LuOptions& options, LiveCounter live) {
  return std::make_shared<KluFactor>(A, options, std::move(live));
}

}  // namespace spsolve
