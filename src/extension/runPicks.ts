/** Picking a run folder: for resume, report and panel commands. */
import * as vscode from 'vscode';
import type { RunSummary } from '../engine/runs/list.js';
import { runModelPath, stateLabel } from './runs/select.js';

export interface RunPickOptions {
  readonly title: string;
  /** Shown when there is nothing to pick. */
  readonly none: string;
  readonly activeRunId?: string;
  /** Pick without asking when there is only one run. */
  readonly single?: boolean;
}

/** Asks for one of `runs` (listed newest first); undefined when there are none or the user dismissed the pick. */
export async function pickRun(runs: readonly RunSummary[], options: RunPickOptions): Promise<RunSummary | undefined> {
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(`netadjust: ${options.none}`);
    return undefined;
  }
  if (runs.length === 1 && options.single) {
    return runs[0];
  }
  const items = [...runs]
    .sort((a, b) => (a.manifest.createdAt < b.manifest.createdAt ? 1 : a.manifest.createdAt > b.manifest.createdAt ? -1 : 0))
    .map((run) => ({
      label: run.runId,
      description: `${stateLabel(run, options.activeRunId)} · ${run.completedIterations}/${run.manifest.settings.iterations} iterations`,
      detail: `${vscode.workspace.asRelativePath(runModelPath(run))} · ${run.manifest.dataset.format} · started ${new Date(run.manifest.createdAt).toLocaleString()}`,
      run,
    }));
  const picked = await vscode.window.showQuickPick(items, { title: options.title, placeHolder: 'Run', matchOnDescription: true, matchOnDetail: true });
  return picked?.run;
}
