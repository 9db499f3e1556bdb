/** Cancellation and event-loop yielding for long tfjs loops. */

/** Throws an `AbortError` (a DOMException, as `fetch` and `AbortSignal.throwIfAborted` do) if `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) {
    throw new DOMException(`${what} was cancelled`, 'AbortError');
  }
}

/**
 * Lets queued I/O callbacks run (a cancel request arriving over JSON-RPC, say) between batches: tfjs computes
 * synchronously, so without this a whole training would block the process.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
