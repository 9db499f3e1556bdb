/**
 * Payloads exchanged between the engine, the CLI, the extension and the webview, and the files of a run folder.
 * Types only: no runtime code, so every process (and the browser) can import it.
 */
import type { SearchSettings } from './settings.js';

/** Width assignment: layer (width variable) name → channels. */
export type WidthMap = Record<string, number>;

/** Where a dataset is and how to read it. */
export interface DatasetRef {
  /** `idx` (MNIST / Fashion-MNIST), `cifar10`, `cifar100`, `folder` (one subfolder per class). */
  readonly format: 'idx' | 'cifar10' | 'cifar100' | 'folder';
  /** A folder (resolved against the model file's folder when relative). */
  readonly path: string;
}

/** Which compute engine and backend run the search, and why. */
export interface EngineInfo {
  readonly engine: 'tfjs' | 'torch';
  /** e.g. `tensorflow` (tfjs-node), `wasm`, `cpu` for tfjs; `cuda`, `mps`, `cpu` for PyTorch. */
  readonly backend: string;
  readonly version: string;
  /** Why this engine/backend was chosen, for people. */
  readonly reason: string;
}

/**
 * The pruning baselines a comparison can add (reference section 11): channels chosen by L1 filter norm, CHIP channel
 * independence or HRel mutual information, taken from the trained original and fine-tuned.
 */
export type PruneMethod = 'l1' | 'chip' | 'hrel';
export const PRUNE_METHODS: readonly PruneMethod[] = ['l1', 'chip', 'hrel'];

/** The methods `netadjust compare --methods` accepts besides the adjustment itself: uniform scaling and pruning. */
export type BaselineMethod = 'uniform' | PruneMethod;
export const BASELINE_METHODS: readonly BaselineMethod[] = ['uniform', ...PRUNE_METHODS];

/**
 * The networks a run's final phase trains and tests: the original and the adjusted one always; the uniformly scaled
 * one under a budget; the adjusted one again with distillation (`distillWeight` > 0); the pruned ones in a comparison.
 */
export type FinalNetwork = 'original' | 'uniform' | 'adjusted' | 'adjusted-distilled' | PruneMethod;
export const FINAL_NETWORKS: readonly FinalNetwork[] = ['original', 'uniform', 'adjusted', 'adjusted-distilled', ...PRUNE_METHODS];

/** What a run is doing now. `prune-<method>` scores the trained original's channels and cuts them. */
export type RunPhase = 'latency-table' | 'search-train' | 'fur' | `final-${FinalNetwork}` | `prune-${PruneMethod}` | 'done';

/** Training progress, sent every few batches and at each epoch end. */
export interface ProgressEvent {
  readonly runId: string;
  readonly phase: RunPhase;
  /** Search iteration (0-based); absent in the final phases. */
  readonly iteration?: number;
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  /** Mean training loss of the epoch so far. */
  readonly loss: number;
  readonly accuracy: number;
  readonly learningRate: number;
  readonly imagesPerSecond: number;
  /** Estimated seconds until the whole run finishes. */
  readonly etaSeconds: number;
  /** True on the last message of an epoch. */
  readonly epochEnd: boolean;
}

export interface SplitMetrics {
  readonly loss: number;
  readonly accuracy: number;
  readonly images: number;
}

/** One finished search iteration: `iterations/<n>.json` in the run folder. */
export interface IterationRecord {
  readonly iteration: number;
  /** Widths the network of this iteration was trained at. */
  readonly widths: WidthMap;
  readonly macs: number;
  readonly params: number;
  /** Loss increase on the held-out split per layer probe (FLOPs-equalised), by coupling group id. */
  readonly fur: Record<string, number>;
  readonly dropRates: Record<string, number>;
  /** Widths proposed for the next iteration (after the update and the rescale). */
  readonly nextWidths: WidthMap;
  /** Coupling groups grown by the update, most useful first. */
  readonly grown?: readonly string[];
  /** Coupling groups shrunk by the update, least useful first. */
  readonly shrunk?: readonly string[];
  readonly nextMacs: number;
  readonly train: SplitMetrics & { readonly epochs: number; readonly seconds: number };
  readonly val: SplitMetrics;
  readonly seconds: number;
}

export interface NetworkResult {
  readonly macs: number;
  readonly params: number;
  readonly testAccuracy: number;
  readonly testLoss: number;
  readonly widths: WidthMap;
  /** How it was trained: from scratch (default), fine-tuned from the trained original's kept channels, or distilled. */
  readonly recipe?: 'scratch' | 'fine-tune' | 'distilled';
  /**
   * In the run folder (relative paths): the model file at these widths, in the input's format (absent for the
   * original, whose copy is `original.<ext>`), and the trained weights (where the engine can save them).
   */
  readonly modelFile?: string;
  readonly weightsFile?: string;
  /** A pruned network's test metrics right after the cut, before fine-tuning. */
  readonly beforeFineTune?: { readonly testAccuracy: number; readonly testLoss: number };
  /** Measured inference latency on the run's engine (absent where the engine cannot time). */
  readonly latency?: LatencyMeasurement;
  /** Under `budget: latency`: the latency table's prediction for these widths, in ms per forward pass. */
  readonly predictedLatencyMs?: number;
}

