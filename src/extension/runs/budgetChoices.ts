/**
 * A run's budget as "Adjust network" and "Compare methods" propose and check it: the MAC target (a ratio of the
 * original or a MAC count, as `--target-macs` takes it), what the budget counts (MACs or latency), the weight of
 * distillation in the final retrain, and the baselines a comparison trains. Defaults come from the model file's
 * `search` block, then the editor's settings. Pure: unit-tested.
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import { totalMacs } from '../../model/summary.js';
import { formatCompact } from '../../model/table.js';
import { checkTarget } from '../../engine/budget/check.js';
import { formatRatio, parseTarget, settingFromTarget, targetFromSetting, TargetSyntaxError, type Target } from '../../engine/budget/target.js';
import { COST_BUDGETS, DEFAULT_SEARCH_SETTINGS, type CostBudget, type SearchSettings } from '../../protocol/settings.js';
import type { BaselineMethod } from '../../protocol/types.js';
import type { ChoiceSource } from './adjustDefaults.js';

/** The budget settings a run starts with (passed to the engine as settings overrides). */
export interface BudgetChoices {
  /** 0 keeps the original MACs; (0, 1] a ratio of them; above 1 a MAC count. */
  readonly targetMacs: number;
  readonly budget: CostBudget;
  /** 0 off; α in (0, 1] retrains the adjusted network with the trained original as teacher. */
  readonly distillWeight: number;
}

export const BUDGET_CHOICE_KEYS: readonly (keyof BudgetChoices)[] = ['targetMacs', 'budget', 'distillWeight'];

/** The target "Compare methods" proposes when neither the model file nor the settings name one: half the MACs. */
export const COMPARE_DEFAULT_TARGET = 0.5;

/** The target a comparison proposes: the configured one, or half the MACs where that keeps the original (0). */
export function compareTarget(configured: number): number {
  return configured > 0 ? configured : COMPARE_DEFAULT_TARGET;
}

/** The settings' value of each key when it is valid, else the default of DEFAULT_SEARCH_SETTINGS. */
export function budgetFromSettings(get: (key: keyof BudgetChoices) => unknown): BudgetChoices {
  const values = Object.fromEntries(BUDGET_CHOICE_KEYS.map((key) => [key, get(key)]));
  return withValid(values, { targetMacs: DEFAULT_SEARCH_SETTINGS.targetMacs, budget: DEFAULT_SEARCH_SETTINGS.budget, distillWeight: DEFAULT_SEARCH_SETTINGS.distillWeight }).values;
}

/** Each value from the file's `search` block where it is valid there, else from the settings. */
export function budgetDefaults(fileSearch: Readonly<Record<string, unknown>> | undefined, configured: BudgetChoices): { values: BudgetChoices; sources: Record<keyof BudgetChoices, ChoiceSource> } {
  const { values, valid } = withValid(fileSearch ?? {}, configured);
  const source = (key: keyof BudgetChoices): ChoiceSource => (valid.has(key) ? 'model file' : 'settings');
  return { values, sources: { targetMacs: source('targetMacs'), budget: source('budget'), distillWeight: source('distillWeight') } };
}

function withValid(raw: Readonly<Record<string, unknown>>, fallback: BudgetChoices): { values: BudgetChoices; valid: Set<keyof BudgetChoices> } {
  const valid = new Set<keyof BudgetChoices>();
  const pick = <K extends keyof BudgetChoices>(key: K, ok: (v: unknown) => v is BudgetChoices[K]): BudgetChoices[K] => {
    const v = raw[key];
    if (ok(v)) {
      valid.add(key);
      return v;
    }
    return fallback[key];
  };
  const values: BudgetChoices = {
    targetMacs: pick('targetMacs', isTargetSetting),
    budget: pick('budget', (v): v is CostBudget => typeof v === 'string' && (COST_BUDGETS as readonly string[]).includes(v)),
    distillWeight: pick('distillWeight', (v): v is number => typeof v === 'number' && v >= 0 && v <= 1),
  };
  return { values, valid };
}

/** A `targetMacs` setting: 0, a ratio in (0, 1], or a whole MAC count from 1000 on (what `parseTarget` reads as a count). */
function isTargetSetting(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && (v >= 0 && v <= 1 ? true : v >= 1000 && Number.isInteger(v));
}

export type TargetInput = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

const TARGET_HELP = 'a ratio of the original MACs in (0, 1] such as 0.5, or a MAC count such as 20M';

/**
 * The `targetMacs` setting a person typed, or why it is not one. `keepOriginal` allows 0 (or an empty box): the
 * plain method at the original MACs, which "Adjust network" offers and a comparison (which needs a budget) does not.
 */
