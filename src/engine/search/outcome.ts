/** What a search run ends in, and the errors the loop uses internally to get there. */
import type { RunReport } from '../../protocol/types.js';

/** The end of `runSearch`: it never throws; everything that can go wrong ends as `failed` with a message for people. */
export type SearchOutcome =
  | { readonly state: 'done'; readonly report: RunReport }
  | { readonly state: 'cancelled'; readonly completedIterations: number }
  | { readonly state: 'failed'; readonly message: string };

/** The abort signal fired: the run stops, keeping every completed file. */
export class SearchCancelled extends Error {
  constructor() {
    super('the search was cancelled');
    this.name = 'SearchCancelled';
  }
}

/** A failure with a message meant for people (what happened, where, and what to do). */
export class SearchFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchFailed';
  }
}

/** `NaN` or `infinite`, for messages. */
export function describeNonFinite(x: number): string {
  return Number.isNaN(x) ? 'NaN' : 'infinite';
}

/** The failure for a loss that stopped being a number: names the value, where it happened, and the usual fix. */
export function diverged(what: 'loss' | 'held-out loss', value: number, where: string): SearchFailed {
  return new SearchFailed(`training diverged: ${what} is ${describeNonFinite(value)} at ${where}; lower the learning rate`);
}

/** Throws `SearchCancelled` when the run has been asked to stop. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new SearchCancelled();
  }
}
