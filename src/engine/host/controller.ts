/**
 * Owns the engine process's one run at a time: prepares it, runs the search in the background, relays its events
 * as protocol notifications, and cancels it on request.
 */
import type * as protocol from '../../protocol/engine.js';
import type { FinalNetwork, IterationRecord, ProgressEvent, RunReport, WidthMap } from '../../protocol/types.js';
import { rewriteWidths } from '../../model/rewrite.js';
import type { RunStore } from '../runs/store.js';
import { runSearch, type SearchOutcome } from '../search/loop.js';
import type { TrainerFactory } from './engines.js';
import { modelCopyName } from './modelFiles.js';
import { prepareRun, type PreparedRun } from './prepare.js';

/** Where the controller sends what happens; the engine process maps these onto notifications. */
export interface RunEvents {
  progress(event: ProgressEvent): void;
  iteration(params: protocol.IterationParams): void;
  report(report: RunReport & { runDir: string }): void;
  runEnded(params: protocol.RunEndParams): void;
  log(params: protocol.LogParams): void;
}

interface ActiveRun {
  readonly prepared: PreparedRun;
  readonly abort: AbortController;
  phase?: ProgressEvent['phase'];
  iteration?: number;
  readonly finished: Promise<SearchOutcome>;
}

export class RunController {
  private active: ActiveRun | undefined;
  private readonly events: RunEvents;
  private readonly createTrainer: TrainerFactory;

  constructor(events: RunEvents, createTrainer: TrainerFactory) {
    this.events = events;
    this.createTrainer = createTrainer;
  }

  async start(params: protocol.StartParams): Promise<protocol.StartResult> {
    if (this.active) {
      throw new Error(`run ${this.active.prepared.store.runId} is still running; cancel it first`);
    }
    const prepared = await prepareRun(params, this.createTrainer, (note) => this.events.log(note));
    const { store, trainer } = prepared;
    this.events.log({ level: 'info', message: `${prepared.resumed ? 'resuming' : 'starting'} run ${store.runId} with ${trainer.info.engine} (${trainer.info.backend}): ${trainer.info.reason}` });
    prepared.notes.forEach((note) => this.events.log(note));
    const abort = new AbortController();
    const active: ActiveRun = { prepared, abort, finished: this.execute(prepared, abort.signal) };
    this.active = active;
    void active.finished.finally(() => {
      if (this.active === active) {
        this.active = undefined;
      }
    });
    return { runId: store.runId, runDir: store.dir };
  }

  /** Stops the run: the search notices within a batch and ends as `cancelled`, keeping every completed file. */
  async cancel(runId: string): Promise<void> {
    if (this.active?.prepared.store.runId !== runId) {
      throw new Error(`run ${runId} is not running`);
    }
    this.active.abort.abort();
    await this.active.finished;
  }

  status(): protocol.StatusResult {
    const a = this.active;
    if (!a) {
      return {};
    }
    return { runId: a.prepared.store.runId, state: 'running', ...(a.phase ? { phase: a.phase } : {}), ...(a.iteration !== undefined ? { iteration: a.iteration } : {}) };
  }

  /** Cancels whatever runs and waits for it to end (the process is about to exit). */
  async shutdown(): Promise<void> {
    const a = this.active;
    a?.abort.abort();
    await a?.finished;
  }

  private async execute(prepared: PreparedRun, signal: AbortSignal): Promise<SearchOutcome> {
    const { store, trainer, analysis, dataset, settings } = prepared;
    const runId = store.runId;
    try {
      return await runSearch({
        analysis,
        trainer,
        dataset,
        settings,
        store,
        signal,
        writeModel: (network, widths) => this.writeModel(prepared, network, widths, store),
        sink: {
          progress: (event) => {
            this.track(event);
            this.events.progress(event);
          },
          iteration: (record: IterationRecord) => this.events.iteration({ runId, record }),
          log: (level, message) => this.events.log({ level, message }),
          report: (report) => this.events.report({ ...report, runDir: store.dir }),
          ended: (outcome) => this.events.runEnded({ runId, state: outcome.state, ...(outcome.state === 'failed' ? { message: outcome.message } : {}) }),
        },
      });
    } finally {
      await trainer.dispose();
    }
  }

  private track(event: ProgressEvent): void {
    if (this.active) {
      this.active.phase = event.phase;
      this.active.iteration = event.iteration;
    }
  }

  /** A final network's model: the run's original text with only its width literals changed, in the input's format. */
  private writeModel(prepared: PreparedRun, network: FinalNetwork, widths: WidthMap, store: RunStore): string {
    const result = rewriteWidths(prepared.modelFile, prepared.modelText, widths);
    if (!result.ok) {
      throw new Error(`cannot write the ${network} model: ${result.message}`);
    }
    const name = modelCopyName(network, prepared.modelFile);
    store.writeFile(name, result.text);
    return name;
  }
}
