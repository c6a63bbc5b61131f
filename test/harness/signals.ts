/**
 * A Node process that keeps orderings running on libuv's pool while it sends itself SIGTERM every
 * 20 ms, with a handler that counts them; prints { sent, received, jobs, failures } as JSON.
 * test/signals.test.ts runs it: every signal must reach Node's handler, and nothing may crash.
 *
 *   node dist/test/harness/signals.js <ordering> [seconds]
 */
import { analyzeAsync, type Ordering, poisson3d } from '../../lib';

async function main(ordering: Ordering, seconds: number): Promise<void> {
  let received = 0, sent = 0, jobs = 0, failures = 0;
  process.on('SIGTERM', () => { received++; });
  const A = poisson3d(30);
  const end = Date.now() + seconds * 1000;
  const orderings = async () => {
    while (Date.now() < end) {
      try {
        (await analyzeAsync(A, { ordering })).dispose();
        jobs++;
      } catch {
        failures++;
      }
    }
  };
  const timer = setInterval(() => {
    sent++;
    process.kill(process.pid, 'SIGTERM');
  }, 20);
  await Promise.all([orderings(), orderings(), orderings(), orderings()]);
  clearInterval(timer);
  await new Promise((resolve) => setTimeout(resolve, 100)); // the last signal's handler
  console.log(JSON.stringify({ sent, received, jobs, failures }));
}

main(process.argv[2] as Ordering, Number(process.argv[3] ?? 2));
