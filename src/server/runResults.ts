/** The latest run's FUR and proposed widths per model file, as the client sends them (`netadjust/runResults`). */
import type { WidthVariable } from '../model/graph.js';
import type { RunResultsParams } from '../protocol/server.js';

/** One run's results for a file, with the FUR ranking precomputed. */
export interface RunResults {
  readonly runId: string;
  readonly iteration: number;
  readonly fur: ReadonlyMap<string, number>;
  /** Group id → rank by FUR, 1 for the largest. */
  readonly rank: ReadonlyMap<string, number>;
  readonly proposed: ReadonlyMap<string, number>;
}

export class RunResultsStore {
  private readonly byUri = new Map<string, RunResults>();

  /** Stores (or, with nothing in it, clears) a file's results; false when the message is malformed. */
  update(params: unknown): boolean {
    const p = params as Partial<RunResultsParams> | null;
    if (!p || typeof p.uri !== 'string') {
      return false;
    }
    const fur = numberEntries(p.fur);
    const proposed = numberEntries(p.proposed);
    if (fur.length === 0 && proposed.length === 0) {
      this.byUri.delete(p.uri);
      return true;
    }
    const ranked = [...fur].sort((a, b) => b[1] - a[1]);
    this.byUri.set(p.uri, {
      runId: typeof p.runId === 'string' ? p.runId : '',
      iteration: typeof p.iteration === 'number' ? p.iteration : 0,
      fur: new Map(fur),
      rank: new Map(ranked.map(([g], i) => [g, i + 1])),
      proposed: new Map(proposed),
    });
    return true;
  }

  get(uri: string): RunResults | undefined {
    return this.byUri.get(uri);
  }
}

function numberEntries(record: unknown): [string, number][] {
  if (typeof record !== 'object' || record === null) {
    return [];
  }
  return Object.entries(record).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]));
}

/** The width the run proposes for a variable (its written width when the run proposes none). */
export function proposedWidth(run: RunResults, w: WidthVariable): number {
  return run.proposed.get(w.name) ?? w.value;
}

/** The variables whose proposed width differs from the written one. */
export function changedWidths(run: RunResults, widths: readonly WidthVariable[]): WidthVariable[] {
  return widths.filter((w) => proposedWidth(run, w) !== w.value);
}

/** `0.031`; small values in exponent form (`4.2e-5`). */
export function formatFur(fur: number): string {
  if (fur === 0) {
    return '0';
  }
  return Math.abs(fur) >= 0.01 ? fur.toFixed(3) : fur.toExponential(1);
}
