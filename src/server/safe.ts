/** Handlers never fail: an exception is logged and the request gets an empty result. */

export interface ErrorLog {
  error(message: string): void;
}

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/** Wraps a handler: on an exception (thrown or rejected) logs it and answers `fallback`. */
export function safe<A extends unknown[], R>(log: ErrorLog, name: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (e) {
      log.error(`netadjust: ${name} failed: ${describe(e)}`);
      return fallback;
    }
  };
}

/** The same for notifications and events, which answer nothing. */
export function safeVoid<A extends unknown[]>(log: ErrorLog, name: string, handler: (...args: A) => void | Promise<void>): (...args: A) => void {
  const wrapped = safe(log, name, undefined, handler);
  return (...args: A) => void wrapped(...args);
}
