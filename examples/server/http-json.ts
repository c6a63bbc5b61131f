/**
 * JSON over node:http: reading a request body with a size bound, and writing JSON responses and
 * errors. An HttpError carries the status a handler wants to answer with.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error a handler throws to answer with `status` and `{ error: message, ...details }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * The whole body as bytes, refusing (413) more than `maxBytes`: a client cannot make the server
 * buffer an unbounded upload. The check runs on every chunk, so a lying Content-Length or a
 * chunked upload is cut off as soon as it crosses the bound.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      reject(tooLarge(maxBytes));
      req.resume(); // drain, so that the 413 can still be read by the client
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        reject(tooLarge(maxBytes));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, received)));
    req.on('error', reject);
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `request body larger than ${maxBytes} bytes (the server's --max-body-bytes)`);
}

/** Writes `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendSerialized(res, status, JSON.stringify(body));
}

/** Writes an already serialised JSON text (a constant response is serialised once). */
export function sendSerialized(res: ServerResponse, status: number, json: string | Buffer): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}
