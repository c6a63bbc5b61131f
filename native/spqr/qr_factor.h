// A SuiteSparseQR (SPQR) factorisation of a sparse m × n matrix A, for least squares (tall A),
// minimum-norm solutions (wide A) and square solves, with A or Aᵀ.
//
// What is factorised is the tall one of A and Aᵀ, called B here (p × q, p ≥ q): B E = Q R, Q kept
// in Householder form, E a fill-reducing column permutation with the columns SPQR found dead (norm
// ≤ tolerance when their turn came) moved last. Every system is a least-squares or a minimum-norm
// solve with B:
//   B x ≈ b   (least squares)  x = E R⁻¹ (Qᵀ b)[0:rank]       (SPQR_QTX, then SPQR_RETX_EQUALS_B)
//   Bᵀ x = b  (minimum norm)   x = Q (R⁻ᵀ Eᵀ b)               (SPQR_RTX_EQUALS_ETB, then SPQR_QX)
// A x = b is the first when A is tall (B = A) and the second when A is wide (B = Aᵀ); Aᵀ x = b is
// the other one, with the same factorisation.
//
// The factorisation is SuiteSparseQR_symbolic + SuiteSparseQR_numeric (not SuiteSparseQR_factorize,
// whose singleton pass cannot be refactorised), so refactor() reuses the analysis. Nothing here
// touches Node-API. Compiled only with SPQR (GPL): not under NGPL.
#pragma once

#ifndef NGPL

#include <SuiteSparseQR.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "core/csc_input.h"
#include "core/handle_table.h"

namespace spsolve {

struct QrOptions {
  int ordering = SPQR_ORDERING_DEFAULT;  // an SPQR_ORDERING_* code
  double tolerance = SPQR_DEFAULT_TOL;   // ≤ -2: SPQR's default; in (-2, 0): no rank detection
};

struct QrStats {
  int64_t rank = 0;
  double nnzR = 0, nnzH = 0;   // entries of R and of the Householder vectors (from the analysis)
  double fronts = 0;           // frontal matrices
  int ordering = 0;            // SPQR_ORDERING_* actually used
  double flops = 0;            // of the last numeric factorisation
  double tolerance = 0;        // the rank-detection tolerance used
  double normDead = 0;         // Frobenius norm of the dead columns' dropped entries
  double analyzeSeconds = 0, factorSeconds = 0;
  int blasThreads = 0;
  int64_t factorizations = 0;
};

// The complete orthogonal decomposition behind the pseudo-inverse, built on first use:
// B E = Q [T; 0] with T = [R11 R12] (rank × q, full row rank; from SuiteSparseQR's Householder-form
// interface, which also gives R and E to the user), and Tᵀ = Q2 R2 (a second SPQR factorisation).
// Then B = Q1 T Eᵀ and B⁺ = E T⁺ Q1ᵀ, (Bᵀ)⁺ = Q1 (Tᵀ)⁺ Eᵀ, where T⁺ c is the minimum-norm solution
// of T z = c and (Tᵀ)⁺ c the least-squares solution of Tᵀ w = c, both from the second factorisation.
struct CompleteOrthogonal;

class QrFactor : public NativeObject {
 public:
  static constexpr const char* kKind = "qr";
  const char* kind() const override { return kKind; }

  // Analyses and factorises A (m × n, m, n ≥ 1), checked by the one CSC rule while it is copied.
  QrFactor(const CscInput& A, const QrOptions& options, LiveCounter live);
  ~QrFactor() override;

  // New values on the analysed pattern (A's entry order), factorised reusing the analysis.
  void refactor(const double* values, size_t nvalues);

  // X (rows × nrhs, column-major) for A x = b (transpose false) or Aᵀ x = b: least squares or
  // minimum norm as above; for rank-deficient A the basic solution SPQR gives.
  void solve(bool transpose, const double* B, int64_t nrhs, double* X) const;
  // The same systems with the pseudo-inverse: X = A⁺ B or (Aᵀ)⁺ B (minimum-norm least squares).
  void solvePseudoInverse(bool transpose, const double* B, int64_t nrhs, double* X) const;

  // R (rank rows × q, upper trapezoidal) and E (q entries) of B's complete decomposition.
  void extractR(std::vector<int64_t>& colPtr, std::vector<int64_t>& rowIdx, std::vector<double>& values) const;
  void columnPermutation(int32_t* out) const;
  int64_t decompositionRank() const;

  int64_t rows() const { return m_; }
  int64_t cols() const { return n_; }
  bool factorsTranspose() const { return transposed_; }
  int64_t nnzA() const;
  // Rows of B (p) and columns (q).
  int64_t p() const { return transposed_ ? n_ : m_; }
  int64_t q() const { return transposed_ ? m_ : n_; }
  const QrStats& stats() const { return stats_; }
  size_t memoryBytes() const override;

  std::shared_mutex& lock() const { return mutex_; }

 private:
  void numeric(const char* what);
  const CompleteOrthogonal& decomposition() const;
  void leastSquares(const double* B, int64_t nrhs, double* X) const;
  void minimumNorm(const double* B, int64_t nrhs, double* X) const;

  int64_t m_, n_;
  bool transposed_;
  QrOptions options_;
  cholmod_sparse* B_ = nullptr;           // A or Aᵀ, 64-bit indices
  std::vector<int64_t> valueOrder_;       // B's k-th value is A's valueOrder_[k]-th (wide A only)
  SuiteSparseQR_factorization<double>* qr_ = nullptr;
  size_t factorBytes_ = 0;
  QrStats stats_;
  mutable std::mutex decompositionMutex_;
  mutable std::unique_ptr<CompleteOrthogonal> decomposition_;
  mutable std::shared_mutex mutex_;
};

}  // namespace spsolve

#endif  // NGPL
