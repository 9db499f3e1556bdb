/**
 * `netadjust.compare`: Network Adjustment at a MAC budget next to the baselines at the same budget — uniform width
 * scaling and the pruning methods — in one engine run, whose panel plots every network's accuracy against its MACs.
 */
import * as path from 'node:path';
import { searchableModel, refuseWhileRunning, startParams, startRun } from './adjustCommand.js';
import { askAdjustChoices } from './adjustPrompts.js';
import { askMethods, askTarget } from './budgetPrompts.js';
import type { Ctx } from './context.js';
import { budgetDefaults, compareTarget, describeTarget, originalMacsOf } from './runs/budgetChoices.js';

export function compare(ctx: Ctx) {
  return async (arg?: unknown): Promise<void> => {
    if (!ctx.requireTrust('start a comparison') || refuseWhileRunning(ctx)) {
      return;
    }
    const model = await searchableModel(arg, 'Compare methods on which model?', 'comparing methods on');
    if (!model) {
      return;
    }
    const { uri, analysis } = model;
    const config = ctx.config(uri);
    const fileSearch = analysis.graph.search;
    const budget = budgetDefaults(fileSearch, config.budget).values;
    const title = `Compare methods on ${path.basename(uri.fsPath)}: target MACs`;
    const targetMacs = await askTarget({ analysis, budget, fileSearch, keepOriginal: false, title }, compareTarget(budget.targetMacs));
    const methods = targetMacs === undefined ? undefined : await askMethods(describeTarget(targetMacs, originalMacsOf(analysis)));
    if (targetMacs === undefined || !methods) {
      return;
    }
    const choices = await askAdjustChoices(uri, analysis, config, { methods, targetMacs });
    if (!choices) {
      return;
    }
    await startRun(ctx, { ...startParams(ctx, uri, choices), compare: { methods } }, uri, await ctx.engineEnv(uri));
  };
}
