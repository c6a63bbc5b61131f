/**
 * The worker's own checks (its backstop against forged or buggy clients), spoken to in the raw
 * protocol of worker/protocol.h: every malformed request gets an error status and a message, and
 * the worker keeps serving.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { RemoteSolverError, findMpiWorker } from '../lib';
import { Connection, Reply } from '../lib/remote/connection';
import { ArrayId, Engine, Kind, Op, Ordering } from '../lib/remote/protocol';
import { describeMpi, waitGone } from './helpers/mpi';

describeMpi('the worker protocol, raw', () => {
  let dir: string;
  let connection: Connection;
  let mpirunPid = 0;
  let exited: Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spsolve-mpi-raw-'));
    const path = join(dir, 'socket');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    const root = process.getuid?.() === 0 ? ['--allow-run-as-root'] : [];
    const child = spawn('mpirun', ['-np', '2', ...root, '--oversubscribe', '--bind-to', 'none', findMpiWorker(), '--socket', path, '--parent-pid', String(process.pid)], {
      stdio: 'ignore',
      env: { ...process.env, OMPI_MCA_btl_vader_single_copy_mechanism: 'none', OPENBLAS_NUM_THREADS: '1' },
    });
    mpirunPid = child.pid ?? 0;
    exited = new Promise((resolve) => child.once('close', () => resolve()));
    const socket = await new Promise<Socket>((resolve) => server.once('connection', resolve));
    server.close();
    connection = new Connection(socket, () => undefined);
  });

  afterAll(async () => {
    await send(Op.shutdown, { engine: Engine.none }).catch(() => undefined);
    await exited;
    expect(await waitGone([mpirunPid], 5000)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  function send(op: number, opts: { key?: number; arg?: bigint; payload?: ArrayBufferView[]; engine?: number } = {}): Promise<Reply> {
    return connection.send({ engine: opts.engine ?? Engine.mumps, op, key: opts.key, arg: opts.arg, payload: opts.payload, timeoutMs: 30_000, what: 'raw' });
  }

  async function create(kind: number, n: number, nnz: number): Promise<number> {
    const reply = await send(Op.create, { arg: BigInt(kind), payload: [new BigInt64Array([BigInt(n), BigInt(nnz)])] });
    return Number(reply.header.arg);
  }

  function upload(key: number, array: number, offset: number, data: Int32Array | Float64Array): Promise<Reply> {
    return send(Op.upload, { key, arg: BigInt(array), payload: [new BigInt64Array([BigInt(offset)]), data] });
  }

  async function expectStatus(promise: Promise<Reply>, code: string, message: RegExp): Promise<void> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RemoteSolverError);
    expect((error as RemoteSolverError).code).toBe(code);
    expect((error as RemoteSolverError).message).toMatch(message);
  }

  it('answers ping with the ranks', async () => {
    const reply = await send(Op.ping, { engine: Engine.none });
    expect(reply.payload.readInt32LE(0)).toBe(2);
  });

  it('refuses an unknown engine, op, kind or size', async () => {
    await expectStatus(send(Op.info, { engine: 7, key: 1 }), 'protocol', /unknown engine 7/);
    await expectStatus(send(Op.create, { arg: 9n, payload: [new BigInt64Array([3n, 3n])] }), 'protocol', /unknown kind/);
    await expectStatus(send(Op.create, { arg: 0n, payload: [new BigInt64Array([0n, 0n])] }), 'protocol', /n must be/);
    await expectStatus(send(Op.create, { arg: 0n, payload: [new Int32Array(3)] }), 'protocol', /16 bytes/);
    const key = await create(Kind.lu, 2, 2);
    await expectStatus(send(42, { key }), 'protocol', /unknown op 42/);
    await send(Op.free, { key });
  });

  it('refuses stale and forged keys', async () => {
    const key = await create(Kind.lu, 2, 2);
    await send(Op.free, { key });
    await expectStatus(send(Op.info, { key }), 'bad-key', /no object with key/);
    await expectStatus(send(Op.info, { key: 123456 }), 'bad-key', /no object/);
    const again = await create(Kind.lu, 2, 2); // the same slot, a new generation
    expect(again).not.toBe(key);
    expect(again & 0xff).toBe(key & 0xff);
    await send(Op.free, { key: again });
  });

  it('checks uploads, structure and state', async () => {
    const key = await create(Kind.cholesky, 2, 3);
    await expectStatus(upload(key, ArrayId.rowIdx, 2, new Int32Array([0, 1])), 'protocol', /does not fit/);
    await expectStatus(upload(key, 9, 0, new Int32Array([0])), 'protocol', /does not fit/);
    await expectStatus(send(Op.solve, { key, arg: 1n, payload: [new Float64Array(2)] }), 'state', /not factorised/);
    await expectStatus(send(Op.factorize, { key }), 'state', /analyse first/);
    await expectStatus(send(Op.determinant, { key }), 'state', /not factorised/);
    // The upper triangle for a symmetric kind: (0, 1) stored in column 1 above the diagonal.
    await upload(key, ArrayId.colPtr, 0, new Int32Array([0, 1, 3]));
    await upload(key, ArrayId.rowIdx, 0, new Int32Array([0, 0, 1]));
    await upload(key, ArrayId.values, 0, new Float64Array([2, 1, 2]));
    await expectStatus(send(Op.analyse, { key, arg: BigInt(Ordering.auto) }), 'protocol', /lower triangle/);
    // Row index out of range, then a valid lower triangle.
    await upload(key, ArrayId.rowIdx, 0, new Int32Array([0, 5, 1]));
    await expectStatus(send(Op.analyse, { key, arg: BigInt(Ordering.auto) }), 'protocol', /out of range/);
    await upload(key, ArrayId.colPtr, 0, new Int32Array([0, 2, 3]));
    await upload(key, ArrayId.rowIdx, 0, new Int32Array([0, 1, 1]));
    await send(Op.analyse, { key, arg: BigInt(Ordering.metis) });
    await upload(key, ArrayId.values, 0, new Float64Array([2, 1, NaN]));
    await expectStatus(send(Op.factorize, { key }), 'protocol', /not finite/);
    await upload(key, ArrayId.values, 2, new Float64Array([2]));
    await send(Op.factorize, { key });
    await expectStatus(send(Op.solve, { key, arg: 1n, payload: [new Float64Array(3)] }), 'protocol', /n \* nrhs/);
    const x = await send(Op.solve, { key, arg: 1n, payload: [new Float64Array([3, 3])] });
    expect([x.payload.readDoubleLE(0), x.payload.readDoubleLE(8)].map((v) => +v.toFixed(12))).toEqual([1, 1]); // [2 1; 1 2] x = [3 3]
    const det = await send(Op.determinant, { key });
    expect(det.payload.readDoubleLE(0) * 2 ** det.payload.readDoubleLE(8)).toBeCloseTo(3, 12);
    await send(Op.free, { key });
    expect((await send(Op.ping, { engine: Engine.none })).payload.readInt32LE(0)).toBe(2); // still serving
  });
});
