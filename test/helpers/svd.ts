/**
 * A dense singular value decomposition by one-sided Jacobi (Hestenes), the independent reference
 * for QR's ranks and pseudo-inverse solutions: slow (O(sweeps · m n²)) but simple and accurate to
 * a few ulps in the singular vectors of well-separated singular values.
 */

export interface DenseSvd {
  m: number;
  n: number;
  /** n singular values (some zero when n > rank), unsorted. */
  sigma: Float64Array;
  /** m × n column-major: column k is u_k (zero where sigma[k] = 0). */
  u: Float64Array;
  /** n × n column-major: column k is v_k. */
  v: Float64Array;
}

/** SVD of the column-major m × n matrix a; for m < n, of aᵀ with u and v swapped by the caller. */
export function jacobiSvd(a: Float64Array, m: number, n: number): DenseSvd {
  const w = a.slice();
  const v = new Float64Array(n * n);
  for (let k = 0; k < n; k++) v[k + k * n] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < m; i++) {
          const x = w[i + p * m], y = w[i + q * m];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        for (let i = 0; i < m; i++) {
          const x = w[i + p * m], y = w[i + q * m];
          w[i + p * m] = c * x - s * y;
          w[i + q * m] = s * x + c * y;
        }
        for (let i = 0; i < n; i++) {
          const x = v[i + p * n], y = v[i + q * n];
          v[i + p * n] = c * x - s * y;
          v[i + q * n] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const sigma = new Float64Array(n);
  const u = new Float64Array(m * n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += w[i + k * m] ** 2;
    sigma[k] = Math.sqrt(s);
    if (sigma[k] > 0) for (let i = 0; i < m; i++) u[i + k * m] = w[i + k * m] / sigma[k];
  }
  return { m, n, sigma, u, v };
}

/** Singular values above `relTol · σ_max`. */
export function numericalRank(svd: DenseSvd, relTol: number): number {
  const max = Math.max(...svd.sigma);
  return svd.sigma.filter((s) => s > relTol * max).length;
}

/**
 * x = A⁺ b for the column-major m × n matrix a (any shape), singular values at most
 * `relTol · σ_max` treated as zero.
 */
export function pinvSolve(a: Float64Array, m: number, n: number, b: Float64Array, relTol: number): Float64Array {
  if (m >= n) {
    const svd = jacobiSvd(a, m, n);
    const cutoff = relTol * Math.max(...svd.sigma);
    const x = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      if (svd.sigma[k] <= cutoff) continue;
      let c = 0;
      for (let i = 0; i < m; i++) c += svd.u[i + k * m] * b[i];
      c /= svd.sigma[k];
      for (let j = 0; j < n; j++) x[j] += svd.v[j + k * n] * c;
    }
    return x;
  }
  // A = (Aᵀ)ᵀ: with Aᵀ = U Σ Vᵀ (n × m), A⁺ = U Σ⁺ Vᵀ.
  const at = new Float64Array(n * m);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) at[j + i * n] = a[i + j * m];
  const svd = jacobiSvd(at, n, m);
  const cutoff = relTol * Math.max(...svd.sigma);
  const x = new Float64Array(n);
  for (let k = 0; k < m; k++) {
    if (svd.sigma[k] <= cutoff) continue;
    let c = 0;
    for (let i = 0; i < m; i++) c += svd.v[i + k * m] * b[i];
    c /= svd.sigma[k];
    for (let j = 0; j < n; j++) x[j] += svd.u[j + k * n] * c;
  }
  return x;
}
