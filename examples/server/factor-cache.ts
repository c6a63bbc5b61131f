/**
 * A cache of factorisations, least recently used first out, bounded by the native memory the
 * factors hold (`factor.info.memoryBytes`), not by their number: one 3D factor can outweigh a
 * thousand small 2D ones.
 *
 * Requests borrow a factor through a lease. Eviction takes an entry out of the cache at once (a
 * new request for its key misses), but disposes the factor only when the last lease on it is
 * released: a request that is solving with a factor never finds it disposed under its feet, which
 * Factor.dispose() would otherwise make a DisposedError on its next call.
 *
 * Two requests for the same key while the first is still factorising share one factorisation
 * (the second waits for the first) instead of computing it twice.
 */
import type { Factor } from '../../lib';

/** A factor and what a caller needs to know about how it was made. */
export interface Cached {
  factor: Factor;
  /** The shift β of the factorisation (the factor is of A + βI). */
  shift: number;
  /** Called once the factor is disposed: frees what lives as long as it (its matrix's memory). */
  afterDispose?: () => void;
}

/** A request's use of a cached factor; release it when the request is done with the factor. */
export interface Lease extends Cached {
  readonly key: string;
  /** Idempotent. Disposes the factor if it was evicted and this was its last lease. */
  release(): void;
}

export interface CacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
  /** Evicted factors still leased by a request: alive until released, outside `bytes`. */
  retiredEntries: number;
  retiredBytes: number;
  /** Lookups by acquireOrCreate (POST /factor) that found the factor made or being made. */
  hits: number;
  /** Lookups by acquireOrCreate that started a factorisation. */
  misses: number;
  evictions: number;
}

interface Entry extends Cached {
  key: string;
  bytes: number;
  leases: number;
  evicted: boolean;
}

interface Creation {
  entry: Promise<Entry>;
  /** Requests waiting for this factorisation, the one that started it included. */
  waiters: number;
}

export interface FactorCacheOptions {
  maxBytes: number;
  /** How a factor is disposed (default `factor.dispose()`); the server wraps it to time it. */
  disposeFactor?: (factor: Factor) => void;
}

export class FactorCache {
  readonly maxBytes: number;
  // A Map iterates in insertion order; a use re-inserts its entry, so the first is the least recently used.
  #entries = new Map<string, Entry>();
  #creating = new Map<string, Creation>();
  #retired = new Set<Entry>();
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #disposeFactor: (factor: Factor) => void;

  constructor({ maxBytes, disposeFactor = (factor) => factor.dispose() }: FactorCacheOptions) {
    this.maxBytes = maxBytes;
    this.#disposeFactor = disposeFactor;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** A lease on the cached factor for `key`, or undefined when it is not cached. */
  acquire(key: string): Lease | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    entry.leases++;
    return this.#lease(entry);
  }

  /**
   * A lease on the factor for `key`: the cached one, the one another request is making, or a new
   * one from `create()` (then inserted, evicting the least recently used beyond the byte bound).
   * `cached` is false only for the request whose `create()` made the factor.
   */
  async acquireOrCreate(key: string, create: () => Promise<Cached>): Promise<{ lease: Lease; cached: boolean }> {
    const hit = this.acquire(key);
    if (hit) {
      this.#hits++;
      return { lease: hit, cached: true };
    }
    let creation = this.#creating.get(key);
    const cached = creation !== undefined;
    if (creation) this.#hits++;
    else creation = this.#create(key, create);
    creation.waiters++;
    // The entry comes back with a lease counted for every waiter, taken before any of them resumes.
    return { lease: this.#lease(await creation.entry), cached };
  }

  stats(): CacheStats {
    let retiredBytes = 0;
    for (const entry of this.#retired) retiredBytes += entry.bytes;
    return {
      entries: this.#entries.size,
      bytes: this.#bytes,
      maxBytes: this.maxBytes,
      retiredEntries: this.#retired.size,
      retiredBytes,
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
    };
  }

  /**
   * Disposes every factor, cached or retired, and empties the cache: for shutdown, once no
   * request is in flight (a factor still leased is disposed all the same). Returns how many.
   */
  disposeAll(): number {
    const all = [...this.#entries.values(), ...this.#retired];
    this.#entries.clear();
    this.#retired.clear();
    this.#bytes = 0;
    for (const entry of all) this.#dispose(entry);
    return all.length;
  }

  #create(key: string, create: () => Promise<Cached>): Creation {
    this.#misses++;
    const creation = { waiters: 0 } as Creation;
    creation.entry = this.#insertWhenMade(key, create, creation);
    this.#creating.set(key, creation);
    return creation;
  }

  async #insertWhenMade(key: string, create: () => Promise<Cached>, creation: Creation): Promise<Entry> {
    try {
      const made = await create();
      const entry: Entry = { ...made, key, bytes: made.factor.info.memoryBytes, leases: creation.waiters, evicted: false };
      this.#entries.set(key, entry);
      this.#bytes += entry.bytes;
      this.#evictBeyondBound();
      return entry;
    } finally {
      this.#creating.delete(key);
    }
  }

  #evictBeyondBound(): void {
    for (const entry of this.#entries.values()) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(entry.key);
      this.#bytes -= entry.bytes;
      this.#evictions++;
      entry.evicted = true;
      if (entry.leases === 0) this.#dispose(entry);
      else this.#retired.add(entry);
    }
  }

  #dispose(entry: Entry): void {
    this.#disposeFactor(entry.factor);
    entry.afterDispose?.();
  }

  #lease(entry: Entry): Lease {
    let released = false;
    return {
      key: entry.key,
      factor: entry.factor,
      shift: entry.shift,
      release: () => {
        if (released) return;
        released = true;
        entry.leases--;
        if (entry.evicted && entry.leases === 0 && this.#retired.delete(entry)) this.#dispose(entry);
      },
    };
  }
}
