/**
 * `npm run bench:peers`: the same SPD problems solved by spsolve, the C driver (same static
 * CHOLMOD), Octave (A\b and chol: Debian's CHOLMOD), SciPy (SuperLU) and pure-JS sparse solvers
 * (mathjs slu + lusolve, numeric ccsLUP). Install the peers first with `bench/peers/setup`.
 *
 * Every peer runs in a child process with a timeout and gets the problem through a binary file
 * (bench/peers/exchange.ts); it writes x back and the residual ‖b − Ax‖/‖b‖ is checked here.
 * Times are best of a few runs, in seconds, phases where the peer exposes them.
 *
 *   node dist/bench/peers.js [--only TEXT] [--no-main] [--no-ladder] [--rounds N] [--skip-slow]
 *   SPSOLVE_PEERS_JS_LIMIT=600      seconds a pure-JS peer may take
 *   SPSOLVE_PEERS_LADDER_LIMIT=150  seconds one step of the pure-JS ladder may take (it stops before)
 *   SPSOLVE_PEERS_LIMIT=600         seconds any other peer may take
 *   SPSOLVE_PEERS_JS_MAX_N=10000    largest main problem given to the pure-JS peers
 *   SPSOLVE_PEERS_ONLY_PEER=TEXT    run only the peers whose name contains TEXT (and spsolve)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildInfo, CscMatrix, type FactorInfo, getThreads, poisson2d, poisson3d, setThreads, type ThreadPolicy } from '../lib';
import { loadCXSparseLower } from './matrices';
import { bestPhases } from './phases';
import { elasticity3d } from './peers/elasticity';
import { fitExponent, readProblem, relativeResidual, rightHandSide, writeProblem } from './peers/exchange';

const root = path.resolve(__dirname, '..', '..');
const peersDir = path.join(root, 'bench', 'peers');
const driver = path.join(root, 'build', 'Release', 'spsolve_bench_driver');
const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'; // Debian's python3-scipy

interface Timing { analyze?: number; factor?: number; solve?: number; total: number; residual?: number; note?: string }

// ---------------------------------------------------------------- workers (run in a child process)

function spsolveWorker(file: string, out: string, repeats: number, threads?: ThreadPolicy): object {
  if (threads) setThreads(threads);
  const { A, b } = readProblem(file);
  let x = b;
  let info: FactorInfo | undefined;
  const best = bestPhases(A, b, repeats, (factor, solution) => { x = solution; info = factor.info; });
  fs.writeFileSync(out, Buffer.from(x.buffer, x.byteOffset, x.byteLength));
  return { ...best, total: best.analyze + best.factor + best.solve, threads: info?.blasThreads, info };
}

// The pure-JS peers live in bench/peers/node_modules, outside the root package.
const peerRequire = (name: string) => require(path.join(peersDir, 'node_modules', name));

/** Both triangles of a stored lower triangle, rows sorted in each column, as the general solvers want them. */
function fullColumns(A: CscMatrix): { colPtr: number[]; rowIdx: number[]; values: number[] } {
  const n = A.ncols, counts = new Array<number>(n + 1).fill(0);
  for (let j = 0; j < n; j++) for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) {
    counts[j + 1]++;
    if (A.rowIdx[k] !== j) counts[A.rowIdx[k] + 1]++;
  }
  for (let j = 0; j < n; j++) counts[j + 1] += counts[j];
  const next = counts.slice(0, n), rowIdx = new Array<number>(counts[n]), values = new Array<number>(counts[n]);
  // column c receives its mirrored entries (rows j < c) before its own (rows ≥ c): sorted
  for (let j = 0; j < n; j++) for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) {
    const i = A.rowIdx[k], v = A.values[k];
    rowIdx[next[j]] = i; values[next[j]++] = v;
    if (i !== j) { rowIdx[next[i]] = j; values[next[i]++] = v; }
  }
  return { colPtr: counts, rowIdx, values };
}

