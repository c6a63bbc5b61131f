/**
 * `npm run bench:server`: how long the example server (examples/server.ts) takes to answer
 * GET /ping while 0, 1, 2 and 4 large factorisations run in it, for each BLAS thread policy.
 *
 * The server runs in a child process (`node dist/examples/server.js`, SPSOLVE_THREADS set to the
 * policy); this process is the client, over loopback only. In each scenario, k "factor streams"
 * each POST /factor { poisson3d: SIDE, scale } one after another with a new scale every time (so
 * every request misses the cache and factorises), while the pinger sends PINGS requests at a fixed
 * rate, one every INTERVAL_MS, on a keep-alive agent. A ping's latency runs from the moment it is
 * sent to the end of its response. The cache bound (CACHE_BYTES) holds a few factors, so steady
 * state evicts, and disposes, one factor per factorisation, as a long-running server would.
 *
 * Besides the client's view, each row gives the server's own: /health reports the event loop's
 * delay, GC pauses and the longest synchronous library calls since the previous /health, which
 * the bench calls just before and just after each ping window.
 *
 * Configurations (BENCH_CONFIGS, default 'auto,1,auto/background,1/background'): the BLAS thread
 * policy (SPSOLVE_THREADS), and optionally "/background" (SPSOLVE_JOB_PRIORITY=background: the
 * jobs run at SCHED_IDLE, setJobPriority) or "/niceN": after the warm-up, every thread of the
 * server but its main thread (libuv's pool, the BLAS tile team, V8's helpers, the decoder worker)
 * is reniced to N from here (Linux keeps a nice value per thread), an experiment.
 *
 * The server's main thread's wait for a core comes from the kernel (its schedstat): that is what
 * the job priority decides. A late answer beyond it and beyond the server's own steps is the
 * hypervisor's: on a virtual machine, a vCPU that is descheduled stops every thread on it.
 *
 * The machine is shared: the last column is the CPU that other processes (and the hypervisor's
 * steal) took during the window, in cores, from /proc/stat minus the server's and this process's
 * own CPU time. A row with more than a few hundredths there measured someone else's work too.
 *
 * The server runs with the node flags of SERVER_NODE_FLAGS (BENCH_SERVER_FLAGS overrides them; ''
 * for none): the garbage-collector settings docs/async-and-threads.md recommends for a server
 * whose event loop must answer within milliseconds.
 *
 * Environment: BENCH_SIDE (40), BENCH_PINGS (1000), BENCH_INTERVAL_MS (2), BENCH_CONFIGS,
 * BENCH_CACHE_BYTES ('512M'), BENCH_SERVER_FLAGS, BENCH_DETAILS (a file to append each window's
 * /health to, as JSON lines).
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import * as os from 'node:os';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const SIDE = Number(process.env.BENCH_SIDE ?? 40);
const PINGS = Number(process.env.BENCH_PINGS ?? 1000);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 2);
const CONFIGS = (process.env.BENCH_CONFIGS ?? 'auto,1,auto/background,1/background').split(',').map(parseConfig);
const CACHE_BYTES = process.env.BENCH_CACHE_BYTES ?? '512M';
const RUNNING = [0, 1, 2, 4];
/** The latency-sensitive server's garbage-collector settings (docs/async-and-threads.md, "A server"). */
const DEFAULT_SERVER_FLAGS = '--single-threaded-gc --no-memory-reducer';
const SERVER_SCRIPT = join(__dirname, '..', 'examples', 'server.js');
const SERVER_NODE_FLAGS = (process.env.BENCH_SERVER_FLAGS ?? DEFAULT_SERVER_FLAGS).split(/\s+/).filter(Boolean);

interface Pauses {
  count: number;
  maxMs: number;
}
interface Health {
  liveFactors: number;
  cache: { evictions: number };
  mainThread: { eventLoopDelayMs: { max: number }; gc: Record<string, Pauses>; calls: Record<string, Pauses> };
}

