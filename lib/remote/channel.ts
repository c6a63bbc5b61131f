/**
 * What a RemoteFactor needs from its cluster: send a request to the session the factor was
 * made in, and hear when that session ends (the factor is then lost, not leaked).
 * @internal
 * @module
 */
import type { Reply } from './connection';

export interface RemoteRequest {
  op: number;
  key?: number;
  arg?: bigint;
  payload?: ArrayBufferView[];
  timeoutMs?: number;
  what: string;
}

export interface Channel {
  /** The session a request must go to; a request for an older one is 'stale'. */
  readonly epoch: number;
  readonly timeoutMs: number;
  request(request: RemoteRequest, epoch: number): Promise<Reply>;
  /** Calls `lost` when session `epoch` ends; returns the function that cancels that. */
  track(epoch: number, lost: () => void): () => void;
}
