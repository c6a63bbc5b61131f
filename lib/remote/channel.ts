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
  /** The default timeout of a call. */
  readonly timeoutMs: number;
  /** Sends to session `epoch` (the one the factor was made in); a request for an older one is 'stale'. */
  request(request: RemoteRequest, epoch: number): Promise<Reply>;
  /** Calls `lost` when session `epoch` ends; returns the function that cancels that. */
  track(epoch: number, lost: () => void): () => void;
}