/** Milliseconds per inference-mode forward pass of `batchSize` images: median and quartiles of repeated passes. */
export interface LatencyMeasurement {
  readonly batchSize: number;
  readonly medianMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
}

/** A comparison's request: the baselines to train next to the adjusted network, at its budget. */
export interface CompareSpec {
  readonly methods: readonly BaselineMethod[];
}

/** `report.json`: original and adjusted networks trained from scratch with the same recipe and seed. */
export interface RunReport {
  readonly runId: string;
  readonly original: NetworkResult;
  /** Under a MAC budget (`targetMacs`): the uniformly scaled network, the baseline at the budget. */
  readonly uniform?: NetworkResult;
  readonly adjusted: NetworkResult;
  /** With `distillWeight` > 0: the adjusted widths trained again with the trained original as teacher. */
  readonly distilled?: NetworkResult;
  /** In a comparison: the pruned networks at the same budget. */
  readonly pruned?: { readonly [M in PruneMethod]?: NetworkResult };
  /** Under `budget: latency`: how the latency table was made and how far MACs and latency disagree for this model. */
  readonly latency?: LatencyReport;
  /** The adjusted model file written into the run folder (relative to it). */
  readonly adjustedModelFile: string;
  /** Images of the test set every network was tested on. */
  readonly testImages?: number;
  readonly seconds: number;
}

/** `run.json`: everything needed to understand and resume a run. */
export interface RunManifest {
  readonly runId: string;
  readonly createdAt: string;
  readonly modelFile: string;
  readonly modelName: string;
  readonly dataset: DatasetRef;
  readonly settings: SearchSettings;
  readonly engine: EngineInfo;
  readonly versions: Record<string, string>;
  readonly originalWidths: WidthMap;
  readonly originalMacs: number;
  readonly originalParams: number;
  /** Hash of the model's structure and widths, so a resume can refuse a changed model file. */
  readonly modelFingerprint?: string;
  /** Present when the run shrinks the network to a MAC budget (`settings.targetMacs`). */
  readonly budget?: RunBudget;
  /** Present when the run compares the adjustment with baselines (`netadjust compare`). */
  readonly compare?: CompareSpec;
}

/**
 * Under `budget: latency`: the per-layer latency table the search used instead of MACs, and how well MACs predict
 * latency for this model on this engine.
 */
export interface LatencyReport {
  /** The table file in the run folder (a copy of the cached one, so a resume uses the same numbers). */
  readonly tableFile: string;
  readonly engine: string;
  readonly backend: string;
  readonly batchSize: number;
  /** Spearman rank correlation, over the model's layers at the original widths, of their MACs and their latency. */
  readonly layerRankCorrelation: number;
  /** Predicted (table) / measured end-to-end latency of the original network: how much the table misses. */
  readonly tableOverMeasured?: number;
  /** Adjusted / original, in MACs and in measured latency: where the two proxies disagree on the gain. */
  readonly adjustedMacsRatio: number;
  readonly adjustedLatencyRatio?: number;
}

/**
 * A run's MAC budget: the network scaled uniformly to it first (the EfficientNet/MobileNet width multiplier), then
 * adjusted at it.
 */
export interface RunBudget {
  /** The MACs every iteration is rescaled to: the `targetMacs` setting, a ratio resolved against `originalMacs`. */
  readonly targetMacs: number;
  /** The uniform width multiplier m. */
  readonly multiplier: number;
  /** The divisor the scaled widths were rounded to (8, or smaller where 8 could not land near the target). */
  readonly divisor: number;
  /** The uniformly scaled widths: the search's start, the c⁰ of its adjusting-rate step, and the final baseline. */
  readonly startWidths: WidthMap;
  readonly startMacs: number;
  readonly startParams: number;
}

/** The state of a run, for status queries and the editor. */
export type RunState = 'running' | 'cancelled' | 'failed' | 'done';

/** One line of a run's `events.jsonl`: every event of the run, in order, stamped with its time (ISO 8601). */
export type RunEventLine =
  | ({ readonly event: 'progress'; readonly time: string } & ProgressEvent)
  | { readonly event: 'iteration'; readonly time: string; readonly record: IterationRecord }
  | { readonly event: 'log'; readonly time: string; readonly level: 'info' | 'warning' | 'error'; readonly message: string }
  | { readonly event: 'ended'; readonly time: string; readonly state: Exclude<RunState, 'running'>; readonly message?: string };
