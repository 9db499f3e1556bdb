/** Extension entry point: registration only. */
import * as vscode from 'vscode';
import { registerAnalyzeCommand } from './analyzeCommand.js';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('netadjust');
  context.subscriptions.push(output, registerAnalyzeCommand(output));
}

export function deactivate(): void {
  // Everything registered is disposed through context.subscriptions.
}
