/**
 * `npm run fuzz`: the properties of test/properties/, many times, each batch in a child process so
 * that a crash (segfault, abort, V8 fatal error) is observed instead of killing the runner, and a
 * hang is killed after --batch-timeout. Each run is announced before it starts, so a crash or a
 * hang is reported with its property, seed and run number, and the command that replays it
 * (with FUZZ_TRACE=1 the child prints every generated input).
 *
 *   node dist/bench/reliability/fuzz.js [--cases 100000] [--chunk 2500] [--jobs 2] [--seed 1]
 *                                       [--only name,name] [--time-limit 900] [--batch-timeout 120]
 *   node dist/bench/reliability/fuzz.js --child <property> <seed> <runs>    (one batch, prints JSON)
 *
 * Exit code: 0 when every property held and nothing crashed, 1 otherwise.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import fc from 'fast-check';

interface BatchResult {
  name: string;
  seed: number;
  runs: number;
  failed: boolean;
  counterexample?: string;
  error?: string;
  path?: string;
  known: Record<string, number>;
  unchecked: Record<string, number>;
  liveHandles: number;
}

interface Outcome {
  result?: BatchResult;
  /**
   * Set when the child died without reporting (signal or exit code, stderr tail) or was killed
   * after the batch timeout (hung); lastRun is the run it had started.
   */
  crash?: { signal: string | null; code: number | null; stderr: string; hung: boolean; lastRun: number };
}

const RESULT_PREFIX = 'FUZZ-RESULT ';

async function child(name: string, seed: number, runs: number): Promise<void> {
  const { PROPERTIES, knownIssueHits, uncheckedHits } = await import('../../test/properties');
  const { liveHandles } = await import('../../lib');
  const entry = PROPERTIES.find((p) => p.name === name);
  if (!entry) throw new Error(`no property ${name}; have ${PROPERTIES.map((p) => p.name).join(', ')}`);
  const details = await fc.check(traced(entry.property, runs) as fc.IAsyncProperty<unknown>, { seed, numRuns: runs });
  const result: BatchResult = {
    name, seed, runs: details.numRuns, failed: details.failed,
    known: Object.fromEntries(knownIssueHits), unchecked: Object.fromEntries(uncheckedHits), liveHandles: liveHandles(),
  };
  if (details.failed) {
    result.counterexample = fc.stringify(details.counterexample);
    result.error = String(details.errorInstance);
    result.path = details.counterexamplePath ?? undefined;
  }
  process.stdout.write(RESULT_PREFIX + JSON.stringify(result) + '\n');
}

/**
 * The property with each run announced before it starts: `RUN k` on stdout (a synchronous write,
 * so it is out before a crash), and with FUZZ_TRACE=1 the generated value on stderr. The last
 * announced run of a child that crashed or hung is the one to replay.
 * FUZZ_CRASH_AT=k aborts at run k: a self-test of crash detection.
 */
function traced<P extends fc.IRawProperty<any, boolean>>(property: P, runs: number): P {
  const trace = process.env.FUZZ_TRACE === '1';
  const crashAt = Number(process.env.FUZZ_CRASH_AT ?? 0);
  let k = 0;
  return new Proxy(property, {
    get(target, key, receiver) {
      if (key !== 'run') {
        const v = Reflect.get(target, key, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      return (value: unknown) => {
        k++;
        if (k <= runs) fs.writeSync(1, `RUN ${k}\n`);
        if (trace) fs.writeSync(2, `RUN ${k} ${fc.stringify(value)}\n`);
        if (k === crashAt) process.abort();
        return target.run(value as never);
      };
    },
  });
}

function runChild(name: string, seed: number, runs: number, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [__filename, '--child', name, String(seed), String(runs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let lastRun = 0;
    let hung = false;
    const timer = setTimeout(() => { hung = true; proc.kill('SIGKILL'); }, timeoutMs);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const runs = stdout.match(/RUN (\d+)\n/g);
      if (runs) lastRun = Number(runs[runs.length - 1].slice(4));
      const cut = stdout.lastIndexOf('\nRUN ');
      if (cut > 0 && !stdout.includes(RESULT_PREFIX)) stdout = stdout.slice(cut + 1);
    });
    proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (line && code === 0) resolve({ result: JSON.parse(line.slice(RESULT_PREFIX.length)) });
      else resolve({ crash: { signal, code, stderr, hung, lastRun } });
    });
  });
}

function option(args: string[], name: string, fallback: string): string {
  const k = args.indexOf(`--${name}`);
  return k >= 0 && k + 1 < args.length ? args[k + 1] : fallback;
}

