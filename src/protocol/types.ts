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

/** What a run is doing now. */
export type RunPhase = 'search-train' | 'fur' | 'final-original' | 'final-uniform' | 'final-adjusted' | 'done';

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
}

/** `report.json`: original and adjusted networks trained from scratch with the same recipe and seed. */
export interface RunReport {
  readonly runId: string;
  readonly original: NetworkResult;
  /** Under a MAC budget (`targetMacs`): the uniformly scaled network, the baseline at the budget. */
  readonly uniform?: NetworkResult;
  readonly adjusted: NetworkResult;
  /** The adjusted model file written into the run folder. */
  readonly adjustedModelFile: string;
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
