/** `netadjust.cancel`, `netadjust.showReport` and `netadjust.showPanel`. Each takes an optional run id. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSummary } from '../engine/runs/list.js';
import { errorText } from './activeRun.js';
import type { Ctx } from './context.js';
import { ProgressPanel } from './panel.js';
import { pickRun } from './runPicks.js';
import { runsForModel } from './runs/select.js';

export function cancel(ctx: Ctx) {
  return async (arg?: unknown): Promise<void> => {
    const live = ctx.run.current;
    if (!live || (typeof arg === 'string' && arg !== live.runId)) {
      void vscode.window.showInformationMessage(typeof arg === 'string' ? `netadjust: run ${arg} is not running in this window.` : 'netadjust: no search is running.');
      return;
    }
    try {
      await ctx.run.cancel(live.runId);
    } catch (e) {
      void vscode.window.showErrorMessage(`netadjust: could not cancel run ${live.runId}: ${errorText(e)}`);
    }
  };
}

/** Opens a run's `report.md` in the Markdown preview: the argument's run (id, or a model file's latest), or one picked. */
export function showReport(ctx: Ctx) {
  return async (arg?: unknown): Promise<void> => {
    const run = await chooseRun(ctx, arg, (runs) => runs.filter((r) => r.state === 'done'), {
      title: 'Show the report of which run?',
      none: 'no finished runs (with a report) yet.',
      single: true,
    });
    if (!run) {
      return;
    }
    const report = path.join(run.dir, 'report.md');
    if (!fs.existsSync(report)) {
      void vscode.window.showInformationMessage(`netadjust: run ${run.runId} has no report yet (it is ${run.state}).`);
      return;
    }
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(report));
  };
}

/** Shows the progress panel: the argument's run, else the running one, else one picked (newest first). */
export function showPanel(ctx: Ctx) {
  return async (arg?: unknown): Promise<void> => {
    const live = ctx.run.current;
    if (live && (arg === undefined || arg === live.runId)) {
      ProgressPanel.show(ctx, { runId: live.runId, runDir: live.runDir });
      return;
    }
    const run = await chooseRun(ctx, arg, (runs) => runs, { title: 'Show which run?', none: 'no runs in this workspace yet.', single: true, ...(live ? { activeRunId: live.runId } : {}) });
    if (run) {
      ProgressPanel.show(ctx, { runId: run.runId, runDir: run.dir });
    }
  };
}

/**
 * The run a command is about: a run id argument; a model file argument (its newest run among `filter`); else
 * a pick among `filter`ed runs of the workspace.
 */
async function chooseRun(ctx: Ctx, arg: unknown, filter: (runs: RunSummary[]) => RunSummary[], pick: Parameters<typeof pickRun>[1]): Promise<RunSummary | undefined> {
  const runs = ctx.runs();
  if (typeof arg === 'string') {
    const run = runs.find((r) => r.runId === arg);
    if (!run) {
      void vscode.window.showWarningMessage(`netadjust: no run ${arg} in this workspace.`);
    }
    return run;
  }
  if (arg instanceof vscode.Uri) {
    const run = filter(runsForModel(ctx.runs(ctx.workspaceFor(arg)), arg.fsPath)).at(-1);
    if (!run) {
      void vscode.window.showInformationMessage(`netadjust: ${path.basename(arg.fsPath)} has ${pick.none}`);
    }
    return run;
  }
  return pickRun(filter(runs), pick);
}
