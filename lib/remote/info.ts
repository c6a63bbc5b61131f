/**
 * What MUMPS says about a remote factorisation: its INFOG / RINFOG statistics and the memory
 * of each rank, decoded from the worker's info reply.
 * @module
 */
import { InfoField } from './protocol';

/**
 * The memory of one MPI rank for one factorisation, in MB (MUMPS's INFO(15), INFO(16), INFO(22)).
 *
 * @example
 * ```ts
 * import type { RankMemory } from 'spsolve';
 *
 * const rank: RankMemory = { estimatedMB: 12, allocatedMB: 14, usedMB: 11 };
 * console.log(rank.usedMB <= rank.allocatedMB); // → true
 * ```
 */
export interface RankMemory {
  /** Estimated by the analysis for an in-core factorisation on this rank (INFO(15)). */
  estimatedMB: number;
  /** Allocated by MUMPS on this rank during the factorisation (INFO(16)); 0 before it. */
  allocatedMB: number;
  /** Effectively used on this rank during the factorisation (INFO(22)); 0 before it. */
  usedMB: number;
}

/**
 * MUMPS's statistics for a remote factor (see docs/distributed.md, "Reading MUMPS's statistics").
 * Estimates come from the analysis; the other fields are 0 until the factorisation.
 *
 * @example
 * ```ts
 * import type { RemoteFactorInfo } from 'spsolve';
 *
 * const peak = (info: RemoteFactorInfo) => Math.max(...info.memoryPerRank.map((r) => r.usedMB));
 * console.log(typeof peak); // → function
 * ```
 */
export interface RemoteFactorInfo {
  /** The order of A. */
  n: number;
  /** Entries uploaded (for cholesky / ldlt: the lower triangle). */
  nnz: number;
  /** The MPI ranks the factor is spread over. */
  ranks: number;
  /** 'analysed' (by MpiCluster.analyze: estimates only) or 'factorised'. */
  phase: 'analysed' | 'factorised';
  /** Entries of the factors, estimated by the analysis (INFOG(3)) and actual (INFOG(29)). */
  estimatedFactorEntries: number;
  /** Entries of the factors after the factorisation (INFOG(29)); 0 before it. */
  factorEntries: number;
  /** Floating-point operations of the elimination, estimated (RINFOG(1)) and performed (RINFOG(3)). */
  estimatedFlops: number;
  /** Flops of the elimination performed (RINFOG(3)); 0 before it. */
  flops: number;
  /** MB on the busiest rank and in total, estimated (INFOG(16), INFOG(17)) and used (INFOG(21), INFOG(22)). */
  estimatedMemoryMaxMB: number;
  /** MB for the factorisation on all ranks together, estimated (INFOG(17)). */
  estimatedMemoryTotalMB: number;
  /** MB effectively used by the factorisation on the busiest rank (INFOG(21)); 0 before it. */
  memoryMaxMB: number;
  /** MB effectively used on all ranks together (INFOG(22)); 0 before it. */
  memoryTotalMB: number;
  /** Negative pivots met (INFOG(12)): the inertia of a symmetric matrix. */
  negativePivots: number;
  /** The ordering MUMPS used (INFOG(7)): 0 AMD, 1 given (METIS on the host), 2 AMF, 3 SCOTCH / PT-SCOTCH, 4 PORD, 6 QAMD. */
  ordering: number;
  /** True when the analysis ran in parallel on every rank (PT-Scotch; INFOG(32) = 2). */
  parallelAnalysis: boolean;
  /**
   * Wall time on the workers, in seconds: the analysis (with a METIS ordering on the host), the
   * factorisation, the scatter of the values before it, and the last solve (as of the last
   * reply that carried statistics: a factorisation or {@link RemoteFactor.infoAsync}).
   */
  seconds: {
    /** The analysis, with a host ordering (METIS). */
    analyse: number;
    /** The numerical factorisation. */
    factorize: number;
    /** The scatter of the values to the ranks before it. */
    scatter: number;
    /** The last solve. */
    solve: number;
  };
  /** One entry per MPI rank. */
  memoryPerRank: RankMemory[];
}

/** The determinant as MUMPS gives it: mantissa · 2^exponent (ICNTL(33)). */
export interface RemoteDeterminant {
  /** RINFOG(12): det(A) = mantissa · 2^exponent. */
  mantissa: number;
  /** INFOG(34). */
  exponent: number;
  /** sign(det): -1, 0 or 1. */
  sign: number;
  /** log |det| (−Infinity for a zero determinant). */
  logAbs: number;
}

export function decodeInfo(payload: Buffer): { info: RemoteFactorInfo; determinant: RemoteDeterminant } {
  const f = new Float64Array(payload.length / 8);
  new Uint8Array(f.buffer).set(payload);
  const ranks = f[InfoField.ranks];
  const memoryPerRank: RankMemory[] = [];
  for (let r = 0; r < ranks; r++) {
    const at = InfoField.count + 3 * r;
    memoryPerRank.push({ estimatedMB: f[at], allocatedMB: f[at + 1], usedMB: f[at + 2] });
  }
  const info: RemoteFactorInfo = {
    n: f[InfoField.n],
    nnz: f[InfoField.nnz],
    ranks,
    phase: f[InfoField.phase] >= 2 ? 'factorised' : 'analysed',
    estimatedFactorEntries: f[InfoField.estimatedFactorEntries],
    factorEntries: f[InfoField.factorEntries],
    estimatedFlops: f[InfoField.estimatedFlops],
    flops: f[InfoField.flops],
    estimatedMemoryMaxMB: f[InfoField.estimatedMemoryMaxMB],
    estimatedMemoryTotalMB: f[InfoField.estimatedMemoryTotalMB],
    memoryMaxMB: f[InfoField.memoryMaxMB],
    memoryTotalMB: f[InfoField.memoryTotalMB],
    negativePivots: f[InfoField.negativePivots],
    ordering: f[InfoField.ordering],
    parallelAnalysis: f[InfoField.analysisType] === 2,
    seconds: { analyse: f[InfoField.analyseSeconds], factorize: f[InfoField.factorizeSeconds], scatter: f[InfoField.scatterSeconds], solve: f[InfoField.solveSeconds] },
    memoryPerRank,
  };
  return { info, determinant: determinantOf(f[InfoField.determinantMantissa], f[InfoField.determinantExponent]) };
}

export function determinantOf(mantissa: number, exponent: number): RemoteDeterminant {
  return { mantissa, exponent, sign: Math.sign(mantissa), logAbs: Math.log(Math.abs(mantissa)) + exponent * Math.LN2 };
}
