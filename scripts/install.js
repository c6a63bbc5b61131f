#!/usr/bin/env node
// npm's install step for spsolve (package.json "install"). In order:
//
//   1. A development checkout (TypeScript sources present) builds with `npm run setup`: nothing here.
//   2. The prebuilt addon for this platform (prebuilds/<platform>-<arch>/), when it loads.
//   3. Otherwise, or with SPSOLVE_BUILD_FROM_SOURCE=1 / `npm install --build-from-source`: the
//      bundled CHOLMOD compiled from the pinned SuiteSparse source with cmake-js. Missing tools
//      are named in one message. The system-library build is never a fallback: only
//      SPSOLVE_BUILD_FROM_SOURCE=system asks for it.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const say = (message) => console.error(`spsolve: ${message}`);

function isDevelopmentCheckout() {
  return fs.existsSync(path.join(root, 'lib', 'index.ts')) && fs.existsSync(path.join(root, 'tsconfig.json'));
}

/** 'bundled' or 'system' when a build from source was asked for, else null. */
function fromSourceRequested() {
  const env = (process.env.SPSOLVE_BUILD_FROM_SOURCE ?? '').trim().toLowerCase();
  if (env === 'system') return 'system';
  if (env !== '' && env !== '0' && env !== 'false') return 'bundled';
  return process.env.npm_config_build_from_source === 'true' ? 'bundled' : null;
}

/** Why the prebuilt addon cannot be used here, or null when it loads. */
function prebuiltProblem() {
  const dir = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`);
  const file = path.join(dir, 'spsolve.napi.glibc.node');
  if (!fs.existsSync(file)) return `no prebuilt addon for ${process.platform}-${process.arch}`;
  const glibc = process.report?.getReport().header.glibcVersionRuntime;
  if (!glibc) return 'the prebuilt addon needs glibc (this looks like musl)';
  // Loading it in a child process tells whether this glibc is new enough, without keeping the
  // library mapped in npm's process.
  // (SPSOLVE_THREADS is the user's setting for their program; a bad one must not look like a bad addon.)
  const env = { ...process.env };
  delete env.SPSOLVE_THREADS;
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(file)})`], { encoding: 'utf8', env });
  if (probe.status !== 0) return `the prebuilt addon does not load here: ${(probe.stderr || '').trim().split('\n').find((l) => /Error|error/.test(l)) ?? 'unknown error'}`;
  return null;
}

function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function missingBuildTools(flavor) {
  const missing = [];
  if (!which('cmake')) missing.push('cmake');
  if (!which('c++') && !which('g++')) missing.push('g++');
  if (!which('make')) missing.push('make');
  if (flavor === 'bundled' && !which('xz')) missing.push('xz-utils');
  if (flavor === 'system' && !['/usr/include/suitesparse/cholmod.h', '/usr/include/cholmod.h'].some((f) => fs.existsSync(f))) {
    missing.push('libsuitesparse-dev');
  }
  const blasDirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib'];
  const hasOpenBlas = blasDirs.some((dir) => fs.existsSync(path.join(dir, 'libopenblas.so')));
  if (!hasOpenBlas) missing.push('libopenblas-dev liblapack-dev');
  return missing;
}

function buildFromSource(reason, flavor = 'bundled') {
  say(flavor === 'system'
    ? `${reason}; building the native addon against the system's libcholmod`
    : `${reason}; building the native addon from source (CHOLMOD from SuiteSparse 5.12.0; about a minute on 2 cores)`);
  const missing = missingBuildTools(flavor);
  if (missing.length > 0) {
    say(`cannot build from source: missing ${missing.join(', ')}.\n` +
      `  On Debian or Ubuntu: sudo apt-get install ${missing.join(' ')}\n` +
      '  then run npm install again. See docs/building.md in the spsolve package.');
    process.exit(1);
  }
  const buildNative = [process.execPath, [path.join(root, 'scripts', 'build-native.js'), ...(flavor === 'system' ? ['--system'] : [])]];
  const fetch = (script) => ['bash', [path.join(root, 'scripts', script)]];
  const steps = flavor === 'system' ? [buildNative] : [fetch('fetch-suitesparse'), fetch('fetch-hypre'), buildNative];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      say(`building the native addon from source failed (${path.basename(args[0])}); see the messages above and docs/building.md`);
      process.exit(1);
    }
  }
  say(`built build/Release/spsolve.node (${flavor})`);
}

function main() {
  const requested = fromSourceRequested();
  if (requested) return buildFromSource(`a build from source was requested (${requested})`, requested);
  if (isDevelopmentCheckout()) {
    say('development checkout: `npm run setup` builds the addon');
    return;
  }
  const problem = prebuiltProblem();
  if (problem === null) return;
  buildFromSource(problem);
}

main();
