/**
 * The latency table of a new run under `budget: latency`, built before its run folder exists: the budget (the
 * uniformly scaled start) is planned on it, and a target it cannot meet is refused before any folder is made. The
 * run then keeps its own copy (`saveRunTable`), which every later step and every resume reads instead.
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import type { SearchSettings } from '../../protocol/settings.js';
import type { Trainer } from '../trainer.js';
import { buildLatencyTable, type TableBuild } from './build.js';
import { latencyCostModel, type LatencyCostModel } from './model.js';

export interface RunNote {
  readonly level: 'info' | 'warning';
  readonly message: string;
}

export interface NewRunLatency {
  readonly cost: LatencyCostModel;
  readonly build: TableBuild;
  /** What happened, for the run's event log: warnings about the cache, and where the timings came from. */
  readonly notes: readonly RunNote[];
}

/** How often, at most, a cold table build says how far it is. */
const PROGRESS_EVERY_MS = 2000;

/**
 * `onProgress` hears how far the timing is while it runs (the notes come at the end, for the run's event log): a
 * cold build takes seconds to minutes, before any run exists to send progress events for.
 */
export async function latencyForNewRun(analysis: ModelAnalysis, trainer: Trainer, settings: SearchSettings, workspace: string, onProgress?: (note: RunNote) => void, now: () => number = Date.now): Promise<NewRunLatency> {
  const notes: RunNote[] = [];
  const started = now();
  let said = started;
  const progress = (timed: number, missing: number) => {
    if (onProgress && (timed === missing || now() - said >= PROGRESS_EVERY_MS)) {
      said = now();
      onProgress({ level: 'info', message: `latency table: timed ${timed} of ${missing} layer shapes not in the cache` });
    }
  };
  const build = await buildLatencyTable(analysis, trainer, { workspace, settings, onProgress: progress, warn: (message) => notes.push({ level: 'warning', message }) });
  const seconds = ((now() - started) / 1000).toFixed(1);
  const { machine } = build.table;
  notes.push({
    level: 'info',
    message: `latency table: ${build.cached + build.timed} layer timings at batch size ${machine.batchSize} on ${machine.engine} (${machine.backend}), ${build.cached} from the cache ${build.cacheFile} and ${build.timed} timed now (${seconds} s)`,
  });
  return { cost: latencyCostModel(analysis, build.table, settings.minWidth), build, notes };
}
