#!/usr/bin/env node
// Builds the native addon with cmake-js (CMakeLists.txt), the one way every script builds it.
//
//   node scripts/build-native.js [--system] [--prebuilt] [--bench-driver] [--out DIR]
//
//   (default)       SuiteSparse compiled from the pinned source in deps/ → build/Release/spsolve.node
//   --system        linked against the system's libcholmod instead (libsuitesparse-dev; own build tree)
//   --prebuilt      only the prebuilt addon, runtimes linked statically → prebuilds/linux-x64/
//                   (scripts/prebuild runs this inside an older Debian)
//   --bench-driver  also the C benchmark driver → build/Release/spsolve_bench_driver
//   --out DIR       the CMake build tree (default deps/build, or deps/build-system with --system)
//
// Every run states every option, so that an option given once does not stay in CMake's cache
// and change later builds. Needs cmake, a C/C++ compiler and make; nothing is downloaded (the
// Node-API headers come from the node-api-headers package).
'use strict';
const { spawnSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const known = ['--system', '--prebuilt', '--bench-driver', '--out'];
const args = process.argv.slice(2);
let outArg;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out' && i + 1 < args.length) outArg = args[++i];
  else if (!known.includes(args[i]) || args[i] === '--out') {
    console.error(`build-native: unknown option ${args[i]} (known: ${known.join(', ')}; --out takes a directory)`);
    process.exit(2);
  }
}
const system = args.includes('--system');
const prebuilt = args.includes('--prebuilt');
const benchDriver = args.includes('--bench-driver');
if (system && prebuilt) {
  console.error('build-native: --prebuilt links the bundled SuiteSparse; it cannot be combined with --system');
  process.exit(2);
}

const onOff = (flag) => (flag ? 'ON' : 'OFF');
const out = outArg ?? path.join('deps', system ? 'build-system' : 'build');
const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });

function run(verb, extra) {
  const result = spawnSync(process.execPath, [cmakeJs, verb, '--out', out, ...extra], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('configure', [
  `--CDSPSOLVE_SUITESPARSE=${system ? 'system' : 'bundled'}`,
  `--CDSPSOLVE_PORTABLE=${onOff(prebuilt)}`,
  `--CDSPSOLVE_BENCH_DRIVER=${onOff(benchDriver)}`,
]);
run('build', ['--parallel', String(os.availableParallelism()), ...(prebuilt ? ['--target', 'place_spsolve_portable'] : [])]);
