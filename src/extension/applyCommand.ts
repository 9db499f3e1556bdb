/**
 * `netadjust.applyAdjustedWidths`: writes a run's widths into its model file as one undoable edit. Arguments: the
 * model file (Uri or URI string; default the active editor's), and optionally the run id to take them from.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from './context.js';
import { resolveModelFile } from './modelFiles.js';
import { planApply, type WidthChange } from './runs/applyPlan.js';
import { applySource, runsForModel, stateLabel, type ApplySource } from './runs/select.js';

export function applyAdjustedWidths(ctx: Ctx) {
  return async (arg?: unknown, runIdArg?: unknown): Promise<void> => {
    const uri = await resolveModelFile(arg, 'Apply adjusted widths to which model?');
    if (!uri) {
      return;
    }
    const base = path.basename(uri.fsPath);
    const runId = typeof runIdArg === 'string' ? runIdArg : undefined;
    const source = applySource(runsForModel(ctx.runs(ctx.workspaceFor(uri)), uri.fsPath), runId);
    if (!source) {
      const which = runId ? `Run ${runId} of ${base}` : `No run of ${base}`;
      void vscode.window.showInformationMessage(`netadjust: ${which} has no adjusted widths yet (no finished iteration).`);
      return;
    }
    if (source.proposal.source === 'iteration' && !(await confirmUnfinished(ctx, source))) {
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const plan = planApply(source.store, document.fileName, document.getText(), source.proposal);
    if (plan.kind === 'refused') {
      void vscode.window.showErrorMessage(`netadjust: ${plan.message}`);
      return;
    }
    if (plan.kind === 'unchanged') {
      void vscode.window.showInformationMessage(`netadjust: ${base} already has the widths of run ${source.run.runId}.`);
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of plan.edits) {
      edit.replace(uri, new vscode.Range(document.positionAt(e.range.start), document.positionAt(e.range.end)), e.newText);
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`netadjust: ${base} could not be edited (it may have changed meanwhile); try again.`);
      return;
    }
    await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
    void vscode.window.showInformationMessage(`netadjust: wrote ${plan.changed.length} width${plan.changed.length === 1 ? '' : 's'} of run ${source.run.runId} into ${base} (${describe(plan.changed)}). Undo with Edit › Undo; save to keep them.`);
  };
}

async function confirmUnfinished(ctx: Ctx, source: ApplySource): Promise<boolean> {
  const state = stateLabel(source.run, ctx.run.current?.runId);
  const picked = await vscode.window.showWarningMessage(
    `Run ${source.run.runId} is ${state === 'running' ? 'still running' : state} and has no final report. Apply the widths its iteration ${(source.proposal.iteration ?? 0) + 1} proposes instead?`,
    { modal: true, detail: 'These widths have not been trained from scratch and tested yet.' },
    'Apply',
  );
  return picked === 'Apply';
}

function describe(changes: readonly WidthChange[]): string {
  const shown = changes.slice(0, 5).map((c) => `${c.name} ${c.from} → ${c.to}`);
  return changes.length > shown.length ? `${shown.join(', ')}, …` : shown.join(', ');
}
