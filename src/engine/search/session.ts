/**
 * What one `runSearch` call works with: its inputs, where it is, its throughput estimates, and the one place
 * events are recorded (events.jsonl) and passed on (the sink).
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import type { SearchSettings } from '../../protocol/settings.js';
import type { FinalNetwork, IterationRecord, ProgressEvent, RunReport, WidthMap } from '../../protocol/types.js';
import type { RunStore } from '../runs/store.js';
import type { BatchProgress, DatasetInfo, Trainer } from '../trainer.js';
import type { CostModel } from '../cost/costModel.js';
import { runCostModel } from '../cost/runCost.js';
import { Throughput, remainingWork, type Position, type WorkPlan } from './eta.js';
import { finalNetworks } from './final.js';
import { searchableGroups } from './groups.js';
import type { SearchOutcome } from './outcome.js';

export type LogLevel = 'info' | 'warning' | 'error';

/** Where events go besides `events.jsonl` (the engine forwards them as notifications). Every callback is optional. */
export interface SearchSink {
  readonly progress?: (event: ProgressEvent) => void;
  readonly iteration?: (record: IterationRecord) => void;
  readonly log?: (level: LogLevel, message: string) => void;
  readonly report?: (report: RunReport) => void;
  /** Called once, last, with what `runSearch` returns. */
  readonly ended?: (outcome: SearchOutcome) => void;
}

/** Everything `runSearch` needs; the run's own files (`store`) say where to start. */
export interface SearchInput {
  readonly analysis: ModelAnalysis;
  /** Already opened on the run's dataset. */
  readonly trainer: Trainer;
  /** What `trainer.open` answered: image counts for the time estimate. */
  readonly dataset: DatasetInfo;
  /** Must equal the run's own settings (`run.json`); a run never changes settings midway. */
  readonly settings: SearchSettings;
  readonly store: RunStore;
  readonly signal?: AbortSignal;
  readonly sink?: SearchSink;
  /**
   * Writes the model at a final network's widths into the run folder and answers its file name there (relative).
   * Default: the widths as `<network>-widths.json`.
   */
  readonly writeModel?: (network: FinalNetwork, widths: WidthMap, store: RunStore) => string;
  /** Clock in milliseconds, for timings and the time estimate. */
  readonly now?: () => number;
  /**
   * What the search holds constant. Default: the run's own — MACs, or under `budget: latency` the latency table in
   * the run folder (`latency-table.json`, written when the run was created).
   */
  readonly cost?: CostModel;
}

/** The per-run state the loop's steps share. */
export class Session {
  readonly input: SearchInput;
  readonly throughput = new Throughput();
  readonly plan: WorkPlan;
  /** What the run is doing, for failure messages ("iteration 2, probe of 'c7'"). */
  where = 'the start of the run';
  private position: Position = { stage: 'search-train', iteration: 0, epochsDone: 0, passesDone: 0, finalsDone: 0 };
  private costModel: CostModel | undefined;

  constructor(input: SearchInput) {
    this.input = input;
    this.plan = workPlan(input);
  }

  get settings(): SearchSettings {
    return this.input.settings;
  }

  get store(): RunStore {
    return this.input.store;
  }

  get analysis(): ModelAnalysis {
    return this.input.analysis;
  }

  /**
   * The cost the search holds constant (see SearchInput.cost). Read on first use, inside the run's error handling:
   * a missing or damaged latency table fails the run with a message rather than throwing from the constructor.
   */
  get cost(): CostModel {
    this.costModel ??= this.input.cost ?? runCostModel(this.analysis, this.settings, this.store.dir);
    return this.costModel;
  }

  get signal(): AbortSignal | undefined {
    return this.input.signal;
  }

  now(): number {
    return (this.input.now ?? Date.now)();
  }

  /** Moves the run to a new position (the start of a training, a probe pass done, …). */
  at(update: Partial<Position>): void {
    this.position = { ...this.position, ...update };
  }

  /** Seconds until the whole run is done, from where it is now. */
  etaSeconds(): number {
    return this.throughput.seconds(remainingWork(this.plan, this.position));
  }

  /** A training batch report, turned into a run progress event. Epochs are 1-based in `BatchProgress`. */
  trainProgress(phase: ProgressEvent['phase'], iteration: number | undefined, p: BatchProgress): void {
    this.throughput.observeTrain(p.imagesPerSecond);
    this.at({ epochsDone: p.epochEnd ? p.epoch : Math.max(0, p.epoch - 1) + (p.batches > 0 ? p.batch / p.batches : 0) });
    this.progress({ phase, ...(iteration === undefined ? {} : { iteration }), ...p });
  }

  progress(p: Omit<ProgressEvent, 'runId' | 'etaSeconds'>): void {
    const event: ProgressEvent = { runId: this.store.runId, ...p, etaSeconds: Math.round(this.etaSeconds()) };
    this.store.appendEvent({ event: 'progress', ...event });
    this.notify(() => this.input.sink?.progress?.(event));
  }

  iteration(record: IterationRecord): void {
    this.store.appendEvent({ event: 'iteration', record });
    this.notify(() => this.input.sink?.iteration?.(record));
  }

  log(level: LogLevel, message: string): void {
    this.store.appendEvent({ event: 'log', level, message });
    this.notify(() => this.input.sink?.log?.(level, message));
  }

  report(report: RunReport): void {
    this.notify(() => this.input.sink?.report?.(report));
  }

  ended(outcome: SearchOutcome): void {
    try {
      this.store.appendEvent(outcome.state === 'failed' ? { event: 'ended', state: 'failed', message: outcome.message } : { event: 'ended', state: outcome.state });
    } catch {
      // The outcome still reaches the caller; the failure that ended the run may be this very disk.
    }
    this.notify(() => this.input.sink?.ended?.(outcome));
  }

  /** A listener's bug must not end a run of many hours: the event is already recorded in events.jsonl. */
  private notify(call: () => void): void {
    try {
      call();
    } catch {
      // See above.
    }
  }
}

function workPlan(input: SearchInput): WorkPlan {
  const s = input.settings;
  const d = input.dataset;
  return {
    iterations: s.iterations,
    epochsPerIteration: s.epochsPerIteration,
    // `trainImages` counts the whole training set; the search trains on it less the held-out split.
    searchImages: Math.max(0, d.trainImages - d.heldOutImages),
    heldOutImages: d.heldOutImages,
    passesPerIteration: 1 + searchableGroups(input.analysis).length * Math.max(1, s.probeRepeats),
    finalEpochs: s.finalEpochs,
    fullImages: d.trainImages,
    testImages: d.testImages,
    finalTrainings: finalNetworks({ store: input.store, settings: input.settings }).length,
  };
}
