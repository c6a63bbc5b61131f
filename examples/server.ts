/**
 * `npm run example:server [-- --port N --cache-bytes 1G --max-body-bytes 64M]`: an HTTP server
 * that factorises sparse SPD matrices and solves with them, keeping the factorisations in a cache.
 *
 *   POST /factor        { "poisson3d": 30 } | { "csc": {...} } | { "matrixMarket": "..." }, "options"
 *                       → { key, cached, n, nnzL, timings, ... }
 *   POST /solve/:key    { "b": [...] } or { "b": [[...], [...]] } → { x, relativeResidual, ... }
 *   GET  /health        live factors, cache, build, main-thread delays since the previous /health
 *   GET  /ping          { "pong": true }, the latency probe
 *
 * The event loop only routes requests: the factorisations and solves run on libuv's thread pool
 * (choleskyAsync, solveAsync), and decoding request bodies runs in a worker thread. Started with
 * SPSOLVE_JOB_PRIORITY=background, the factorisations also stay out of the event loop's way on the
 * cores (docs/async-and-threads.md, "Background jobs"); left normal here, because at that priority
 * a job waits for any other work on the machine, however long. SIGINT or
 * SIGTERM shuts it down gracefully: no new connections, the requests in flight finish, every
 * factor is disposed, and the process exits 0 when no native factor is left alive.
 *
 * The modules under examples/server/ each hold one part: the cache (factor-cache.ts), the cache
 * key (factor-key.ts), decoding bodies (factor-request.ts, solve-request.ts, the worker), the
 * routes, and the main-thread statistics.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

import { liveHandles, setMemoryReports } from '../lib';
import type { ServerContext, ServerLimits } from './server/context';
import { FactorCache } from './server/factor-cache';
import { MainThreadStats } from './server/main-thread-stats';
import { RequestDecoder } from './server/request-decoder';
import { route } from './server/routes';

export interface ServerOptions extends Partial<ServerLimits> {
  /** TCP port on 127.0.0.1; 0 (the default) lets the system pick a free one. */
  port?: number;
  /** Bound on the native memory of the cached factors (default 1 GiB). */
  maxCacheBytes?: number;
}

export interface ShutdownReport {
  /** Factors disposed at shutdown (the ones still cached). */
  disposedFactors: number;
  /** Native factors still alive afterwards: 0 unless something leaked. */
  liveHandles: number;
}

export interface RunningServer {
  url: string;
  /** Graceful shutdown: stops accepting, waits for the requests in flight, disposes every factor. */
  close(): Promise<ShutdownReport>;
}

const DEFAULT_LIMITS: ServerLimits = { maxBodyBytes: 64 * 2 ** 20, maxSolutionValues: 100_000, maxConcurrentFactorizations: 4 };

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const stats = new MainThreadStats();
  const context: ServerContext = {
    cache: new FactorCache({
      maxBytes: options.maxCacheBytes ?? 2 ** 30,
      // Freeing a large factor takes the main thread milliseconds; /health shows how many.
      disposeFactor: (factor) => stats.time('dispose', () => factor.dispose()),
    }),
    decoder: new RequestDecoder(),
    stats,
    limits: {
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes,
      maxSolutionValues: options.maxSolutionValues ?? DEFAULT_LIMITS.maxSolutionValues,
      maxConcurrentFactorizations: options.maxConcurrentFactorizations ?? DEFAULT_LIMITS.maxConcurrentFactorizations,
    },
    startedAt: performance.now(),
    state: { shuttingDown: false, requestsInFlight: 0, factorizationsRunning: 0 },
  };
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    context.state.requestsInFlight++;
    const handled = route(context, req, res).finally(() => {
      context.state.requestsInFlight--;
      inFlight.delete(handled);
    });
    inFlight.add(handled);
  });
  await listen(server, options.port ?? 0);
  const { port } = server.address() as AddressInfo;

  let closing: Promise<ShutdownReport> | undefined;
  const close = () => (closing ??= shutDown(server, context, inFlight));
  return { url: `http://127.0.0.1:${port}`, close };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function shutDown(server: Server, context: ServerContext, inFlight: Set<Promise<void>>): Promise<ShutdownReport> {
  context.state.shuttingDown = true; // a request on a kept-alive connection now gets 503
  const closed = new Promise<void>((resolve) => server.close(() => resolve())); // no new connections
  server.closeIdleConnections();
  // Requests may still arrive on open connections meanwhile (answered 503 at once): wait until none is left.
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  server.closeAllConnections();
  await closed;
  await context.decoder.close();
  const disposedFactors = context.cache.disposeAll();
  context.stats.stop();
  return { disposedFactors, liveHandles: liveHandles() };
}

/** "512M", "2G", "65536": bytes, with binary suffixes K, M, G. */
function parseBytes(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)([KMG]?)$/i.exec(text.trim());
  if (!match) throw new RangeError(`${option} must be a number of bytes, optionally with K, M or G, got ${text}`);
  const power = { '': 0, K: 10, M: 20, G: 30 }[match[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Math.floor(Number(match[1]) * 2 ** power);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'cache-bytes': { type: 'string', default: '1G' },
      'max-body-bytes': { type: 'string', default: '64M' },
    },
  });
  // Every factor this server makes is disposed by its cache (on eviction, at shutdown), so V8
  // need not hear of their memory: each report of a new cached factor would start a full
  // collection that frees nothing and pauses the event loop (bench/README.md, the server).
  setMemoryReports(false);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--port must be an integer in 0..65535, got ${values.port}`);
  const server = await startServer({
    port,
    maxCacheBytes: parseBytes(values['cache-bytes']!, '--cache-bytes'),
    maxBodyBytes: parseBytes(values['max-body-bytes']!, '--max-body-bytes'),
  });
  console.log(`spsolve server listening on ${server.url}`);

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      console.log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    signalled = true;
    console.log(`${signal}: finishing the requests in flight, then disposing every factor`);
    server.close().then(
      ({ disposedFactors, liveHandles: alive }) => {
        console.log(`disposed ${disposedFactors} cached factor(s); live factors: ${alive}`);
        process.exit(alive === 0 ? 0 : 1);
      },
      (error) => {
        console.error('shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
