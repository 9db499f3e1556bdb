/**
 * The trainer interface: everything the search loop asks of a compute engine. The loop never sees tensors,
 * so a second engine (another library, another process) plugs in without touching it.
 */
import type { SearchSettings } from '../protocol/settings.js';
import type { DatasetRef, EngineInfo, ProgressEvent, SplitMetrics, WidthMap } from '../protocol/types.js';

/** The training set is split once: `search` (train minus held-out), `heldout` (FUR probes), `full` (all of it). */
export type TrainSplit = 'search' | 'full';
export type EvalSplit = 'heldout' | 'test';

export interface DatasetInfo {
  /** `[H, W, C]` of the images as the network sees them. */
  readonly imageShape: readonly [number, number, number];
  readonly classes: number;
  readonly trainImages: number;
  readonly heldOutImages: number;
  readonly testImages: number;
}

/** A trainer's progress within one training (epochs and batches 1-based); the loop adds run-level fields. */
export type BatchProgress = Pick<ProgressEvent, 'epoch' | 'epochs' | 'batch' | 'batches' | 'loss' | 'accuracy' | 'learningRate' | 'imagesPerSecond' | 'epochEnd'>;

export interface TrainOptions {
  readonly split: TrainSplit;
  readonly epochs: number;
  readonly settings: SearchSettings;
  /**
   * Searchable layers (width-variable names) in depth order: the training-time channel dropout ramps with depth
   * over this list.
   */
  readonly dropLayers: readonly string[];
  readonly seed: number;
  /** Aborting stops training within a batch; `train` then rejects with an AbortError. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: BatchProgress) => void;
}

export interface TrainResult extends SplitMetrics {
  readonly epochs: number;
  readonly seconds: number;
}

export interface EvalOptions {
  /**
   * Channel-drop rate per width variable (layer name), applied in inference mode after that layer's
   * conv → BN → activation. Absent or 0: plain evaluation.
   */
  readonly dropRates?: Readonly<Record<string, number>>;
  /** Seeds the dropout masks, so a repeated probe is reproducible. */
  readonly seed?: number;
  readonly signal?: AbortSignal;
}

/** One FUR probe: channel-drop rates (as {@link EvalOptions.dropRates}) and the seed of its masks. */
export interface ProbeSpec {
  readonly dropRates: Readonly<Record<string, number>>;
  readonly seed: number;
}

export interface ProbeOptions {
  readonly signal?: AbortSignal;
  /** After each batch of the split: batches done (1-based) of all, and the first probe's metrics so far. */
  readonly onProgress?: (batch: number, batches: number, first: SplitMetrics) => void;
}

export interface Trainer {
  readonly info: EngineInfo;
  /** Reads the dataset and checks that it fits the model (image shape, class count). */
  open(dataset: DatasetRef, settings: SearchSettings): Promise<DatasetInfo>;
  /** A freshly initialised network at `widths` (every width variable of the model), seeded. */
  build(widths: WidthMap, seed: number): Promise<void>;
  train(options: TrainOptions): Promise<TrainResult>;
  evaluate(split: EvalSplit, options?: EvalOptions): Promise<SplitMetrics>;
  /**
   * Optional: many probes in one pass over the split. Answer i equals `evaluate(split, probes[i])` (same masks:
   * they are seeded by the probe's seed and the batch index either way), but the activations upstream of a probe's
   * drop points are computed once per batch and shared by every probe, so the FUR phase costs a fraction of
   * separate passes. The search uses it when present.
   */
  probe?(split: EvalSplit, probes: readonly ProbeSpec[], options?: ProbeOptions): Promise<SplitMetrics[]>;
  /** The trainable parameters of the built network (checked against the analyzer's count). */
  countParams(): number;
  /**
   * Optional: multiply-accumulates of one image's forward pass through the built network, counted from the tensors
   * it computes (see src/engine/macs.ts), so tests can hold every engine's network to the analyzer's MACs.
   */
  countMacs?(): Promise<number>;
  dispose(): Promise<void>;
}
