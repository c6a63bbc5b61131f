/**
 * `npm run bench:prebuilt`: the prebuilt addon that `npm pack` ships (prebuilds/linux-x64/, compiled
 * in Debian 11 with a static OpenBLAS) against the addon built from source on this machine
 * (build/Release/, shared OpenBLAS), on the same problems in the same run. Each measurement is a
 * child process that loads one addon (SPSOLVE_ADDON) and reports its best analyze / factor / solve
 * of several repetitions; the two addons alternate, and each keeps its best over the rounds.
 *
 *   node dist/bench/prebuilt.js [rounds=3] [repeats=3]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildInfo, type CscMatrix, poisson3d } from '../lib';
import { loadCXSparseLower } from './matrices';
import { elasticity3d } from './peers/elasticity';
import { bestPhases } from './phases';

const root = path.resolve(__dirname, '..', '..');
const addons = {
  'from source': path.join(root, 'build', 'Release', 'spsolve.node'),
  prebuilt: path.join(root, 'prebuilds', 'linux-x64', 'spsolve.napi.glibc.node'),
};
const problems: Record<string, () => CscMatrix> = {
  '3D Poisson 60³ (n=216,000)': () => poisson3d(60),
  'elasticity 40×20×20 (n=53,340)': () => elasticity3d(40, 20, 20),
  'bcsstk16 (n=4,884)': () => loadCXSparseLower('bcsstk16'),
};

interface Phases { analyze: number; factor: number; solve: number; blas: string }

/** In the child: best of `repeats` for one problem with whichever addon SPSOLVE_ADDON names, in ms. */
function measure(problem: string, repeats: number): Phases {
  const A = problems[problem]();
  const best = bestPhases(A, new Float64Array(A.nrows).fill(1), repeats);
  return { analyze: 1e3 * best.analyze, factor: 1e3 * best.factor, solve: 1e3 * best.solve, blas: buildInfo().blas };
}

function main(): void {
  if (process.argv[2] === '--child') {
    console.log(JSON.stringify(measure(process.argv[3], Number(process.argv[4]))));
    return;
  }
  const rounds = Number(process.argv[2] ?? 3);
  const repeats = Number(process.argv[3] ?? 3);
  for (const [name, file] of Object.entries(addons)) {
    if (!fs.existsSync(file)) throw new Error(`${name} addon not found at ${file} (npm run setup -- --prebuilt builds both)`);
  }
  const blas: Record<string, string> = {};
  console.log('| problem | phase | from source (ms) | prebuilt (ms) | prebuilt / source |');
  console.log('|---|---|---:|---:|---:|');
  for (const problem of Object.keys(problems)) {
    const best: Record<string, Phases> = {};
    for (let round = 0; round < rounds; round++) {
      for (const [name, file] of Object.entries(addons)) {
        const out = execFileSync(process.execPath, [__filename, '--child', problem, String(repeats)],
          { encoding: 'utf8', env: { ...process.env, SPSOLVE_ADDON: file } });
        const phases = JSON.parse(out) as Phases;
        blas[name] = phases.blas;
        const prev = best[name];
        best[name] = prev ? {
          analyze: Math.min(prev.analyze, phases.analyze), factor: Math.min(prev.factor, phases.factor),
          solve: Math.min(prev.solve, phases.solve), blas: phases.blas,
        } : phases;
      }
    }
    const total = (p: Phases) => p.analyze + p.factor + p.solve;
    const row = (phase: string, s: number, p: number) =>
      console.log(`| ${problem} | ${phase} | ${s.toFixed(1)} | ${p.toFixed(1)} | ${(p / s).toFixed(3)} |`);
    const [source, prebuilt] = [best['from source'], best.prebuilt];
    row('analyze', source.analyze, prebuilt.analyze);
    row('factor', source.factor, prebuilt.factor);
    row('solve', source.solve, prebuilt.solve);
    row('**total**', total(source), total(prebuilt));
  }
  console.log(`\nBLAS: from source ${blas['from source']}; prebuilt ${blas.prebuilt}. ` +
              `Best of ${rounds} rounds × ${repeats} repetitions; node ${process.version}.`);
}

main();
