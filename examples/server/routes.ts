/**
 * Which handler answers which request, the two small endpoints (/ping, /health), and how an
 * error becomes a 4xx or 5xx answer. No error reaches Node: a handler that throws answers with
 * `{ error: message, ... }`, never crashes the server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { buildInfo, CholmodError, DisposedError, getThreads, liveHandles, NotPositiveDefiniteError } from '../../lib';
import type { ServerContext } from './context';
import { factorRoute } from './factor-route';
import { HttpError, sendJson, sendSerialized } from './http-json';
import { solveRoute } from './solve-route';

/** The latency probe's answer, serialised once: /ping does no work but answering. */
const PONG = Buffer.from('{"pong":true}');

export async function route(context: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (context.state.shuttingDown) {
      res.setHeader('connection', 'close');
      throw new HttpError(503, 'the server is shutting down');
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    if (path === '/ping') return expect(method, 'GET', () => sendSerialized(res, 200, PONG));
    if (path === '/health') return expect(method, 'GET', () => sendJson(res, 200, health(context)));
    if (path === '/factor') return await expect(method, 'POST', () => factorRoute(context, req, res));
    if (path.startsWith('/solve/')) {
      const key = path.slice('/solve/'.length); // keys are hexadecimal: nothing to decode
      return await expect(method, 'POST', () => solveRoute(context, req, res, key));
    }
    throw new HttpError(404, `no route ${method} ${path}; the routes are POST /factor, POST /solve/:key, GET /health, GET /ping`);
  } catch (error) {
    sendError(res, error);
  }
}

function expect<T>(method: string, wanted: string, handle: () => T): T {
  if (method !== wanted) throw new HttpError(405, `use ${wanted} for this route, not ${method}`);
  return handle();
}

function health(context: ServerContext) {
  const { state, cache, stats, startedAt } = context;
  return {
    status: state.shuttingDown ? 'shutting down' : 'ok',
    uptimeSeconds: Math.round((performance.now() - startedAt) / 10) / 100,
    liveFactors: liveHandles(),
    cache: cache.stats(),
    requestsInFlight: state.requestsInFlight - 1, // not counting this one
    factorizationsRunning: state.factorizationsRunning,
    blasThreads: getThreads(),
    build: buildInfo(),
    mainThread: stats.take(),
  };
}

function sendError(res: ServerResponse, error: unknown): void {
  const { status, body } = describeError(error);
  if (status >= 500) console.error('spsolve server:', error);
  if (res.headersSent) {
    res.destroy(); // too late for a status: cut the answer short rather than send a wrong one
    return;
  }
  sendJson(res, status, body);
}

function describeError(error: unknown): { status: number; body: Record<string, unknown> } {
  if (error instanceof HttpError) return { status: error.status, body: { error: error.message, ...error.details } };
  if (error instanceof NotPositiveDefiniteError) {
    const { message, column, step } = error;
    return { status: 422, body: { error: message, column, step } };
  }
  if (error instanceof CholmodError) {
    // Out of memory is the server's condition, not the request's fault: retrying later may work.
    return { status: error.code === 'CHOLMOD_OUT_OF_MEMORY' ? 503 : 500, body: { error: error.message, code: error.code } };
  }
  // The leases exist so that this never happens; if it does, it is a bug of the server.
  if (error instanceof DisposedError) return { status: 500, body: { error: `internal error: ${error.message}` } };
  return { status: 500, body: { error: `internal error: ${error instanceof Error ? error.message : String(error)}` } };
}
