/** `netadjust.adjust` and `netadjust.resume`: start a search (or continue one) in the engine process; what every new run needs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelAnalysis } from '../model/analyze.js';
import { hasErrors } from '../model/diagnostics.js';
import { loadModel } from '../model/load.js';
import type { StartParams } from '../protocol/engine.js';
import { errorText, type LiveRun } from './activeRun.js';
import { askAdjustChoices, type AdjustChoices } from './adjustPrompts.js';
import type { Ctx } from './context.js';
import { resolveModelFile } from './modelFiles.js';
import { ProgressPanel } from './panel.js';
import { pickRun } from './runPicks.js';
import { resumableRuns, runModelPath, workspaceOfRun } from './runs/select.js';

export function adjust(ctx: Ctx) {
  return async (arg?: unknown): Promise<void> => {
    if (!ctx.requireTrust('start a search') || refuseWhileRunning(ctx)) {
      return;
    }
    const model = await searchableModel(arg, 'Adjust which model?', 'adjusting');
    const choices = model && (await askAdjustChoices(model.uri, model.analysis, ctx.config(model.uri)));
    if (!model || !choices) {
      return;
    }
    await startRun(ctx, startParams(ctx, model.uri, choices), model.uri, await ctx.engineEnv(model.uri));
  };
}

/** A model file to start a run on: saved, free of errors, with widths to search; undefined (after saying why) otherwise. */
export async function searchableModel(arg: unknown, question: string, doing: string): Promise<{ uri: vscode.Uri; analysis: ModelAnalysis } | undefined> {
  const uri = await resolveModelFile(arg, question);
  const document = uri && (await savedDocument(uri));
  if (!uri || !document) {
    return undefined;
  }
  const loaded = loadModel(document.fileName, document.getText());
  if (!loaded.analysis || hasErrors(loaded.diagnostics)) {
    void vscode.window.showErrorMessage(`netadjust: ${path.basename(uri.fsPath)} has errors; fix them before ${doing} it.`, 'Show Problems').then((picked) => {
      if (picked) {
        void vscode.commands.executeCommand('workbench.actions.view.problems');
      }
    });
    return undefined;
  }
  if (!loaded.analysis.groups.some((g) => g.searchable)) {
    void vscode.window.showWarningMessage(`netadjust: ${path.basename(uri.fsPath)} has no searchable widths, so there is nothing to adjust.`);
    return undefined;
  }
  return { uri, analysis: loaded.analysis };
}

/** A new run of `modelUri` with what was chosen: the counts and the budget go to the engine as settings overrides. */
export function startParams(ctx: Ctx, modelUri: vscode.Uri, choices: AdjustChoices): StartParams {
  return {
    modelFile: modelUri.fsPath,
    workspace: ctx.workspaceFor(modelUri),
    ...(choices.dataset ? { dataset: choices.dataset } : {}),
    settings: { ...choices.search, ...choices.budget },
    engine: choices.engine,
  };
}

/** Resumes a cancelled, failed or interrupted run: the argument's run id, or one picked. */
export function resume(ctx: Ctx) {
  return async (arg?: unknown): Promise<void> => {
    if (!ctx.requireTrust('resume a search') || refuseWhileRunning(ctx)) {
      return;
    }
    const runs = resumableRuns(ctx.runs(), ctx.run.current?.runId);
    if (typeof arg === 'string' && !runs.some((r) => r.runId === arg)) {
      void vscode.window.showWarningMessage(`netadjust: run ${arg} cannot be resumed: it is done, or its folder is gone.`);
      return;
    }
    const run = typeof arg === 'string' ? runs.find((r) => r.runId === arg) : await pickRun(runs, { title: 'Resume which run?', none: 'no cancelled, failed or interrupted runs in this workspace.' });
    if (!run) {
      return;
    }
    const modelPath = runModelPath(run);
    if (!fs.existsSync(modelPath)) {
      void vscode.window.showErrorMessage(`netadjust: cannot resume run ${run.runId}: its model file ${modelPath} is gone.`);
      return;
    }
    const uri = vscode.Uri.file(modelPath);
    if (!(await savedDocument(uri))) {
      return;
    }
    // The run's own dataset and settings: a resumed run must be the run it was (the engine checks the model too).
    const params: StartParams = {
      modelFile: modelPath,
      workspace: workspaceOfRun(run.dir),
      dataset: run.manifest.dataset,
      settings: run.manifest.settings,
      resume: run.runId,
      engine: ctx.config(uri).engine,
    };
    await startRun(ctx, params, uri, await ctx.engineEnv(uri));
  };
}

/** Starts the run in the engine and opens the progress panel on it; reports a refusal or failure. */
export async function startRun(ctx: Ctx, params: StartParams, modelUri: vscode.Uri, env: Record<string, string>): Promise<void> {
  ctx.rememberRunRoot(params.workspace);
  let run: LiveRun;
  try {
    run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'netadjust: starting the engine' }, () => ctx.run.start(params, modelUri, env));
  } catch (e) {
    await showFailure(ctx, `could not start the search: ${errorText(e)}`);
    return;
  }
  ctx.output.appendLine(`netadjust: ${params.resume ? 'resumed' : 'started'} run ${run.runId} in ${run.runDir}`);
  try {
    ProgressPanel.show(ctx, { runId: run.runId, runDir: run.runDir });
  } catch (e) {
    // The run goes on (status bar, notification); only its panel is missing.
    await showFailure(ctx, `run ${run.runId} is running, but its progress panel could not open: ${errorText(e)}`);
  }
}

async function showFailure(ctx: Ctx, message: string): Promise<void> {
  ctx.output.appendLine(`netadjust: ${message}`);
  if (await vscode.window.showErrorMessage(`netadjust: ${message}`, 'Show Output')) {
    ctx.output.show(true);
  }
}

/** True (after saying so) when this window already runs a search. */
export function refuseWhileRunning(ctx: Ctx): boolean {
  const live = ctx.run.current;
  if (!live) {
    return false;
  }
  void vscode.window.showWarningMessage(`netadjust: run ${live.runId} is in progress; one search runs at a time.`, 'Show Panel', 'Cancel Run').then((picked) => {
    if (picked === 'Show Panel') {
      void vscode.commands.executeCommand('netadjust.showPanel', live.runId);
    } else if (picked === 'Cancel Run') {
      void vscode.commands.executeCommand('netadjust.cancel', live.runId);
    }
  });
  return true;
}

/** The model file's document, saved first (after asking) when it has unsaved edits: the engine reads the file on disk. */
async function savedDocument(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (!document.isDirty) {
    return document;
  }
  const picked = await vscode.window.showWarningMessage(`${path.basename(uri.fsPath)} has unsaved changes; the search reads the file on disk.`, { modal: true }, 'Save and Continue');
  return picked && (await document.save()) ? document : undefined;
}
