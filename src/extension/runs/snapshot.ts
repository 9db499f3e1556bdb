/** A run folder read into what the progress panel draws (`RunSnapshot`), and finding a run folder by its id. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runState } from '../../engine/runs/list.js';
import { openRun, RUNS_FOLDER } from '../../engine/runs/store.js';
import { isTrainingPhase } from '../../protocol/phases.js';
import type { ProgressEvent, RunEventLine } from '../../protocol/types.js';
import type { RunSnapshot } from '../../protocol/webview.js';

/** Reads a run folder (manifest, iterations, epoch ends from `events.jsonl`, report, state). Throws naming a damaged file. */
export function buildSnapshot(dir: string): RunSnapshot {
  const store = openRun(dir);
  const events = store.readEvents().events;
  const state = runState(store);
  const report = store.readReport();
  const ended = [...events].reverse().find((e) => e.event === 'ended');
  const message = state === 'failed' && ended?.event === 'ended' ? ended.message : undefined;
  return {
    manifest: store.manifest,
    state,
    epochs: epochEnds(events),
    iterations: store.completedIterations(),
    ...(report ? { report } : {}),
    ...(message !== undefined ? { message } : {}),
  };
}

/**
 * The epoch-end progress events of every training, in order. A training that was interrupted and started again
 * (a resume repeats the unfinished iteration from its first epoch) keeps only its last attempt.
 */
export function epochEnds(events: readonly RunEventLine[]): ProgressEvent[] {
  const out: ProgressEvent[] = [];
  const lastEpoch = new Map<string, number>();
  for (const line of events) {
    if (line.event !== 'progress' || !line.epochEnd || !isTrainingPhase(line.phase)) {
      continue;
    }
    const { event: _event, time: _time, ...progress } = line;
    const key = `${progress.phase}:${progress.iteration ?? ''}`;
    if ((lastEpoch.get(key) ?? 0) >= progress.epoch) {
      dropWhere(out, (e) => `${e.phase}:${e.iteration ?? ''}` === key);
    }
    lastEpoch.set(key, progress.epoch);
    out.push(progress);
  }
  return out;
}

/** Whether `runId` can only name a folder directly under the runs folder (no separators, not `.` or `..`). */
export function isSafeRunId(runId: string): boolean {
  return runId !== '' && runId !== '.' && runId !== '..' && !/[\\/\0]/.test(runId);
}

/** The folder of run `runId` in the first of these workspace folders that has it. */
export function findRunDir(workspaces: readonly string[], runId: string): string | undefined {
  if (!isSafeRunId(runId)) {
    return undefined;
  }
  for (const ws of workspaces) {
    const dir = path.join(ws, RUNS_FOLDER, runId);
    if (fs.existsSync(path.join(dir, 'run.json'))) {
      return dir;
    }
  }
  return undefined;
}

function dropWhere<T>(items: T[], drop: (item: T) => boolean): void {
  const kept = items.filter((i) => !drop(i));
  items.splice(0, items.length, ...kept);
}
