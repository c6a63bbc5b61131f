/**
 * One socket to rank 0 of the worker: framing, one request in flight at a time, a timeout per
 * request, and the rule that any transport failure (the peer gone, a timeout, a malformed
 * message) ends the connection for good: every pending request is rejected with the same error.
 * @internal
 * @module
 */
import type { Socket } from 'node:net';

import { RemoteSolverError } from './errors';
import { HEADER_BYTES, Header, MAX_PAYLOAD, Status, decodeHeader, encodeHeader } from './protocol';

/** What a request sends. */
export interface Request {
  engine: number;
  op: number;
  key?: number;
  arg?: bigint;
  /** The payload, as views (written in order, not copied). */
  payload?: ArrayBufferView[];
  /** Milliseconds from sending to the complete reply. */
  timeoutMs: number;
  /** The caller's name, for messages ('RemoteFactor.solveAsync'). */
  what: string;
}

export interface Reply {
  header: Header;
  payload: Buffer;
}

interface Pending {
  request: Request;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

const STATUS_CODES = {
  [Status.protocol]: 'protocol',
  [Status.badKey]: 'bad-key',
  [Status.state]: 'state',
  [Status.engine]: 'engine',
  [Status.singular]: 'singular',
  [Status.notPositiveDefinite]: 'not-positive-definite',
  [Status.memory]: 'memory',
} as const;

export class Connection {
  readonly #socket: Socket;
  readonly #onFatal: (error: RemoteSolverError) => void;
  readonly #queue: Pending[] = [];
  #current: Pending | undefined;
  #timer: NodeJS.Timeout | undefined;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #header: Header | undefined;
  #nextId = 1;
  #failure: RemoteSolverError | undefined;

  constructor(socket: Socket, onFatal: (error: RemoteSolverError) => void) {
    this.#socket = socket;
    this.#onFatal = onFatal;
    socket.unref(); // an idle cluster does not keep Node alive
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (error) => this.fail(new RemoteSolverError('worker-exited', `the worker's socket failed: ${error.message}`)));
    socket.on('close', () => this.fail(new RemoteSolverError('worker-exited', 'the worker closed its socket (the MPI job ended)')));
  }

  /** The error that ended this connection, if one did. */
  get failure(): RemoteSolverError | undefined {
    return this.#failure;
  }

  send(request: Request): Promise<Reply> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#pump();
    });
  }

  /** Ends the connection: pending and later requests fail with `error`. Idempotent. */
  fail(error: RemoteSolverError): void {
    if (this.#failure) return;
    this.#failure = error;
    clearTimeout(this.#timer);
    const pending = [...(this.#current ? [this.#current] : []), ...this.#queue.splice(0)];
    this.#current = undefined;
    this.#socket.destroy();
    for (const p of pending) p.reject(new RemoteSolverError(error.code, `${p.request.what}: ${error.message}`, error.status));
    this.#onFatal(error);
  }

  #pump(): void {
    if (this.#current || this.#failure) return;
    const next = this.#queue.shift();
    if (!next) {
      this.#socket.unref();
      return;
    }
    this.#current = next;
    this.#socket.ref();
    const { request } = next;
    const views = request.payload ?? [];
    const length = views.reduce((sum, v) => sum + v.byteLength, 0);
    const header = encodeHeader({
      engine: request.engine,
      op: request.op,
      id: this.#nextId++,
      key: request.key ?? 0,
      length,
      arg: request.arg ?? 0n,
    });
    this.#timer = setTimeout(() => {
      this.fail(new RemoteSolverError('timeout', `no reply within ${request.timeoutMs} ms; the cluster is stopped (restart() it)`));
    }, request.timeoutMs);
    this.#socket.write(header);
    for (const v of views) this.#socket.write(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  }

  #receive(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    for (;;) {
      if (!this.#header) {
        if (this.#buffered < HEADER_BYTES) return;
        const decoded = decodeHeader(this.#take(HEADER_BYTES));
        if (typeof decoded === 'string' || decoded.length > MAX_PAYLOAD) {
          this.fail(new RemoteSolverError('protocol', `malformed reply from the worker: ${String(decoded)}`));
          return;
        }
        this.#header = decoded;
      }
      if (this.#buffered < this.#header.length) return;
      const header = this.#header;
      this.#header = undefined;
      this.#settle(header, this.#take(header.length));
    }
  }

  #take(bytes: number): Buffer {
    const all = this.#chunks.length === 1 ? this.#chunks[0] : Buffer.concat(this.#chunks, this.#buffered);
    const taken = all.subarray(0, bytes);
    const rest = all.subarray(bytes);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#buffered = rest.length;
    return taken;
  }

  #settle(header: Header, payload: Buffer): void {
    const current = this.#current;
    if (!current || header.op !== current.request.op) {
      this.fail(new RemoteSolverError('protocol', `unexpected reply (op ${header.op}) from the worker`));
      return;
    }
    clearTimeout(this.#timer);
    this.#current = undefined;
    const status = header.key;
    if (status === Status.ok) current.resolve({ header, payload });
    else {
      const code = STATUS_CODES[status as keyof typeof STATUS_CODES] ?? 'protocol';
      current.reject(new RemoteSolverError(code, `${current.request.what}: ${payload.toString('utf8')}`, status));
    }
    this.#pump();
  }
}
