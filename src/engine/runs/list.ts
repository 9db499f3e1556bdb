/** Finding a workspace's runs and telling what state each is in, from its files alone. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunManifest, RunState } from '../../protocol/types.js';
import { openRun, RUNS_FOLDER, type RunStore } from './store.js';

export interface RunSummary {
  readonly runId: string;
  readonly dir: string;
  readonly manifest: RunManifest;
  /**
   * `done` when the report exists; otherwise the state of the last `ended` event, unless events follow it (a
   * resume). `running` means no end was recorded: the run is running now, or its process died.
   */
  readonly state: RunState;
  readonly completedIterations: number;
}

/** The state of a run folder, from `report.json` and `events.jsonl`. */
export function runState(store: RunStore): RunState {
  if (store.readReport() !== undefined) {
    return 'done';
  }
  let state: RunState = 'running';
  for (const e of store.readEvents().events) {
    state = e.event === 'ended' ? e.state : 'running';
  }
  return state;
}

/**
 * The valid runs under `<workspace>/.netadjust/runs/`, oldest first (ids start with their UTC start time). Folders
 * that are not runs, or whose files are damaged, are left out.
 */
export function listRuns(workspace: string): RunSummary[] {
  const root = path.join(workspace, RUNS_FOLDER);
  let names: string[];
  try {
    names = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const runs: RunSummary[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    try {
      const store = openRun(dir);
      runs.push({ runId: store.runId, dir, manifest: store.manifest, state: runState(store), completedIterations: store.completedIterations().length });
    } catch {
      // Not a run, or damaged: listing shows what can be used.
    }
  }
  return runs.sort((a, b) => compare(a.manifest.createdAt, b.manifest.createdAt) || compare(path.basename(a.dir), path.basename(b.dir)));
}

/** The most recently started valid run of the workspace, if any. */
export function latestRun(workspace: string): RunSummary | undefined {
  return listRuns(workspace).at(-1);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
