/** Extension entry point: registration only. */
import * as vscode from 'vscode';
import { registerAnalyzeCommand } from './analyzeCommand.js';
import { registerCommands } from './commands.js';
import { Ctx } from './context.js';
import { ProgressPanel } from './panel.js';
import { syncRunResults } from './runResultsSync.js';

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): void {
  ctx = new Ctx(context);
  context.subscriptions.push(
    ctx,
    registerAnalyzeCommand(ctx.output),
    ...registerCommands(ctx),
    ProgressPanel.registerSerializer(ctx),
    syncRunResults(ctx),
  );
}

/** Stops the language server and the engine process; the rest is disposed through context.subscriptions. */
export async function deactivate(): Promise<void> {
  await ctx?.shutdown();
  ctx = undefined;
}