function mathjsWorker(file: string, out: string): object {
  const math = peerRequire('mathjs');
  const { A, b } = readProblem(file);
  const { colPtr, rowIdx, values } = fullColumns(A);
  const M = new math.SparseMatrix({ values, index: rowIdx, ptr: colPtr, size: [A.nrows, A.ncols], datatype: 'number' });
  const t0 = performance.now();
  const lu = math.slu(M, 1, 0.001); // AMD on A + Aᵀ, pivot threshold small so the diagonal is kept
  const t1 = performance.now();
  const x = math.lusolve(lu, Array.from(b));
  const t2 = performance.now();
  const xs = Float64Array.from(x.valueOf().flat ? x.valueOf().flat() : x.valueOf(), Number);
  fs.writeFileSync(out, Buffer.from(xs.buffer));
  return { factor: (t1 - t0) / 1e3, solve: (t2 - t1) / 1e3, total: (t2 - t0) / 1e3 };
}

function numericWorker(file: string, out: string): object {
  const numeric = peerRequire('numeric');
  const { A, b } = readProblem(file);
  const { colPtr, rowIdx, values } = fullColumns(A);
  const t0 = performance.now();
  const lup = numeric.ccsLUP([colPtr, rowIdx, values], 0.001); // no fill-reducing ordering in numeric
  const t1 = performance.now();
  const x = Float64Array.from(numeric.ccsLUPSolve(lup, Array.from(b)) as number[]);
  const t2 = performance.now();
  fs.writeFileSync(out, Buffer.from(x.buffer));
  return { factor: (t1 - t0) / 1e3, solve: (t2 - t1) / 1e3, total: (t2 - t0) / 1e3 };
}

function worker(args: string[]): void {
  const [peer, file, out, repeats] = args;
  const result = peer === 'spsolve' ? spsolveWorker(file, out, Number(repeats))
    : peer === 'spsolve-t1' ? spsolveWorker(file, out, Number(repeats), 1)
    : peer === 'mathjs' ? mathjsWorker(file, out)
    : numericWorker(file, out);
  console.log(JSON.stringify(result));
}

// ---------------------------------------------------------------- the orchestrator

interface Peer {
  name: string;
  /** Runs once per problem, after the others (SciPy, pure JS). */
  slow?: boolean;
  pureJs?: boolean;
  /** Same factorisation as SciPy splu: skipped when that one was slow. */
  sameAsSplu?: boolean;
  env?: Record<string, string>;
  /** Command line for one problem file, the output file and a repeat count. */
  command(file: string, out: string, repeats: number): [string, string[]];
}

const node = (peer: string): Peer['command'] => (file, out, repeats) =>
  [process.execPath, ['--max-old-space-size=16384', __filename, '--worker', peer, file, out, String(repeats)]];
const octave = (method: string): Peer['command'] => (file, out, repeats) =>
  ['octave-cli', ['--no-init-file', '--quiet', path.join(peersDir, 'peer.m'), method, file, out, String(repeats)]];
const scipy = (method: string): Peer['command'] => (file, out, repeats) =>
  [python, [path.join(peersDir, 'peer.py'), method, file, out, String(repeats)]];

const PEERS: Peer[] = [
  { name: 'spsolve', command: node('spsolve') },
  { name: 'spsolve, 1 BLAS thread', command: node('spsolve-t1') },
  { name: 'C driver (same CHOLMOD)', command: (file, _out, repeats) => [driver, [file, String(repeats), '-1', '0']] },
  { name: 'C driver, 1 BLAS thread', env: { OPENBLAS_NUM_THREADS: '1' }, command: (file, _out, repeats) => [driver, [file, String(repeats), '-1', '0']] },
  { name: 'Octave A\\b', command: octave('backslash') },
  { name: 'Octave chol', command: octave('chol') },
  { name: 'SciPy splu', slow: true, command: scipy('splu') },
  { name: 'SciPy splu (MMD(Aᵀ+A), diag pivots)', slow: true, sameAsSplu: true, command: scipy('splu-mmd') },
  { name: 'SciPy spsolve', slow: true, sameAsSplu: true, command: scipy('spsolve') },
  { name: 'mathjs slu + lusolve', slow: true, pureJs: true, command: node('mathjs') },
  { name: 'numeric ccsLUP', slow: true, pureJs: true, command: node('numeric') },
];

