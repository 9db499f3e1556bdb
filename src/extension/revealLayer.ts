/** Reveals a layer of a model file in the editor (the panel's layer table links here). */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadModel } from '../model/load.js';
import { layerRange } from './runs/layerRange.js';

export async function revealLayer(modelUri: vscode.Uri, layer: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(modelUri);
  const analysis = loadModel(document.fileName, document.getText()).analysis;
  const range = analysis ? layerRange(analysis, layer) : undefined;
  if (!range) {
    void vscode.window.showWarningMessage(`netadjust: ${path.basename(document.fileName)} has no layer '${layer}' (any more).`);
    return;
  }
  const start = document.positionAt(range.start);
  const target = new vscode.Range(start, document.positionAt(range.end));
  // Reuse the column that already shows the file; the panel itself sits beside it.
  const column = vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn ?? vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection: new vscode.Range(start, start) });
  editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
