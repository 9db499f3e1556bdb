/** The command table: command id → factory of its callback (`(ctx) => callback`). */
import * as vscode from 'vscode';
import { adjust, resume } from './adjustCommand.js';
import { applyAdjustedWidths } from './applyCommand.js';
import { compare } from './compareCommand.js';
import type { Ctx } from './context.js';
import { cancel, showPanel, showReport } from './runCommands.js';

export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => Promise<void>;

export const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'netadjust.adjust': adjust,
  'netadjust.compare': compare,
  'netadjust.cancel': cancel,
  'netadjust.resume': resume,
  'netadjust.applyAdjustedWidths': applyAdjustedWidths,
  'netadjust.showReport': showReport,
  'netadjust.showPanel': showPanel,
};

export function registerCommands(ctx: Ctx): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, factory]) => {
    const callback = factory(ctx);
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await callback(...args);
      } catch (e) {
        ctx.output.appendLine(`netadjust: ${id} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        void vscode.window.showErrorMessage(`netadjust: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  });
}