function runPeer(peer: Peer, A: CscMatrix, b: Float64Array, file: string, repeats: number, timeout: number): Timing {
  const out = file.replace(/\.bin$/, '.x');
  fs.rmSync(out, { force: true });
  const [cmd, args] = peer.command(file, out, repeats);
  const started = performance.now();
  const run = spawnSync(cmd, args, { env: { ...process.env, ...peer.env }, encoding: 'utf8', timeout: timeout * 1e3, killSignal: 'SIGKILL', maxBuffer: 1 << 24 });
  const wall = (performance.now() - started) / 1e3;
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' || run.signal) {
    return { total: NaN, note: `timed out after ${timeout} s` };
  }
  if (run.error) return { total: NaN, note: `failed: ${run.error.message}` };
  const line = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (run.status !== 0 || !line) return { total: NaN, note: `failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-1)[0]} (${wall.toFixed(0)} s)` };
  const t = JSON.parse(line.replace(/-?\bInf\b/g, "null")) as Timing & { residual?: number; info?: { flops: number; ordering: string; nnzL: number } };
  t.total ??= (t.analyze ?? 0) + (t.factor ?? 0) + (t.solve ?? 0);
  if (fs.existsSync(out)) {
    const x = new Float64Array(fs.readFileSync(out).buffer.slice(0));
    t.residual = x.length === A.nrows ? relativeResidual(A, x, b) : NaN;
  }
  return t;
}

const sec = (s?: number) => (s === undefined || s === null || Number.isNaN(s) ? '' : s < 0.1 ? s.toFixed(4) : s < 10 ? s.toFixed(3) : s.toFixed(1));

function dgemmRate(threads: number): number {
  const bin = path.join(peersDir, 'dgemm');
  if (!fs.existsSync(bin)) return NaN;
  let best = 0; // the machine is shared: best of a few
  for (let r = 0; r < 6; r++) best = Math.max(best, (JSON.parse(spawnSync(bin, ['2000', String(threads)], { encoding: 'utf8' }).stdout) as { gflops: number }).gflops);
  return best;
}

function withProblemFile<T>(A: CscMatrix, b: Float64Array, body: (file: string) => T): T {
  const file = path.join(os.tmpdir(), `spsolve-peers-${process.pid}.bin`);
  writeProblem(file, A, b);
  try {
    return body(file);
  } finally {
    fs.rmSync(file, { force: true });
    fs.rmSync(file.replace(/\.bin$/, '.x'), { force: true });
  }
}

interface Problem { name: string; build: () => CscMatrix }

export const PROBLEMS: Problem[] = [
  { name: 'bcsstk16', build: () => loadCXSparseLower('bcsstk16') },
  { name: 'elasticity 40×20×20', build: () => elasticity3d(40, 20, 20) },
  { name: '3D Poisson 40³', build: () => poisson3d(40) },
  { name: '3D Poisson 60³', build: () => poisson3d(60) },
  { name: '2D Poisson 1000²', build: () => poisson2d(1000) },
];

const jsLimit = Number(process.env.SPSOLVE_PEERS_JS_LIMIT ?? 600);
/** Larger problems go to the pure-JS peers only through the ladder (or when this is raised). */
const jsMaxN = Number(process.env.SPSOLVE_PEERS_JS_MAX_N ?? 10000);
/** One ladder step's limit: the 10-minute reach is extrapolated from the steps below it. */
const ladderLimit = Number(process.env.SPSOLVE_PEERS_LADDER_LIMIT ?? 150);
const onlyPeer = process.env.SPSOLVE_PEERS_ONLY_PEER;
const otherLimit = Number(process.env.SPSOLVE_PEERS_LIMIT ?? 600);

