/**
 * Tells the language server about each model file's latest run (FUR lenses, `16 → 26` hints): for the model files
 * open at activation and for each one opened later. The live run's iterations are sent as they finish (ActiveRun).
 */
import * as vscode from 'vscode';
import type { Ctx } from './context.js';
import { isModelDocument } from './modelFiles.js';
import { latestRunResults } from './runs/results.js';
import { runsForModel } from './runs/select.js';

export function syncRunResults(ctx: Ctx): vscode.Disposable {
  const send = (document: vscode.TextDocument): void => {
    if (!isModelDocument(document) || ctx.run.current?.modelUri.toString() === document.uri.toString()) {
      return;
    }
    try {
      const runs = runsForModel(ctx.runs(ctx.workspaceFor(document.uri)), document.uri.fsPath);
      const params = latestRunResults(ctx.server.uriOf(document.uri), runs);
      if (params) {
        void ctx.server.sendRunResults(params);
      }
    } catch (e) {
      ctx.output.appendLine(`netadjust: cannot read the runs of ${document.fileName}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  vscode.workspace.textDocuments.forEach(send);
  return vscode.workspace.onDidOpenTextDocument(send);
}
