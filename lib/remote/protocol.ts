/**
 * The spsolve-mpi wire protocol, version 1, as TypeScript: the mirror of worker/protocol.h
 * (the C header is the reference; keep both in step). Every message is a 32-byte
 * little-endian header and `length` payload bytes; one request is in flight at a time.
 * @internal
 * @module
 */

export const MAGIC = 0x504d5053; // "SPMP"
export const VERSION = 1;
export const HEADER_BYTES = 32;
/** The largest payload the worker accepts in one message: uploads and solves are cut below it. */
export const MAX_PAYLOAD = 64 * 1024 * 1024;

export const Engine = { none: 0, mumps: 1 } as const;

export const Op = {
  ping: 1,
  shutdown: 2,
  create: 3,
  upload: 4,
  analyse: 5,
  factorize: 6,
  solve: 7,
  refactor: 8,
  determinant: 9,
  info: 10,
  free: 11,
} as const;
export type Op = (typeof Op)[keyof typeof Op];

export const Kind = { lu: 0, cholesky: 1, ldlt: 2 } as const;
export const ArrayId = { colPtr: 0, rowIdx: 1, values: 2 } as const;
export const Ordering = { auto: 0, ptscotch: 1, metis: 2, amd: 3, scotch: 4 } as const;

/** The reply statuses (the header's `key` field of a reply). */
export const Status = {
  ok: 0,
  protocol: 1,
  badKey: 2,
  state: 3,
  engine: 4,
  singular: 5,
  notPositiveDefinite: 6,
  memory: 7,
} as const;

/** The fixed part of the info reply (doubles), then 3 per rank. */
export const InfoField = {
  n: 0,
  nnz: 1,
  ranks: 2,
  phase: 3,
  estimatedFactorEntries: 4,
  factorEntries: 5,
  estimatedFlops: 6,
  flops: 7,
  estimatedMemoryMaxMB: 8,
  estimatedMemoryTotalMB: 9,
  memoryMaxMB: 10,
  memoryTotalMB: 11,
  determinantMantissa: 12,
  determinantExponent: 13,
  negativePivots: 14,
  ordering: 15,
  analyseSeconds: 16,
  factorizeSeconds: 17,
  scatterSeconds: 18,
  analysisType: 19,
  solveSeconds: 20,
  count: 21,
} as const;

export interface Header {
  engine: number;
  op: number;
  id: number;
  /** Request: the object's key; reply: the status. */
  key: number;
  length: number;
  /** Request: the op's argument; reply: the key of a created object. */
  arg: bigint;
}

export function encodeHeader(h: Header): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  b.writeUInt32LE(MAGIC, 0);
  b.writeUInt16LE(VERSION, 4);
  b.writeUInt8(h.engine, 6);
  b.writeUInt8(h.op, 7);
  b.writeUInt32LE(h.id >>> 0, 8);
  b.writeInt32LE(h.key, 12);
  b.writeBigUInt64LE(BigInt(h.length), 16);
  b.writeBigUInt64LE(h.arg, 24);
  return b;
}

/** The header at the start of `b`, or a description of what is wrong with it. */
export function decodeHeader(b: Buffer): Header | string {
  if (b.readUInt32LE(0) !== MAGIC) return `bad magic 0x${b.readUInt32LE(0).toString(16)}`;
  if (b.readUInt16LE(4) !== VERSION) return `protocol version ${b.readUInt16LE(4)}, expected ${VERSION}`;
  const length = b.readBigUInt64LE(16);
  if (length > BigInt(MAX_PAYLOAD)) return `payload of ${length} bytes`;
  return { engine: b.readUInt8(6), op: b.readUInt8(7), id: b.readUInt32LE(8), key: b.readInt32LE(12), length: Number(length), arg: b.readBigUInt64LE(24) };
}