/** Best of two: phase by phase. */
function merge(a: Timing | undefined, b: Timing): Timing {
  if (!a || Number.isNaN(a.total)) return b;
  if (Number.isNaN(b.total)) return a;
  const min = (x?: number, y?: number) => (x === undefined || x === null ? y : y === undefined || y === null ? x : Math.min(x, y));
  return { ...b, analyze: min(a.analyze, b.analyze), factor: min(a.factor, b.factor), solve: min(a.solve, b.solve), total: Math.min(a.total, b.total) };
}

function describe(t: Timing, peak: { one: number; two: number }): string {
  const extra = t as Timing & { info?: { flops: number; ordering: string; nnzL: number }; threads?: number; nnzL?: number; nnzLU?: number };
  if (t.note) return t.note;
  if (extra.info && t.factor) {
    const rate = extra.info.flops / t.factor / 1e9, top = extra.threads === 1 ? peak.one : peak.two;
    return `${extra.info.ordering}, nnz(L) ${(extra.info.nnzL / 1e6).toFixed(2)}M, ${(extra.info.flops / 1e9).toFixed(1)} GFLOP, ` +
      `${rate.toFixed(1)} GFLOP/s = ${((100 * rate) / top).toFixed(0)}% of ${extra.threads}-thread dgemm`;
  }
  if (extra.nnzL) return `nnz(R) ${(extra.nnzL / 1e6).toFixed(2)}M`;
  if (extra.nnzLU) return `nnz(L+U) ${(extra.nnzLU / 1e6).toFixed(2)}M`;
  return '';
}

function mainTable(only: string | undefined, peak: { one: number; two: number }, rounds: number, skipSlow: boolean): void {
  console.log('| problem | n | nnz(A) | peer | analyze | factor | solve | total (s) | total / spsolve | residual | note |');
  console.log('|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|');
  for (const problem of PROBLEMS.filter((p) => !only || p.name.includes(only))) {
    const A = problem.build();
    const b = rightHandSide(A);
    const repeats = A.nrows > 100000 ? 3 : A.nrows < 10000 ? 30 : 5;
    const results = new Map<Peer, Timing | string>();
    const chosen = PEERS.filter((p) => p === PEERS[0] || !onlyPeer || p.name.includes(onlyPeer));
    withProblemFile(A, b, (file) => {
      // The CHOLMOD-based peers take a few seconds: interleaved rounds spread machine noise.
      const fast = chosen.filter((p) => !p.slow);
      for (let round = 0; round < rounds; round++) {
        for (const peer of fast) results.set(peer, merge(results.get(peer) as Timing | undefined, runPeer(peer, A, b, file, repeats, otherLimit)));
      }
      let spluSeconds = Infinity;
      for (const peer of chosen.filter((p) => p.slow)) {
        if (skipSlow) { results.set(peer, 'not run (--skip-slow)'); continue; }
        if (peer.pureJs && A.nrows > jsMaxN) { results.set(peer, 'not run: see the pure-JS ladder'); continue; }
        if (peer.sameAsSplu && !(spluSeconds < 120)) { results.set(peer, 'not run: the same SuperLU as splu, which took > 120 s'); continue; }
        const t = runPeer(peer, A, b, file, A.nrows < 10000 ? 3 : 1, peer.pureJs ? jsLimit : otherLimit);
        if (peer.name === 'SciPy splu' && !Number.isNaN(t.total)) spluSeconds = t.total;
        results.set(peer, t);
      }
    });
    const reference = (results.get(PEERS[0]) as Timing).total;
    for (const peer of chosen) {
      const t = results.get(peer)!;
      const head = `| ${problem.name} | ${A.nrows.toLocaleString('en-US')} | ${A.nnz.toLocaleString('en-US')} | ${peer.name} |`;
      if (typeof t === 'string') { console.log(`${head} | | | | | | ${t} |`); continue; }
      console.log(`${head} ${sec(t.analyze)} | ${sec(t.factor)} | ${sec(t.solve)} | ${sec(t.total)} | ` +
        `${Number.isNaN(t.total) ? '' : (t.total / reference).toFixed(2)} | ${t.residual === undefined ? '' : t.residual.toExponential(1)} | ${describe(t, peak)} |`);
    }
  }
}