interface Config {
  label: string;
  /** SPSOLVE_THREADS of the server. */
  policy: string;
  /** SPSOLVE_JOB_PRIORITY of the server. */
  priority: 'normal' | 'background';
  /** Nice value of the server's threads other than the main one (0: left alone). */
  nice: number;
}

function parseConfig(text: string): Config {
  const match = /^(auto|\d+)(?:\/(?:nice(\d+)|(background)))?$/.exec(text.trim());
  if (!match) throw new RangeError(`BENCH_CONFIGS: expected e.g. 'auto', '1', 'auto/background' or 'auto/nice10', got '${text}'`);
  const nice = Number(match[2] ?? 0);
  const priority = match[3] ? 'background' : 'normal';
  const label = nice ? `${match[1]}, other threads nice ${nice}` : priority === 'background' ? `${match[1]}, jobs in the background` : match[1];
  return { label, policy: match[1], nice, priority };
}

interface Row {
  config: string;
  running: number;
  latencies: number[];
  clientDelayMaxMs: number;
  health: Health;
  evictions: number;
  started: number;
  finished: Factorisation[];
  /** CPU used by other processes during the window, in cores. */
  othersCores: number;
  /** The server's main thread's wait for a core during the window, and the times it was scheduled. */
  mainWait: { ms: number; slices: number };
}

// Pings and /health keep their connections alive, and close an idle one after 3 s, before the
// server's 5 s keep-alive timeout can: a request sent on a connection the server is closing at
// that moment fails with ECONNRESET. A /factor takes long enough to open its own connection.
const pingAgent = new Agent({ keepAlive: true, maxSockets: 16, timeout: 3000 });

