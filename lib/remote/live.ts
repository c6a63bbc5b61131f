/**
 * How many remote factors are alive in this process (counted by liveHandles()).
 * @internal
 * @module
 */
let live = 0;

/** Remote factors created and not yet disposed (nor lost with their cluster). */
export function liveRemoteFactors(): number {
  return live;
}

export function countRemoteFactor(delta: 1 | -1): void {
  live += delta;
}