/**
 * The pure-JS peers on growing problems, next to spsolve: each ladder stops before the step whose
 * time, extrapolated from the last two with their fitted exponent, would pass the time limit.
 */
function ladder(): void {
  const classes: { name: string; sizes: number[]; build: (k: number) => CscMatrix; label: (k: number) => string }[] = [
    { name: '2D', sizes: [50, 100, 150, 200, 300, 400, 600, 800, 1000], build: (k) => poisson2d(k), label: (k) => `2D Poisson ${k}²` },
    { name: '3D', sizes: [8, 12, 16, 20, 25, 30, 35, 40], build: (k) => poisson3d(k), label: (k) => `3D Poisson ${k}³` },
  ];
  const spsolve = PEERS[0];
  console.log('| problem | n | peer | factor | solve | total (s) | spsolve total (s) | peer / spsolve | residual | note |');
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---|');
  for (const peer of PEERS.filter((p) => p.pureJs)) {
    for (const cls of classes) {
      const ns: number[] = [], ts: number[] = [];
      for (const k of cls.sizes) {
        const A = cls.build(k);
        if (ts.length >= 2) {
          const p = fitExponent(ns.slice(-2), ts.slice(-2));
          const predicted = ts[ts.length - 1] * (A.nrows / ns[ns.length - 1]) ** p;
          if (predicted > ladderLimit) {
            const reach = ns[ns.length - 1] * (jsLimit / ts[ts.length - 1]) ** (1 / p);
            console.log(`| ${cls.label(k)} | ${A.nrows.toLocaleString('en-US')} | ${peer.name} | | | | | | | not run: predicted ${predicted.toFixed(0)} s (∝ n^${p.toFixed(2)}) > ${ladderLimit} s; ` +
              `${jsLimit} s would reach n ≈ ${Math.round(reach).toLocaleString('en-US')} |`);
            break;
          }
        }
        const b = rightHandSide(A);
        const [t, s] = withProblemFile(A, b, (file) => [runPeer(peer, A, b, file, 1, ladderLimit), runPeer(spsolve, A, b, file, 3, otherLimit)]);
        console.log(`| ${cls.label(k)} | ${A.nrows.toLocaleString('en-US')} | ${peer.name} | ${sec(t.factor)} | ${sec(t.solve)} | ${sec(t.total)} | ${sec(s.total)} | ` +
          `${Number.isNaN(t.total) ? '' : (t.total / s.total).toFixed(0) + '×'} | ${t.residual?.toExponential(1) ?? ''} | ${t.note ?? ''} |`);
        if (Number.isNaN(t.total)) break;
        ns.push(A.nrows);
        ts.push(t.total);
      }
    }
  }
}

function main(argv: string[]): void {
  if (argv[0] === '--worker') return worker(argv.slice(1));
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const peak = { one: dgemmRate(1), two: dgemmRate(2) };
  const octaveVersion = spawnSync('octave-cli', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? 'octave: not installed';
  const scipyVersion = spawnSync(python, ['-c', 'import scipy; print(scipy.__version__)'], { encoding: 'utf8' }).stdout?.trim() || 'not installed';
  console.log(`machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; ` +
    `CHOLMOD ${buildInfo().cholmod} (${buildInfo().flavor}); ${octaveVersion}; SciPy ${scipyVersion}`);
  console.log(`dgemm (OpenBLAS, n = 2000): ${peak.one.toFixed(1)} GFLOP/s on 1 thread, ${peak.two.toFixed(1)} GFLOP/s on 2 threads`);
  console.log(`spsolve's BLAS thread policy: ${getThreads()}; timeouts: ${otherLimit} s, pure JS ${jsLimit} s\n`);
  const rounds = argv.includes('--rounds') ? Number(argv[argv.indexOf('--rounds') + 1]) : 2;
  if (!argv.includes('--no-main')) mainTable(only, peak, rounds, argv.includes('--skip-slow'));
  console.log('');
  if (!argv.includes('--no-ladder')) ladder();
}

if (require.main === module) main(process.argv.slice(2));
