/**
 * Which run folder a command works on: the runs of a model file, the one whose widths "Apply" writes, the ones
 * "Resume" offers. Pure Node (no `vscode`), so it is unit-tested with run folders written by the tests.
 */
import * as path from 'node:path';
import { runProposal, type Proposal } from '../../engine/runs/adjusted.js';
import { listRuns, type RunSummary } from '../../engine/runs/list.js';
import { openRun, type RunStore } from '../../engine/runs/store.js';

/** Whether two file paths name the same file (resolved; case-insensitive on Windows). */
export function samePath(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  const [x, y] = [path.resolve(a), path.resolve(b)];
  return platform === 'win32' ? x.toLowerCase() === y.toLowerCase() : x === y;
}

/** The workspace folder a run folder (`<workspace>/.netadjust/runs/<id>`) belongs to. */
export function workspaceOfRun(dir: string): string {
  return path.resolve(dir, '..', '..', '..');
}

/** The run's model file as an absolute path (a relative `modelFile` is relative to the run's workspace). */
export function runModelPath(run: Pick<RunSummary, 'dir' | 'manifest'>): string {
  return path.resolve(workspaceOfRun(run.dir), run.manifest.modelFile);
}

/** Every valid run of these workspace folders, oldest first. */
export function allRuns(workspaces: readonly string[]): RunSummary[] {
  const seen = new Set<string>();
  const runs: RunSummary[] = [];
  for (const ws of workspaces) {
    for (const run of listRuns(ws)) {
      if (!seen.has(path.resolve(run.dir))) {
        seen.add(path.resolve(run.dir));
        runs.push(run);
      }
    }
  }
  return runs.sort((a, b) => byCreation(a, b));
}

/** The runs whose manifest names this model file, oldest first. */
export function runsForModel(runs: readonly RunSummary[], modelPath: string): RunSummary[] {
  return runs.filter((r) => samePath(runModelPath(r), modelPath));
}

/** A run's proposal for its model file, with the run it comes from. */
export interface ApplySource {
  readonly run: RunSummary;
  readonly store: RunStore;
  readonly proposal: Proposal;
}

/**
 * What "Apply adjusted widths" writes, from `runs` (one model file's runs): the latest done run's adjusted network
 * (`proposal.source` `report`), else the latest completed iteration's proposal of the newest run that has one
 * (`iteration`: not trained from scratch yet, so it needs the user's confirmation). With `runId`, only that run.
 */
export function applySource(runs: readonly RunSummary[], runId?: string): ApplySource | undefined {
  const candidates = [...runs].reverse().filter((r) => runId === undefined || r.runId === runId);
  const proposals = candidates.map((run) => {
    const store = openRun(run.dir);
    return { run, store, proposal: runProposal(store) };
  });
  const found = proposals.find((p) => p.proposal?.source === 'report') ?? proposals.find((p) => p.proposal !== undefined);
  return found?.proposal ? { run: found.run, store: found.store, proposal: found.proposal } : undefined;
}

/**
 * Runs that can be resumed, newest first: cancelled, failed, or recorded as running without an end while no
 * process of this window runs them (their process died). Done runs and `activeRunId` are left out.
 */
export function resumableRuns(runs: readonly RunSummary[], activeRunId?: string): RunSummary[] {
  return [...runs].reverse().filter((r) => r.state !== 'done' && r.runId !== activeRunId);
}

/** `cancelled`, `failed`, `done`, and `interrupted` for a run with no recorded end that is not running here. */
export function stateLabel(run: Pick<RunSummary, 'state' | 'runId'>, activeRunId?: string): string {
  return run.state === 'running' && run.runId !== activeRunId ? 'interrupted' : run.state;
}

function byCreation(a: RunSummary, b: RunSummary): number {
  const [x, y] = [a.manifest.createdAt + path.basename(a.dir), b.manifest.createdAt + path.basename(b.dir)];
  return x < y ? -1 : x > y ? 1 : 0;
}