function send(url: string, method: 'GET' | 'POST', agent: Agent | false, body?: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode !== 200) reject(new Error(`${method} ${url}: ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text));
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** `count` pings, the i-th sent at start + i · intervalMs (or at once, if the client is late); their latencies. */
function pingAtFixedRate(url: string, count: number, intervalMs: number): Promise<number[]> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let sent = 0;
    const ping = () => {
      const sentAt = performance.now();
      const req = request(`${url}/ping`, { agent: pingAgent }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - sentAt);
          if (latencies.length === count) resolve(latencies);
        });
      });
      req.on('error', reject);
      req.end();
    };
    const tick = () => {
      while (sent < count && start + sent * intervalMs <= performance.now()) {
        ping();
        sent++;
      }
      if (sent < count) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
    };
    tick();
  });
}

let nextScale = 1;

interface Factorisation {
  startedAt: number;
  finishedAt: number;
  factorMs: number;
  blasThreads: number;
}

/**
 * Keeps POSTing /factor with new values until `stopped()`, recording each factorisation;
 * `first` resolves when the first one has finished.
 */
function factorStream(url: string, stopped: () => boolean) {
  const finished: Factorisation[] = [];
  const started: number[] = [];
  let firstDone = () => {};
  const first = new Promise<void>((resolve) => (firstDone = resolve));
  const done = (async () => {
    while (!stopped()) {
      const startedAt = performance.now();
      started.push(startedAt);
      const answer = await send(`${url}/factor`, 'POST', false, { poisson3d: SIDE, scale: 1 + 1e-6 * nextScale++ });
      finished.push({ startedAt, finishedAt: performance.now(), factorMs: answer.timings.factorMs, blasThreads: answer.blasThreads });
      firstDone();
    }
  })();
  return { started, finished, first, done };
}

/** Busy CPU time of the whole machine (steal included), in clock ticks. */
function machineTicks(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq + steal;
}

/** CPU time of process `pid`, all its threads, in clock ticks (utime + stime of /proc/pid/stat). */
function processTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * How long thread `tid` of process `pid` has waited on a run queue for a core, in ms, and how
 * many times it was scheduled (proc(5), schedstat): the part of a late answer that thread
 * priorities decide. What the hypervisor takes from a running thread is not in it.
 */
function runQueueWait(pid: number, tid = pid): { ms: number; slices: number } {
  const [, waitNs, slices] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  return { ms: waitNs / 1e6, slices };
}

async function scenario(url: string, serverPid: number, config: string, running: number): Promise<Row> {
  let stop = false;
  const streams = Array.from({ length: running }, () => factorStream(url, () => stop));
  // Steady state: every stream has finished a factorisation and started the next, so the window
  // sees starts, finishes and evictions, not only the first starts.
  await Promise.all(streams.map((s) => s.first));
  const before: Health = await send(`${url}/health`, 'GET', pingAgent); // also starts the server's window
  const ourTicks = () => processTicks(serverPid) + processTicks(process.pid);
  const ticksBefore = { machine: machineTicks(), ours: ourTicks() };
  const waitBefore = runQueueWait(serverPid);
  const clientDelay = monitorEventLoopDelay({ resolution: 1 });
  clientDelay.enable();
  const windowStart = performance.now();
  const latencies = await pingAtFixedRate(url, PINGS, INTERVAL_MS);
  const windowEnd = performance.now();
  const othersTicks = machineTicks() - ticksBefore.machine - (ourTicks() - ticksBefore.ours);
  const waitAfter = runQueueWait(serverPid);
  clientDelay.disable();
  const health: Health = await send(`${url}/health`, 'GET', pingAgent);
  if (process.env.BENCH_DETAILS) appendFileSync(process.env.BENCH_DETAILS, JSON.stringify({ config, running, health }) + '\n');
  stop = true;
  const inWindow = (t: number) => t >= windowStart && t <= windowEnd;
  const started = streams.flatMap((s) => s.started).filter(inWindow).length;
  const finished = streams.flatMap((s) => s.finished).filter((f) => inWindow(f.finishedAt));
  await Promise.all(streams.map((s) => s.done)); // the ones still running finish, unmeasured
  return {
    config, running, latencies, health, started, finished,
    othersCores: Math.max(0, othersTicks) / TICKS_PER_SECOND / ((windowEnd - windowStart) / 1000),
    mainWait: { ms: waitAfter.ms - waitBefore.ms, slices: waitAfter.slices - waitBefore.slices },
    clientDelayMaxMs: clientDelay.max / 1e6,
    evictions: health.cache.evictions - before.cache.evictions,
  };
}

async function startServer(config: Config): Promise<{ url: string; pid: number; stop: () => Promise<string> }> {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER_SCRIPT, '--port', '0', '--cache-bytes', CACHE_BYTES], {
    env: { ...process.env, SPSOLVE_THREADS: config.policy, SPSOLVE_JOB_PRIORITY: config.priority },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // If the bench fails, the server must not outlive it.
  process.on('exit', () => child.kill('SIGKILL'));
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exit ${code}`)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]);
    });
    exited.then((how) => reject(new Error(`the server stopped (${how}): ${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      const how = await exited;
      const report = /live factors: \d+/.exec(output)?.[0];
      return report ? `${how}, ${report}` : how;
    },
  };
}

/** Renices every thread of process `pid` but its main thread (whose thread id is the pid); how many. */
function reniceOtherThreads(pid: number, nice: number): number {
  const others = readdirSync(`/proc/${pid}/task`).map(Number).filter((tid) => tid !== pid);
  for (const tid of others) os.setPriority(tid, nice);
  return others.length;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The server's longest main-thread pause in the window: a GC or a timed library call. */
function longestStep(health: Health): string {
  const { gc, calls } = health.mainThread;
  const steps = [
    ...Object.entries(gc).map(([kind, p]) => ({ name: `GC ${kind}`, ...p })),
    ...Object.entries(calls).map(([name, p]) => ({ name, ...p })),
  ];
  if (steps.length === 0) return '–';
  const worst = steps.reduce((a, b) => (b.maxMs > a.maxMs ? b : a));
  return `${worst.name} ${worst.maxMs.toFixed(1)}`;
}

function printRow(row: Row): void {
  const sorted = [...row.latencies].sort((a, b) => a - b);
  const ms = (x: number) => x.toFixed(2);
  const threads = [...new Set(row.finished.map((f) => f.blasThreads))].join('/') || '–';
  const meanFactorMs = row.finished.length ? row.finished.reduce((s, f) => s + f.factorMs, 0) / row.finished.length : NaN;
  console.log(
    `| ${row.config} | ${row.running} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} | ${ms(sorted.at(-1)!)} | ` +
      `${ms(row.health.mainThread.eventLoopDelayMs.max)} | ${longestStep(row.health)} | ${ms(row.clientDelayMaxMs)} | ` +
      `${row.started} / ${row.finished.length}${row.finished.length ? ` (${meanFactorMs.toFixed(0)} ms, ${threads})` : ''} | ` +
      `${row.evictions} | ${row.mainWait.ms.toFixed(1)} (${((1000 * row.mainWait.ms) / row.mainWait.slices).toFixed(0)} µs) | ${row.othersCores.toFixed(2)} |`,
  );
}

/** The longest interval between consecutive calls of `step` over `ms`, in ms. */
function longestGap(ms: number, step: () => void): number {
  let longest = 0;
  let last = performance.now();
  for (const end = last + ms; last < end; ) {
    step();
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }
  return longest;
}

/**
 * The longest this thread went without running while it never stopped asking to, over `ms` of a
 * busy loop: on an idle virtual machine, what the hypervisor takes from a running vCPU.
 */
const longestStall = (ms: number) => longestGap(ms, () => {});

/**
 * The longest interval between the wake-ups of this thread sleeping 1 ms at a time (a futex wait
 * with a timeout, as an event loop waiting for a request sleeps), over `ms`: how late the machine
 * wakes a sleeping thread. No answer of a server that was waiting can beat it.
 */
function longestWakeUp(ms: number): number {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return longestGap(ms, () => Atomics.wait(cell, 0, 0, 1));
}

async function main(): Promise<void> {
  console.log(`/ping every ${INTERVAL_MS} ms, ${PINGS} per row, while k factorisations of poisson3d(${SIDE}) ` +
              `(n = ${(SIDE ** 3).toLocaleString('en')}) run; cache bound ${CACHE_BYTES}`);
  console.log(`${os.availableParallelism()} cores, node ${process.version}, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? 4}, ` +
              `server node flags: ${SERVER_NODE_FLAGS.join(' ') || 'none'}`);
  const stalls = [1, 2, 3].map(() => longestStall(3000).toFixed(2));
  const wakeUps = [1, 2, 3].map(() => longestWakeUp(3000).toFixed(2));
  console.log(`The machine's own stalls: a busy loop on this idle machine went up to ${stalls.join(', ')} ms without running; ` +
              `a thread sleeping 1 ms at a time woke up to ${wakeUps.join(', ')} ms after its previous wake-up (3 × 3 s each)\n`);
  console.log('| BLAS threads | k | p50 (ms) | p99 (ms) | max (ms) | server loop delay max (ms) | longest server step (ms) | client loop delay max (ms) | factorisations started / finished in the window (mean factor time, BLAS threads) | evictions | server main thread\'s wait for a core: total (mean per wake-up) | others\' CPU (cores) |');
  console.log('|---|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|');
  const shutdowns: string[] = [];
  for (const config of CONFIGS) {
    const server = await startServer(config);
    // Warm-up: JIT of both processes, the decoder worker, the addon, one factorisation (which
    // also starts libuv's pool and OpenBLAS's threads, so that renicing finds them).
    await pingAtFixedRate(server.url, 200, 1);
    await send(`${server.url}/factor`, 'POST', false, { poisson3d: SIDE, scale: 0.5 });
    if (config.nice) reniceOtherThreads(server.pid, config.nice);
    for (const running of RUNNING) printRow(await scenario(server.url, server.pid, config.label, running));
    // Reported: a clean exit on SIGTERM after the load (test/signals.test.ts checks the addon).
    shutdowns.push(`${config.label}: ${await server.stop()}`);
  }
  console.log(`\nServer shutdown on SIGTERM: ${shutdowns.join('; ')}`);
  pingAgent.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1); // open connections and factor streams would keep the process alive
});
