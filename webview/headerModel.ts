/** The panel header's text and which buttons it offers, from the state alone. Pure; unit-tested. */
import { isTrainingPhase, phaseLabel } from '../src/protocol/phases.js';
import type { ProgressEvent, RunState } from '../src/protocol/types.js';
import type { RunSnapshot } from '../src/protocol/webview.js';
import { formatDuration } from './format.js';
import { isTrainingEpochEnd, type PanelState } from './state.js';

export interface HeaderView {
  readonly runId: string;
  readonly modelName: string;
  readonly state: RunState;
  /** What the run is doing now, for people: "training (search)", "measuring FUR", "done", … */
  readonly phase: string;
  /** "iteration 2/3", "epoch 3/4" — absent when they mean nothing (before the first event, after the end). */
  readonly iteration?: string;
  readonly step?: string;
  readonly eta?: string;
  readonly imagesPerSecond?: string;
  /** "tfjs 4.22.0 · wasm", with the reason it was chosen as `engineReason`. */
  readonly engine: string;
  readonly engineReason: string;
  /** Why the run failed or stopped. */
  readonly message?: string;
}

/** The buttons of the header; each posts the matching `WebviewToHost` message with the run id. */
export interface Actions {
  readonly cancel: boolean;
  readonly resume: boolean;
  readonly apply: boolean;
  readonly openReport: boolean;
}

const ENDED: Record<Exclude<RunState, 'running'>, string> = { done: 'done', cancelled: 'cancelled', failed: 'failed' };

export function headerView(state: PanelState): HeaderView | undefined {
  const s = state.snapshot;
  if (!s) {
    return undefined;
  }
  const { manifest } = s;
  const engine = manifest.engine;
  // After a reload the live event is gone; the last finished epoch is the best account of where the run was.
  const live = state.live ?? s.epochs.at(-1);
  const running = s.state === 'running';
  const base = {
    runId: manifest.runId,
    modelName: manifest.modelName,
    state: s.state,
    phase: running ? (live ? phaseLabel(live.phase) : 'starting') : ENDED[s.state],
    engine: `${engine.engine} ${engine.version} · ${engine.backend}`,
    engineReason: engine.reason,
    ...(s.message ? { message: s.message } : {}),
  };
  if (!running || !live) {
    return { ...base, ...(running ? { iteration: iterationText(s, undefined) } : {}) };
  }
  return {
    ...base,
    iteration: iterationText(s, live),
    step: stepText(live),
    eta: formatDuration(live.etaSeconds),
    ...(live.imagesPerSecond > 0 ? { imagesPerSecond: `${Math.round(live.imagesPerSecond)} images/s` } : {}),
  };
}

/**
 * 1-based, as people count; the final phases (pruning included) come after the last iteration, so they show T/T.
 * The latency table is timed before the first iteration, which it does not belong to.
 */
function iterationText(s: RunSnapshot, live: ProgressEvent | undefined): string | undefined {
  if (live?.phase === 'latency-table') {
    return undefined;
  }
  const total = s.manifest.settings.iterations;
  const current = live?.iteration ?? (live ? total - 1 : s.iterations.length);
  return `iteration ${Math.min(current + 1, total)}/${total}`;
}

function stepText(live: ProgressEvent): string | undefined {
  if (live.phase === 'fur') {
    return `probe pass ${live.epoch}/${live.epochs}`;
  }
  if (live.phase === 'done' || live.epochs === 0) {
    return undefined;
  }
  // Timing layers and scoring channels count steps of their own, not epochs.
  return `${isTrainingPhase(live.phase) ? 'epoch' : 'step'} ${live.epoch}/${live.epochs}`;
}

export function actions(snapshot: RunSnapshot | undefined): Actions {
  const state = snapshot?.state;
  const report = snapshot?.report !== undefined;
  return {
    cancel: state === 'running',
    resume: state === 'cancelled' || state === 'failed',
    apply: state === 'done' && report,
    openReport: report,
  };
}

/** True while a run is shown but no training epoch has finished yet: the panel says so instead of empty charts. */
export function waitingForFirstEpoch(snapshot: RunSnapshot | undefined): boolean {
  return snapshot !== undefined && snapshot.state === 'running' && !snapshot.epochs.some(isTrainingEpochEnd) && snapshot.iterations.length === 0;
}
