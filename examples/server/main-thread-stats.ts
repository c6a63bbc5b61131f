/**
 * Where the main thread's time goes, for /health: how late the event loop ran (Node's
 * monitorEventLoopDelay), the garbage collector's pauses, and the longest synchronous calls into
 * the library that the server makes (starting a factorisation, disposing a factor). Each /health
 * answer covers the time since the previous one, the way a monitoring system polls it.
 */
import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';

export interface Pauses {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface MainThreadReport {
  sinceSeconds: number;
  /** Lateness of a 1 ms timer: what any request waited for the event loop, at worst. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /**
   * Garbage-collection pauses of the main thread's heap, by kind: minor, major, incremental,
   * weakcb; "major (external memory)" is a full collection V8 started because the external
   * memory it counts grew 64 MB: native memory reported to it (spsolve's memory reports, which
   * this server switches off) or ArrayBuffers that arrived in this thread (docs/async-and-threads.md).
   */
  gc: Record<string, Pauses>;
  /** The server's synchronous calls into the library, by name. */
  calls: Record<string, Pauses>;
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

function gcName({ kind = 0, flags = 0 }: { kind?: number; flags?: number }): string {
  const name = GC_KINDS[kind] ?? `kind ${kind}`;
  return flags & constants.NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY ? `${name} (external memory)` : name;
}

export class MainThreadStats {
  #delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });
  #gcObserver: PerformanceObserver;
  #gc: Record<string, Pauses> = {};
  #calls: Record<string, Pauses> = {};
  #since = performance.now();

  constructor() {
    this.#delay.enable();
    this.#gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        record(this.#gc, gcName((entry as { detail?: { kind?: number; flags?: number } }).detail ?? {}), entry.duration);
      }
    });
    this.#gcObserver.observe({ entryTypes: ['gc'] });
  }

  /** Runs `call` and records how long it held the main thread under `name`. */
  time<T>(name: string, call: () => T): T {
    const started = performance.now();
    try {
      return call();
    } finally {
      record(this.#calls, name, performance.now() - started);
    }
  }

  /** The report since the previous one, and a fresh start. */
  take(): MainThreadReport {
    const ms = (ns: number) => round(ns / 1e6);
    const report: MainThreadReport = {
      sinceSeconds: round((performance.now() - this.#since) / 1000),
      eventLoopDelayMs: { p50: ms(this.#delay.percentile(50)), p99: ms(this.#delay.percentile(99)), max: ms(this.#delay.max) },
      gc: this.#gc,
      calls: this.#calls,
    };
    this.#delay.reset();
    this.#gc = {};
    this.#calls = {};
    this.#since = performance.now();
    return report;
  }

  stop(): void {
    this.#delay.disable();
    this.#gcObserver.disconnect();
  }
}

function record(table: Record<string, Pauses>, name: string, ms: number): void {
  const pauses = (table[name] ??= { count: 0, totalMs: 0, maxMs: 0 });
  pauses.count++;
  pauses.totalMs = round(pauses.totalMs + ms);
  pauses.maxMs = round(Math.max(pauses.maxMs, ms));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
