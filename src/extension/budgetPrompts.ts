/** The questions about a run's budget: the MAC target (an input box that checks it against the model) and the baselines of a comparison. */
import * as vscode from 'vscode';
import type { ModelAnalysis } from '../model/analyze.js';
import { BASELINE_METHODS, type BaselineMethod } from '../protocol/types.js';
import { METHOD_DETAILS, originalMacsOf, parseTargetInput, targetProblem, targetPrompt, targetText, type BudgetChoices } from './runs/budgetChoices.js';

export interface TargetQuestion {
  readonly analysis: ModelAnalysis;
  readonly budget: BudgetChoices;
  /** The model file's `search` block (its `minWidth` bounds how far a target can shrink the network). */
  readonly fileSearch: Readonly<Record<string, unknown>> | undefined;
  /** Whether 0 (the plain method at the original MACs) is an answer; a comparison needs a budget. */
  readonly keepOriginal: boolean;
  readonly title: string;
}

/** The `targetMacs` setting typed, checked as it is typed; undefined when the box was dismissed. */
export async function askTarget(q: TargetQuestion, current: number): Promise<number | undefined> {
  const check = (text: string): string | undefined => {
    const parsed = parseTargetInput(text, q.keepOriginal);
    return parsed.ok ? targetProblem(q.analysis, parsed.value, q.budget.budget, q.fileSearch) : parsed.message;
  };
  const text = await vscode.window.showInputBox({
    title: q.title,
    prompt: targetPrompt(originalMacsOf(q.analysis), q.keepOriginal),
    value: targetText(current),
    ignoreFocusOut: true,
    validateInput: check,
  });
  if (text === undefined || check(text) !== undefined) {
    return undefined;
  }
  const parsed = parseTargetInput(text, q.keepOriginal);
  return parsed.ok ? parsed.value : undefined;
}

/** The baselines to compare the adjustment with, every one picked to start with; undefined when dismissed or none is picked. */
export async function askMethods(targetDescription: string): Promise<BaselineMethod[] | undefined> {
  const items = BASELINE_METHODS.map((method) => ({ label: METHOD_DETAILS[method].label, detail: METHOD_DETAILS[method].detail, picked: true, method }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Compare the adjusted network at ${targetDescription} with`,
    placeHolder: 'The baselines to train at the same budget (the original and the adjusted network are always trained)',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (picked && picked.length === 0) {
    void vscode.window.showWarningMessage('netadjust: no baseline picked, so there is nothing to compare; "Adjust network" runs the adjustment alone.');
  }
  return picked && picked.length > 0 ? picked.map((p) => p.method) : undefined;
}
