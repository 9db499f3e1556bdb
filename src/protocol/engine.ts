/**
 * The engine protocol: JSON-RPC between the engine process and whoever started it (the extension or the CLI).
 * Method names are `engine/…`. Requests come from the client; notifications come from the engine.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { EngineChoice, SearchSettings } from './settings.js';
import type { CompareSpec, DatasetRef, EngineInfo, IterationRecord, ProgressEvent, RunReport, RunState } from './types.js';

/** Bumped whenever a message changes shape; `engine/initialize` refuses a mismatch. */
export const PROTOCOL_VERSION = 1;

export interface InitializeParams {
  readonly protocolVersion: number;
  /** The engine the client intends to use; the answer says which engine and backend that resolves to. */
  readonly engine?: EngineChoice;
}
export interface InitializeResult {
  readonly protocolVersion: number;
  readonly engine: EngineInfo;
}
/** Client → engine, first: agree on the protocol; answers which engine and backend will run. */
export const initialize = new RequestType<InitializeParams, InitializeResult, void>('engine/initialize');

export interface StartParams {
  /** Absolute path of the model file. */
  readonly modelFile: string;
  /** The workspace folder that holds `.netadjust/runs/`. */
  readonly workspace: string;
  /** Defaults to the model file's `dataset`. */
  readonly dataset?: DatasetRef;
  /** Overrides of the defaults (and of the model file's `search` block). */
  readonly settings?: Partial<SearchSettings>;
  /** Continue this run (its id, or its folder) from its last completed iteration instead of starting a new one. */
  readonly resume?: string;
  /** Which compute engine; default `auto`. */
  readonly engine?: EngineChoice;
  /**
   * Compare the adjustment with these baselines at the same budget (`netadjust compare`): the final phase also trains
   * them and the report has them all. Needs a budget (`settings.targetMacs`).
   */
  readonly compare?: CompareSpec;
}
export interface StartResult {
  readonly runId: string;
  readonly runDir: string;
}
/** Client → engine: start (or resume) a run; answers at once, then reports through notifications. */
export const start = new RequestType<StartParams, StartResult, void>('engine/start');

export interface CancelParams {
  readonly runId: string;
}
/** Client → engine: stop the run within seconds, keeping every completed iteration. */
export const cancel = new RequestType<CancelParams, void, void>('engine/cancel');

export interface StatusResult {
  readonly runId?: string;
  readonly state?: RunState;
  readonly phase?: ProgressEvent['phase'];
  readonly iteration?: number;
}
/** Client → engine: what is running now. */
export const status = new RequestType0<StatusResult, void>('engine/status');

/** Engine → client: training progress (every few batches, and at each epoch end). */
export const progress = new NotificationType<ProgressEvent>('engine/progress');

export interface IterationParams {
  readonly runId: string;
  readonly record: IterationRecord;
}
/** Engine → client: a search iteration finished and is saved. */
export const iteration = new NotificationType<IterationParams>('engine/iteration');

/** Engine → client: the run finished; the report is saved. */
export const report = new NotificationType<RunReport & { readonly runDir: string }>('engine/report');

export interface RunEndParams {
  readonly runId: string;
  readonly state: Exclude<RunState, 'running'>;
  /** For `failed`: what went wrong, for people (names the file or cause). */
  readonly message?: string;
}
/** Engine → client: the run ended (done, cancelled or failed). Always the last message of a run. */
export const runEnded = new NotificationType<RunEndParams>('engine/runEnded');

export interface LogParams {
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
}
/** Engine → client: a line for the output channel / stderr. */
export const log = new NotificationType<LogParams>('engine/log');