export function parseTargetInput(text: string, keepOriginal: boolean): TargetInput {
  const t = text.trim();
  if (keepOriginal && (t === '' || /^0+(\.0*)?$/.test(t))) {
    return { ok: true, value: 0 };
  }
  let target: Target;
  try {
    target = parseTarget(t);
  } catch (e) {
    if (e instanceof TargetSyntaxError) {
      return { ok: false, message: `Enter ${TARGET_HELP}${keepOriginal ? ', or 0 to keep the original MACs' : ''}.` };
    }
    throw e;
  }
  if (target.kind === 'ratio' && target.value > 1) {
    return { ok: false, message: `A ratio of ${formatRatio(target.value)} would grow the network; netadjust shrinks or keeps it. Enter ${TARGET_HELP}.` };
  }
  return { ok: true, value: settingFromTarget(target) };
}

/**
 * Why the model cannot be brought to `targetMacs` (too large, below its fixed layers, or a width below `minWidth`),
 * or undefined when it can. Under a latency budget the target is a ratio of latency, which only the engine can
 * check; the engine checks every target again anyway.
 */
export function targetProblem(analysis: ModelAnalysis, targetMacs: number, budget: CostBudget, fileSearch?: Readonly<Record<string, unknown>>): string | undefined {
  const target = targetFromSetting(targetMacs);
  if (!target || budget === 'latency') {
    return undefined;
  }
  const minWidth = fileSearch?.['minWidth'];
  const settings: SearchSettings = { ...DEFAULT_SEARCH_SETTINGS, ...(typeof minWidth === 'number' && minWidth >= 1 ? { minWidth } : {}) };
  const problem = checkTarget(analysis, target, settings);
  return problem && problem.charAt(0).toUpperCase() + problem.slice(1) + '.';
}

/** The MACs of the model as its file writes it. */
export function originalMacsOf(analysis: ModelAnalysis): number {
  return totalMacs(analysis, analysis.widths);
}

/** What the target box asks for, with the model's own MACs. */
export function targetPrompt(originalMacs: number, keepOriginal: boolean): string {
  return `MAC budget: a ratio of the original ${formatCompact(originalMacs)} MACs such as 0.5, or a MAC count such as 20M${keepOriginal ? '; 0 keeps the original MACs' : ''}`;
}

/** "0.5× the original (35.83 M MACs)", "20.00 M MACs (0.28× the original)", "the original MACs (71.67 M)". */
export function describeTarget(targetMacs: number, originalMacs: number): string {
  const target = targetFromSetting(targetMacs);
  if (!target) {
    return `the original MACs (${formatCompact(originalMacs)})`;
  }
  return target.kind === 'ratio'
    ? `${formatRatio(target.value)}× the original (${formatCompact(target.value * originalMacs)} MACs)`
    : `${formatCompact(target.value)} MACs (${formatRatio(target.value / originalMacs)}× the original)`;
}

/** The text a target input box starts with: the setting as people write it ("0.5", "20M"). */
export function targetText(targetMacs: number): string {
  const target = targetFromSetting(targetMacs);
  if (!target) {
    return '0';
  }
  return target.kind === 'ratio' ? String(target.value) : compactCount(target.value);
}

/** 20000000 → "20M", 1500000000 → "1.5G"; a count that is not round to two decimals of a unit stays whole. */
function compactCount(n: number): string {
  for (const [scale, unit] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (n >= scale && Number.isInteger(Math.round((n / scale) * 1e6) / 1e4)) {
      return `${Number((n / scale).toFixed(2))}${unit}`;
    }
  }
  return String(n);
}

/** What each baseline of a comparison is, for the methods pick. */
export const METHOD_DETAILS: Readonly<Record<BaselineMethod, { readonly label: string; readonly detail: string }>> = {
  uniform: { label: 'Uniform scaling', detail: 'Every searchable width times one multiplier (EfficientNet/MobileNet rounding), trained from scratch' },
  l1: { label: 'L1-norm pruning', detail: "Keeps the filters of the trained original with the largest L1 norm, then fine-tunes (Li et al. 2017)" },
  chip: { label: 'CHIP pruning', detail: 'Keeps the channels whose feature maps are most independent (nuclear-norm drop), then fine-tunes (Sui et al. 2021)' },
  hrel: { label: 'HRel pruning', detail: 'Keeps the channels whose feature maps share the most information with the labels, then fine-tunes (Sarvani et al. 2022)' },
};

/**
 * How many networks the final phase trains: the original and the adjusted one, the uniformly scaled one under a
 * budget (in a comparison, when it is one of the methods), the distilled one, and each pruned one.
 */
export function finalTrainings(budget: BudgetChoices, methods?: readonly BaselineMethod[]): number {
  const uniform = budget.targetMacs > 0 && (methods === undefined || methods.includes('uniform')) ? 1 : 0;
  const distilled = budget.distillWeight > 0 ? 1 : 0;
  return 2 + uniform + distilled + (methods ?? []).filter((m) => m !== 'uniform').length;
}
