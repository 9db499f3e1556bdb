/**
 * Messages between the extension host and the progress panel (a webview). Plain discriminated unions on `kind`:
 * the panel receives exactly the payloads the engine emitted; the host only relays them. Types only.
 */
import type { IterationRecord, ProgressEvent, RunManifest, RunReport, RunState } from './types.js';

/** Everything the panel needs to draw a run from scratch (a finished run reopened from its folder, or a reload). */
export interface RunSnapshot {
  readonly manifest: RunManifest;
  readonly state: RunState;
  /** Epoch-end progress events, in order (one per finished epoch of every training in the run). */
  readonly epochs: readonly ProgressEvent[];
  readonly iterations: readonly IterationRecord[];
  readonly report?: RunReport;
  /** Why the run failed, when it did. */
  readonly message?: string;
}

export type HostToWebview =
  /** Replace whatever is shown with this run. */
  | { readonly kind: 'snapshot'; readonly snapshot: RunSnapshot }
  /** Live progress of the shown run (batch-level and epoch-end). */
  | { readonly kind: 'progress'; readonly event: ProgressEvent }
  | { readonly kind: 'iteration'; readonly record: IterationRecord }
  | { readonly kind: 'report'; readonly report: RunReport }
  | { readonly kind: 'runEnded'; readonly runId: string; readonly state: Exclude<RunState, 'running'>; readonly message?: string };

export type WebviewToHost =
  /** The panel has loaded (or reloaded) and wants the current snapshot. */
  | { readonly kind: 'ready' }
  | { readonly kind: 'cancel'; readonly runId: string }
  | { readonly kind: 'resume'; readonly runId: string }
  | { readonly kind: 'apply'; readonly runId: string }
  | { readonly kind: 'openReport'; readonly runId: string }
  /** Reveal a layer (width-variable name) in the model file. */
  | { readonly kind: 'revealLayer'; readonly runId: string; readonly layer: string };

/** What the panel keeps with `setState`, so hiding and reloading show the same thing. */
export interface WebviewState {
  readonly snapshot?: RunSnapshot;
}