async function parent(args: string[]): Promise<number> {
  const { PROPERTIES } = await import('../../test/properties');
  const cases = Number(option(args, 'cases', '100000'));
  const chunk = Number(option(args, 'chunk', '2500'));
  const jobs = Number(option(args, 'jobs', '2'));
  const baseSeed = Number(option(args, 'seed', String(Date.now() % 1e9)));
  const timeLimit = Number(option(args, 'time-limit', '900')) * 1000;
  const batchTimeout = Number(option(args, 'batch-timeout', '120')) * 1000;
  const only = option(args, 'only', '').split(',').filter(Boolean);
  const selected = PROPERTIES.filter((p) => only.length === 0 || only.includes(p.name));
  const totalWeight = selected.reduce((s, p) => s + (p.weight ?? 1), 0);

  // Batches: each property gets its share of the cases, in chunks with consecutive seeds.
  const tasks: Array<{ name: string; seed: number; runs: number }> = [];
  let seed = baseSeed;
  for (const p of selected) {
    let remaining = Math.ceil((cases * (p.weight ?? 1)) / totalWeight);
    while (remaining > 0) {
      const runs = Math.min(chunk, remaining);
      tasks.push({ name: p.name, seed: seed++, runs });
      remaining -= runs;
    }
  }
  console.log(`fuzz: ${selected.length} properties, ${tasks.length} batches, target ${cases} cases, base seed ${baseSeed}, ${jobs} child processes`);

  const start = Date.now();
  const perProperty = new Map<string, { runs: number; ms: number }>();
  const failures: BatchResult[] = [];
  const crashes: Array<{ name: string; seed: number; runs: number; firstRun: number; crash: NonNullable<Outcome['crash']> }> = [];
  const known = new Map<string, number>();
  const unchecked = new Map<string, number>();
  let leaked = 0;
  let next = 0;
  let skipped = 0;

  async function worker(): Promise<void> {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (Date.now() - start > timeLimit) { skipped++; continue; }
      const t0 = Date.now();
      const outcome = await runChild(task.name, task.seed, task.runs, batchTimeout);
      const stats = perProperty.get(task.name) ?? { runs: 0, ms: 0 };
      stats.ms += Date.now() - t0;
      if (outcome.result) {
        const r = outcome.result;
        stats.runs += r.runs;
        if (r.failed) failures.push(r);
        if (r.liveHandles !== 0) leaked += r.liveHandles;
        for (const [id, hits] of Object.entries(r.known)) known.set(id, (known.get(id) ?? 0) + hits);
        for (const [id, hits] of Object.entries(r.unchecked)) unchecked.set(id, (unchecked.get(id) ?? 0) + hits);
      } else {
        const firstRun = outcome.crash!.lastRun;
        crashes.push({ ...task, firstRun, crash: outcome.crash! });
        stats.runs += firstRun;
      }
      perProperty.set(task.name, stats);
    }
  }
  await Promise.all(Array.from({ length: jobs }, worker));

  const total = [...perProperty.values()].reduce((s, p) => s + p.runs, 0);
  console.log('\nproperty                 cases     child-seconds');
  for (const [name, s] of perProperty) console.log(`${name.padEnd(24)} ${String(s.runs).padStart(7)} ${(s.ms / 1000).toFixed(1).padStart(12)}`);
  console.log(`${'total'.padEnd(24)} ${String(total).padStart(7)}   (${((Date.now() - start) / 1000).toFixed(1)} s wall${skipped ? `, ${skipped} batches skipped: time limit` : ''})`);
  for (const c of crashes) {
    const what = c.crash.hung ? `HANG (killed after ${batchTimeout / 1000} s)` : `CRASH (signal ${c.crash.signal}, code ${c.crash.code})`;
    console.log(`\n${what} in ${c.name}: seed ${c.seed}, at run ${c.firstRun}`);
    console.log(`  reproduce: FUZZ_TRACE=1 node ${__filename} --child ${c.name} ${c.seed} ${c.firstRun}   (the last RUN line on stderr is the input)`);
    console.log(c.crash.stderr.split('\n').slice(-25).map((l) => `  | ${l}`).join('\n'));
  }
  for (const f of failures) {
    console.log(`\nFAILED ${f.name}: seed ${f.seed} path ${f.path}\n  ${f.error}\n  counterexample: ${f.counterexample?.slice(0, 2000)}`);
    console.log(`  reproduce: FUZZ_SEED=${f.seed} FUZZ_RUNS=${f.runs} npx jest test/fuzz.test.ts -t '${f.name}'   (or --child ${f.name} ${f.seed} ${f.runs})`);
  }
  for (const [id, hits] of known) console.log(`known issue ${id}: hit ${hits} times (tolerated; FUZZ_STRICT=1 fails on it)`);
  if (unchecked.size) {
    console.log(`\nunchecked arguments outside the core (an engine TypeError / RangeError, not a crash; ${unchecked.size} kinds):`);
    for (const [id, hits] of [...unchecked].sort()) console.log(`  ${String(hits).padStart(6)}  ${id}`);
  }
  if (leaked) console.log(`LEAK: ${leaked} native handles alive at the end of batches`);
  const hangs = crashes.filter((c) => c.crash.hung).length;
  console.log(`\nfuzz: ${total} cases, ${crashes.length - hangs} crashes, ${hangs} hangs, ${failures.length} property failures, ${leaked} leaked handles`);
  return crashes.length || failures.length || leaked ? 1 : 0;
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  child(argv[1], Number(argv[2]), Number(argv[3])).catch((error) => {
    console.error(error);
    process.exit(2);
  });
} else {
  parent(argv).then((code) => { process.exitCode = code; });
}
