/**
 * The loop's calls into the trainer, each guarded the same way: the abort signal is passed on and honoured, a loss
 * that stops being a number ends the run with a message naming where, and progress is reported.
 */
import { totalParams } from '../../model/summary.js';
import type { ProgressEvent, SplitMetrics, WidthMap } from '../../protocol/types.js';
import type { SearchSettings } from '../../protocol/settings.js';
import type { DistillOptions, EvalOptions, EvalSplit, ProbeSpec, TrainResult, TrainSplit } from '../trainer.js';
import { dropLayers } from './groups.js';
import { diverged, SearchCancelled, throwIfCancelled } from './outcome.js';
import type { Session } from './session.js';

export interface TrainingJob {
  readonly phase: Extract<ProgressEvent['phase'], 'search-train' | `final-${string}`>;
  readonly iteration?: number;
  readonly split: TrainSplit;
  readonly epochs: number;
  readonly seed: number;
  /** For messages, e.g. `iteration 2` or `the final training of the original network`. */
  readonly where: string;
  /** The run's settings with a change for this training (a fine-tuning's learning rate); default the run's own. */
  readonly settings?: SearchSettings;
  readonly distill?: DistillOptions;
}

/** The fields of a training result the run files keep (a trainer may return more). */
export function trainMetrics(r: TrainResult): TrainResult {
  return { loss: r.loss, accuracy: r.accuracy, images: r.images, epochs: r.epochs, seconds: r.seconds };
}

/** A freshly initialised network; warns when the trainer's parameter count disagrees with the analyzer's. */
export async function buildNetwork(session: Session, widths: WidthMap, seed: number): Promise<void> {
  throwIfCancelled(session.signal);
  await session.input.trainer.build(widths, seed);
  const expected = Math.round(totalParams(session.analysis, widths));
  const built = session.input.trainer.countParams();
  if (built !== expected) {
    session.log('warning', `the built network has ${built} trainable parameters, the analysis counts ${expected} (${session.where})`);
  }
}

/**
 * Trains the built network. A non-finite loss in any progress report stops training at once (through an abort of
 * our own) and fails the run, naming the epoch.
 */
export async function trainNetwork(session: Session, job: TrainingJob): Promise<TrainResult> {
  throwIfCancelled(session.signal);
  session.where = job.where;
  const own = new AbortController();
  const forward = () => own.abort();
  session.signal?.addEventListener('abort', forward);
  let divergence: { loss: number; epoch: number } | undefined;
  try {
    const result = await session.input.trainer.train({
      split: job.split,
      epochs: job.epochs,
      settings: job.settings ?? session.settings,
      ...(job.distill ? { distill: job.distill } : {}),
      dropLayers: dropLayers(session.analysis),
      seed: job.seed,
      signal: own.signal,
      onProgress: (p) => {
        if (!Number.isFinite(p.loss)) {
          divergence ??= { loss: p.loss, epoch: p.epoch };
          own.abort();
          return;
        }
        session.trainProgress(job.phase, job.iteration, p);
      },
    });
    if (divergence === undefined && !Number.isFinite(result.loss)) {
      divergence = { loss: result.loss, epoch: result.epochs };
    }
    return settle(session, job, divergence, result);
  } catch (e) {
    return settle(session, job, divergence, undefined, e);
  } finally {
    session.signal?.removeEventListener('abort', forward);
  }
}

/** Divergence first (our own abort caused the rejection), then cancellation, then the trainer's own error. */
function settle(session: Session, job: TrainingJob, divergence: { loss: number; epoch: number } | undefined, result?: TrainResult, error?: unknown): TrainResult {
  if (divergence) {
    throw diverged('loss', divergence.loss, `${job.where}, epoch ${divergence.epoch}`);
  }
  if (session.signal?.aborted) {
    throw new SearchCancelled();
  }
  if (result === undefined) {
    throw error;
  }
  return result;
}

/** One evaluation pass, timed for the throughput estimate; a non-finite loss fails the run. */
export async function evaluateSplit(session: Session, split: EvalSplit, options: EvalOptions, where: string): Promise<SplitMetrics> {
  throwIfCancelled(session.signal);
  session.where = where;
  const started = session.now();
  let metrics: SplitMetrics;
  try {
    metrics = await session.input.trainer.evaluate(split, { ...options, ...(session.signal ? { signal: session.signal } : {}) });
  } catch (e) {
    throwIfCancelled(session.signal);
    throw e;
  }
  throwIfCancelled(session.signal);
  if (!Number.isFinite(metrics.loss)) {
    throw diverged(split === 'heldout' ? 'held-out loss' : 'loss', metrics.loss, where);
  }
  session.throughput.observeEval(metrics.images, (session.now() - started) / 1000);
  return metrics;
}

/**
 * Many probe passes at once through the trainer's `probe` (which must exist), timed as that many passes' worth of
 * images; the first non-finite loss fails the run, naming its pass.
 */
export async function probeSplit(
  session: Session,
  split: EvalSplit,
  probes: readonly (ProbeSpec & { readonly where: string })[],
  onProgress: (batch: number, batches: number, first: SplitMetrics) => void,
): Promise<SplitMetrics[]> {
  throwIfCancelled(session.signal);
  session.where = probes[0]?.where ?? session.where;
  const started = session.now();
  let metrics: SplitMetrics[];
  try {
    const specs = probes.map(({ dropRates, seed }) => ({ dropRates, seed }));
    metrics = await session.input.trainer.probe!(split, specs, { onProgress, ...(session.signal ? { signal: session.signal } : {}) });
  } catch (e) {
    throwIfCancelled(session.signal);
    throw e;
  }
  throwIfCancelled(session.signal);
  metrics.forEach((m, i) => {
    if (!Number.isFinite(m.loss)) {
      throw diverged(split === 'heldout' ? 'held-out loss' : 'loss', m.loss, probes[i]!.where);
    }
  });
  session.throughput.observeEval(metrics.reduce((sum, m) => sum + m.images, 0), (session.now() - started) / 1000);
  return metrics;
}
