/** What the extension tells the language server about a model file's runs (`netadjust/runResults`). */
import type { RunSummary } from '../../engine/runs/list.js';
import { openRun } from '../../engine/runs/store.js';
import type { RunResultsParams } from '../../protocol/server.js';
import type { IterationRecord, WidthMap } from '../../protocol/types.js';

/** One iteration's FUR and proposal; `proposed` defaults to the widths the iteration proposes for the next one. */
export function iterationResults(uri: string, runId: string, record: IterationRecord, proposed: WidthMap = record.nextWidths): RunResultsParams {
  return { uri, runId, iteration: record.iteration, fur: record.fur, widths: record.widths, proposed };
}

/**
 * The results of the newest of `runs` (one model file's runs) that has a completed iteration: its latest FUR, and
 * as the proposal the report's adjusted widths when the run is done, else the latest iteration's next widths.
 * Undefined when no run has finished an iteration.
 */
export function latestRunResults(uri: string, runs: readonly RunSummary[]): RunResultsParams | undefined {
  for (const run of [...runs].reverse()) {
    try {
      const store = openRun(run.dir);
      const last = store.completedIterations().at(-1);
      if (last) {
        return iterationResults(uri, run.runId, last, store.readReport()?.adjusted.widths ?? last.nextWidths);
      }
    } catch {
      // A folder damaged since it was listed: look at the next older run.
    }
  }
  return undefined;
}

/** Clears what the server shows for a file. */
export function noResults(uri: string): RunResultsParams {
  return { uri, runId: '', iteration: 0, fur: {}, widths: {}, proposed: {} };
}
