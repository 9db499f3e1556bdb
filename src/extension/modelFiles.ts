/** Which files are model files, and which one a command is about. */
import * as path from 'node:path';
import * as vscode from 'vscode';

/** `*.netadj.yaml` / `*.netadj.yml`, and Keras / TensorFlow.js JSON named `model.json` or `*.model.json`. */
export function isModelFileName(fileName: string): boolean {
  const base = path.basename(fileName).toLowerCase();
  return /\.netadj\.ya?ml$/.test(base) || base === 'model.json' || base.endsWith('.model.json');
}

export function isModelDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && (document.languageId === 'netadjust-yaml' || isModelFileName(document.fileName));
}

/**
 * A command's model-file argument: a `Uri` (menus), a URI string (CodeLens arguments come from the language server
 * as strings), or nothing (the command palette: the active editor's file).
 */
export function modelUriArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) {
    return arg;
  }
  if (typeof arg === 'string' && arg !== '') {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  const document = vscode.window.activeTextEditor?.document;
  return document && isModelDocument(document) ? document.uri : undefined;
}

/** A model file picked from the workspace; undefined when there is none or the user dismissed the pick. */
export async function pickModelFile(title: string): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles('**/{*.netadj.yaml,*.netadj.yml,model.json,*.model.json}', '**/{node_modules,.netadjust}/**', 200);
  if (files.length === 0) {
    void vscode.window.showWarningMessage('netadjust: no model files (*.netadj.yaml, model.json) in this workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri), uri })),
    { title, placeHolder: 'Model file' },
  );
  return picked?.uri;
}

/** The command's model file: its argument, the active editor's, or one picked; only files on disk. */
export async function resolveModelFile(arg: unknown, title: string): Promise<vscode.Uri | undefined> {
  const uri = modelUriArg(arg) ?? (await pickModelFile(title));
  if (uri && uri.scheme !== 'file') {
    void vscode.window.showWarningMessage(`netadjust: ${uri.toString()} is not a file on disk; save it first.`);
    return undefined;
  }
  return uri;
}
