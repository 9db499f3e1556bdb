/**
 * The panel's state and how host messages change it. Pure (no DOM), so it is unit-tested under Node and the
 * same snapshot always draws the same panel: after a reload, or when a finished run is reopened from its folder.
 */
import { isTrainingPhase } from '../src/protocol/phases.js';
import type { IterationRecord, ProgressEvent } from '../src/protocol/types.js';
import type { HostToWebview, RunSnapshot, WebviewState } from '../src/protocol/webview.js';

export interface PanelState {
  /** The shown run; persisted with `setState`. */
  readonly snapshot?: RunSnapshot;
  /** The latest progress event, batch-level included: drives the header only, so it is not persisted. */
  readonly live?: ProgressEvent;
}

/**
 * True for the epoch-end event of a training: those are the points of the loss and accuracy curves (FUR probe
 * passes, latency timing, channel scoring and the closing `done` event also say `epochEnd`).
 */
export function isTrainingEpochEnd(event: ProgressEvent): boolean {
  return event.epochEnd && isTrainingPhase(event.phase);
}

/** The state restored from `getState`; anything not shaped like a snapshot is dropped rather than trusted. */
export function restoreState(saved: unknown): PanelState {
  if (typeof saved !== 'object' || saved === null) {
    return {};
  }
  const snapshot = (saved as { snapshot?: unknown }).snapshot;
  return looksLikeSnapshot(snapshot) ? { snapshot } : {};
}

/** What `setState` keeps: the snapshot alone (see `WebviewState`). */
export function persistedState(state: PanelState): WebviewState {
  return state.snapshot ? { snapshot: state.snapshot } : {};
}

/** The state after one host message. Messages about another run than the shown one are ignored. */
export function reduce(state: PanelState, message: HostToWebview): PanelState {
  switch (message.kind) {
    case 'snapshot':
      return { snapshot: message.snapshot };
    case 'progress':
      return withSnapshot(state, message.event.runId, (s) => ({
        snapshot: isTrainingEpochEnd(message.event) ? { ...s, epochs: addEpoch(s.epochs, message.event) } : s,
        live: message.event,
      }));
    case 'iteration':
      // The record carries no run id: the host relays only the shown run's iterations.
      return withSnapshot(state, undefined, (s) => ({ ...state, snapshot: { ...s, iterations: addIteration(s.iterations, message.record) } }));
    case 'report':
      return withSnapshot(state, message.report.runId, (s) => ({ ...state, snapshot: { ...s, report: message.report } }));
    case 'runEnded':
      return withSnapshot(state, message.runId, (s) => ({ snapshot: ended(s, message.state, message.message) }));
  }
}

/** Applies `change` only when a run is shown and `runId` (when the message carries one) is that run's. */
function withSnapshot(state: PanelState, runId: string | undefined, change: (s: RunSnapshot) => PanelState): PanelState {
  const s = state.snapshot;
  if (!s || (runId !== undefined && runId !== s.manifest.runId)) {
    return state;
  }
  return change(s);
}

/**
 * Appends an epoch-end event. An epoch at or before one already recorded for the same training means that
 * training restarted (a resumed run retrains its interrupted iteration from scratch), so the stale tail goes.
 */
export function addEpoch(epochs: readonly ProgressEvent[], event: ProgressEvent): ProgressEvent[] {
  const kept = epochs.filter((e) => !(sameTraining(e, event) && e.epoch >= event.epoch));
  return [...kept, event];
}

export function sameTraining(a: ProgressEvent, b: ProgressEvent): boolean {
  return a.phase === b.phase && a.iteration === b.iteration;
}

/** Inserts or replaces a record, keeping iteration order. */
export function addIteration(records: readonly IterationRecord[], record: IterationRecord): IterationRecord[] {
  return [...records.filter((r) => r.iteration !== record.iteration), record].sort((a, b) => a.iteration - b.iteration);
}

function ended(s: RunSnapshot, state: RunSnapshot['state'], message: string | undefined): RunSnapshot {
  const { message: _old, ...rest } = s;
  return message === undefined ? { ...rest, state } : { ...rest, state, message };
}

/** Enough of a snapshot's shape that drawing it cannot throw (saved state may come from an older panel). */
export function looksLikeSnapshot(value: unknown): value is RunSnapshot {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const s = value as Partial<Record<keyof RunSnapshot, unknown>>;
  const manifest = s.manifest as { runId?: unknown; originalWidths?: unknown; settings?: unknown } | undefined;
  return (
    typeof manifest === 'object' &&
    manifest !== null &&
    typeof manifest.runId === 'string' &&
    typeof manifest.originalWidths === 'object' &&
    typeof manifest.settings === 'object' &&
    typeof s.state === 'string' &&
    Array.isArray(s.epochs) &&
    Array.isArray(s.iterations)
  );
}
