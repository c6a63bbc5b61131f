/**
 * How the native addon was built (bundled or system CHOLMOD, GPL modules, BLAS, cores).
 * @module
 */
import { native } from '../native';

/**
 * How the native addon was built: what {@link buildInfo} returns.
 *
 * @example
 * ```ts
 * import { buildInfo } from 'spsolve';
 *
 * const info = buildInfo();
 * console.log(info.flavor, info.cholmod, info.gpl); // e.g. bundled 3.0.14 true
 * ```
 */
export interface BuildInfo {
  /**
   * 'bundled': the pinned SuiteSparse compiled into the addon (the prebuilt addon, or a build from
   * source); 'system': linked against the system's shared libcholmod (`npm run build:system`).
   */
  flavor: 'bundled' | 'system';
  /** true for the prebuilt addon shipped in the package (OpenBLAS and the GCC runtimes linked statically). */
  prebuilt: boolean;
  /** CHOLMOD's version, e.g. '3.0.14'. */
  cholmod: string;
  /** false for the LGPL-only build (no supernodal factorisation, no update/downdate). */
  gpl: boolean;
  /** UMFPACK's version, e.g. '5.7.9'; null in the LGPL-only build, which leaves UMFPACK (GPL) out. */
  umfpack: string | null;
  /** KLU's version, e.g. '1.3.8'. */
  klu: string;
  /** The BLAS CHOLMOD uses, with the CPU kernels OpenBLAS chose at load, e.g. 'OpenBLAS 0.3.21 (SkylakeX)'. */
  blas: string;
  /**
   * true when CHOLMOD, UMFPACK and SPQR call spsolve's tiled BLAS (the bundled and prebuilt
   * builds): large BLAS calls run on every thread the policy allows, with the same bits whatever
   * the count ({@link setThreads}). false in the system build, whose libcholmod calls OpenBLAS
   * directly, on one thread.
   */
  tiledBlas: boolean;
  /** Cores this process may run on: the threads the 'auto' policy lets a BLAS call use. */
  cores: number;
  /** true when BoomerAMG (HYPRE, {@link amg}) is compiled in: the bundled and prebuilt builds; the system build leaves it out. */
  amg: boolean;
  /** HYPRE's version when `amg` is true, e.g. '2.26.0'. */
  hypre?: string;
}

/**
 * How the addon was built: bundled SuiteSparse or the system's, CHOLMOD version, GPL modules,
 * BLAS, usable cores. Loads the addon if needed.
 *
 * @throws Error when the native addon is not built.
 * @example
 * ```ts
 * import { buildInfo } from 'spsolve';
 *
 * // The LGPL-only build has no supernodal factorisation and no update/downdate.
 * console.log(buildInfo().gpl ? 'full CHOLMOD' : 'LGPL-only'); // e.g. full CHOLMOD
 * ```
 */
export function buildInfo(): BuildInfo {
  // The addon's fields are exactly BuildInfo's (native/module.cc).
  return native().buildInfo as unknown as BuildInfo;
}
