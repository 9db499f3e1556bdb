/**
 * A deterministic stand-in for a compute engine. Every answer depends only on the built widths, the seeds and the
 * drop rates — never on call history — so a resumed run sees exactly what an uninterrupted one saw.
 *
 * Held-out loss under a probe rises by `rate · usefulness / width` (times a scale) for each dropped layer, plus
 * seeded noise: the "true" FUR of a layer is its usefulness per channel.
 */
import type { ModelAnalysis } from '../../src/model/analyze.js';
import { totalParams } from '../../src/model/summary.js';
import type { SearchSettings } from '../../src/protocol/settings.js';
import type { DatasetRef, EngineInfo, SplitMetrics, WidthMap } from '../../src/protocol/types.js';
import { deriveSeed, seededRandom } from '../../src/engine/random.js';
import type { DatasetInfo, EvalOptions, EvalSplit, Trainer, TrainOptions, TrainResult } from '../../src/engine/trainer.js';

export interface FakeOptions {
  /** Usefulness per width variable (missing: 1). */
  readonly usefulness?: Readonly<Record<string, number>>;
  /** Amplitude of the seeded noise on every held-out loss. */
  readonly noise?: number;
  readonly batches?: number;
  /** Fires `controller.abort()` at the n-th tick (build, training batch or evaluation, counted from 1). */
  readonly abortAt?: { readonly tick: number; readonly controller: AbortController };
  /** Overrides the training loss reported at a batch: (train call from 0, epoch from 1) → loss, or undefined. */
  readonly trainLoss?: (call: number, epoch: number) => number | undefined;
  /** Overrides a held-out loss: (evaluate call from 0) → loss, or undefined. */
  readonly heldOutLoss?: (call: number) => number | undefined;
}

export const FAKE_DATASET: DatasetInfo = { imageShape: [32, 32, 3], classes: 100, trainImages: 1000, heldOutImages: 100, testImages: 200 };

export class FakeTrainer implements Trainer {
  readonly info: EngineInfo = { engine: 'tfjs', backend: 'fake', version: '0', reason: 'tests' };
  ticks = 0;
  /** Every evaluate call's options, for tests that check what was probed. */
  readonly evaluations: { split: EvalSplit; dropRates: Readonly<Record<string, number>> }[] = [];
  /** Every train call's split and seed. */
  readonly trainings: { split: string; seed: number; dropLayers: readonly string[] }[] = [];
  private widths: WidthMap = {};
  private buildSeed = 0;
  private trainCalls = 0;
  private readonly analysis: ModelAnalysis;
  private readonly options: FakeOptions;

  constructor(analysis: ModelAnalysis, options: FakeOptions = {}) {
    this.analysis = analysis;
    this.options = options;
  }

  async open(_dataset: DatasetRef, _settings: SearchSettings): Promise<DatasetInfo> {
    return FAKE_DATASET;
  }

  async build(widths: WidthMap, seed: number): Promise<void> {
    this.tick();
    this.widths = { ...widths };
    this.buildSeed = seed;
  }

  async train(options: TrainOptions): Promise<TrainResult> {
    const call = this.trainCalls++;
    this.trainings.push({ split: options.split, seed: options.seed, dropLayers: options.dropLayers });
    const batches = this.options.batches ?? 2;
    let loss = this.trueLoss();
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      for (let batch = 1; batch <= batches; batch++) {
        this.tick();
        await Promise.resolve();
        checkAbort(options.signal);
        loss = this.options.trainLoss?.(call, epoch) ?? this.trueLoss() + 1 / epoch;
        options.onProgress?.({ epoch, epochs: options.epochs, batch, batches, loss, accuracy: accuracyOf(loss), learningRate: 0.1, imagesPerSecond: 500, epochEnd: batch === batches });
      }
    }
    return { loss, accuracy: accuracyOf(loss), images: 900, epochs: options.epochs, seconds: 1 };
  }

  async evaluate(split: EvalSplit, options: EvalOptions = {}): Promise<SplitMetrics> {
    const call = this.evaluations.length;
    this.evaluations.push({ split, dropRates: { ...(options.dropRates ?? {}) } });
    this.tick();
    await Promise.resolve();
    checkAbort(options.signal);
    const noise = (this.options.noise ?? 0) * (seededRandom(deriveSeed(options.seed ?? 0, this.buildSeed))() - 0.5);
    let loss = this.trueLoss() + this.probeIncrease(options.dropRates ?? {}) + noise;
    loss = (split === 'heldout' ? this.options.heldOutLoss?.(call) : undefined) ?? loss;
    return { loss, accuracy: accuracyOf(loss), images: split === 'test' ? FAKE_DATASET.testImages : FAKE_DATASET.heldOutImages };
  }

  countParams(): number {
    return Math.round(totalParams(this.analysis, this.widths));
  }

  async dispose(): Promise<void> {}

  /** Wider useful layers lower the loss, with diminishing returns. */
  private trueLoss(): number {
    let gain = 0;
    for (const [name, width] of Object.entries(this.widths)) {
      gain += this.usefulness(name) * Math.log(width);
    }
    return 5 / (1 + gain / 10);
  }

  private probeIncrease(rates: Readonly<Record<string, number>>): number {
    let increase = 0;
    for (const [name, rate] of Object.entries(rates)) {
      increase += (rate * this.usefulness(name)) / (this.widths[name] ?? 1);
    }
    return increase;
  }

  private usefulness(name: string): number {
    return this.options.usefulness?.[name] ?? 1;
  }

  private tick(): void {
    this.ticks++;
    if (this.options.abortAt && this.ticks === this.options.abortAt.tick) {
      this.options.abortAt.controller.abort();
    }
  }
}

function accuracyOf(loss: number): number {
  return 1 / (1 + Math.abs(loss));
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new DOMException('aborted', 'AbortError');
  }
}
