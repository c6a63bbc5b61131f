/**
 * What every route handler shares: the cache, the decoder worker, the main-thread statistics,
 * the limits the server was started with, and a little state for /health and shutdown.
 */
import type { FactorCache } from './factor-cache';
import type { MainThreadStats } from './main-thread-stats';
import type { RequestDecoder } from './request-decoder';

export interface ServerLimits {
  /** Largest request body accepted (413 beyond). */
  maxBodyBytes: number;
  /** /solve answers x itself up to this many values (n × right-hand sides), a summary beyond. */
  maxSolutionValues: number;
  /** Factorisations computed at once; a /factor that would start one more gets 503. */
  maxConcurrentFactorizations: number;
}

export interface ServerContext {
  cache: FactorCache;
  decoder: RequestDecoder;
  stats: MainThreadStats;
  limits: ServerLimits;
  startedAt: number;
  state: { shuttingDown: boolean; requestsInFlight: number; factorizationsRunning: number };
}
