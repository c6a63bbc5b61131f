/**
 * The progress lines on stderr, one per phase: `spsolve: factorizing 4,884 x 4,884 … 1.42 s`.
 *
 * On a terminal the line appears when the phase starts, with a running clock for an asynchronous
 * phase, and is erased if the phase fails. Elsewhere (logs, pipes, tests) a line is written when
 * its phase succeeds. Either way a failure leaves exactly one line: the error.
 * @internal
 * @module
 */

/** Phases shorter than this show no running clock (it would only flicker). */
const TICK_AFTER_MS = 1000;

export class Progress {
  constructor(
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Runs `work`, announcing it and reporting its duration. */
  async run<T>(label: string, work: () => T | Promise<T>): Promise<T> {
    if (!this.enabled) return work();
    const live = this.stream.isTTY === true;
    const start = performance.now();
    const head = `spsolve: ${label} …`;
    let ticker: NodeJS.Timeout | undefined;
    if (live) {
      this.stream.write(head);
      ticker = setInterval(() => {
        const elapsed = performance.now() - start;
        if (elapsed >= TICK_AFTER_MS) this.stream.write(`\r${head} ${seconds(elapsed)}`);
      }, 250);
      ticker.unref();
    }
    try {
      const result = await work();
      const done = `${head} ${seconds(performance.now() - start)}`;
      this.stream.write(live ? `\r${done}\x1b[K\n` : `${done}\n`);
      return result;
    } catch (error) {
      if (live) this.stream.write('\r\x1b[K');
      throw error;
    } finally {
      if (ticker) clearInterval(ticker);
    }
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
