/**
 * The trainer interface: everything the search loop asks of a compute engine. The loop never sees tensors,
 * so a second engine (another library, another process) plugs in without touching it.
 */
import type { SearchSettings } from '../protocol/settings.js';
import type { LayerNode } from '../model/graph.js';
import type { DatasetRef, EngineInfo, LatencyMeasurement, ProgressEvent, SplitMetrics, WidthMap } from '../protocol/types.js';

export type { LatencyMeasurement } from '../protocol/types.js';

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
  /** Knowledge distillation from a trained teacher (the final retrain's option); absent: plain training. */
  readonly distill?: DistillOptions;
}

/**
 * Distillation (Hinton et al. 2015): loss = (1 − α)·CE(labels, student) + α·T²·KL(softmax(teacher/T) ‖
 * softmax(student/T)). The teacher is a network of the same model at `teacherWidths`, with the weights of
 * `teacherWeights`, run in inference mode (BN statistics, no channel drop) on the same augmented batch as the student.
 */
export interface DistillOptions {
  readonly teacherWeights: string;
  readonly teacherWidths: WidthMap;
  /** α in [0, 1]: the soft-label loss's weight. */
  readonly weight: number;
  /** T > 0. */
  readonly temperature: number;
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
  /**
   * Optional (pruning baselines, distillation): writes the built network's weights to `path` as a safetensors file in
   * netadjust's canonical layout (src/engine/weights/canonical.ts): TensorFlow layouts, names `<layer>/<tensor>`,
   * batch-norm statistics included, float32.
   */
  saveWeights?(path: string): Promise<void>;
  /**
   * Optional: replaces the built network's weights with those of `path` (canonical layout). Every tensor of the
   * network must be in the file with exactly its shape; the error names the first that is missing or differs.
   */
  loadWeights?(path: string): Promise<void>;
  /**
   * Optional (CHIP, HRel): writes, as safetensors to `request.path`, the built network's inference-mode outputs at
   * the drop point of each of `request.layers` (after conv → BN → activation, where probes drop channels) for the
   * first `request.images` images of the `full` training split in order, without augmentation: tensor `<layer>`
   * float32 `[N, H, W, C]` (`[N, C]` for dense), and `labels` int32 `[N]`.
   */
  featureMaps?(request: FeatureMapRequest): Promise<void>;
  /** Optional (`--budget latency`): times single layers at given channel counts, on this engine's device. */
  timeLayers?(cases: readonly LayerTimingCase[], options: TimingOptions): Promise<number[]>;
  /** Optional: times whole inference-mode forward passes of the built network on random images of its input shape. */
  measureLatency?(options: TimingOptions): Promise<LatencyMeasurement>;
  dispose(): Promise<void>;
}

export interface FeatureMapRequest {
  readonly layers: readonly string[];
  readonly images: number;
  readonly path: string;
  readonly signal?: AbortSignal;
}

/**
 * One layer to time: the model's node (a conv2d, depthwise_conv2d, separable_conv2d or dense, with its attributes),
 * alone, on a random input of `inputShape` `[H, W, Cin]` (`[Cin]` for dense), producing `outChannels` channels.
 * Only the layer's own op (and bias) is timed, not the BN or activation after it.
 */
export interface LayerTimingCase {
  readonly node: LayerNode;
  readonly inputShape: readonly number[];
  readonly outChannels: number;
}

export interface TimingOptions {
  /** Images per timed forward pass. */
  readonly batchSize: number;
  /** Untimed passes first (kernel selection, caches, lazy allocation). */
  readonly warmup: number;
  /** Timed passes; the answer is their median. */
  readonly repeats: number;
  readonly signal?: AbortSignal;
}

