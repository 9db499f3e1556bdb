/** `netadjust.analyze`: the per-layer cost table of a model file, in the netadjust output channel. */
import * as vscode from 'vscode';
import { formatDiagnostic } from '../model/diagnostics.js';
import { loadModel } from '../model/load.js';
import { LineIndex } from '../model/source.js';
import { summarize } from '../model/summary.js';
import { renderSummary } from '../model/summaryText.js';

export function registerAnalyzeCommand(output: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('netadjust.analyze', async (resource?: vscode.Uri) => {
    const uri = resource ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showWarningMessage('netadjust: open or select a model file (*.netadj.yaml or model.json) first.');
      return;
    }
    // Read through the document model so unsaved edits are analysed too.
    const document = await vscode.workspace.openTextDocument(uri);
    const text = document.getText();
    const loaded = loadModel(uri.fsPath, text);
    const lines = new LineIndex(text);
    const label = vscode.workspace.asRelativePath(uri);
    output.clear();
    loaded.diagnostics.forEach((d) => output.appendLine(formatDiagnostic(label, lines, d)));
    if (loaded.analysis) {
      output.appendLine(renderSummary(summarize(loaded.analysis)));
    }
    output.show(true);
  });
}
