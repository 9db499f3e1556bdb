/** `run.json`: building it for a new run, checking it when a run is opened, and deciding whether a run may resume. */
import type { ModelAnalysis } from '../../model/analyze.js';
import { totalMacs, totalParams } from '../../model/summary.js';
import type { SearchSettings } from '../../protocol/settings.js';
import { BASELINE_METHODS, type BaselineMethod, type CompareSpec, type DatasetRef, type EngineInfo, type RunManifest } from '../../protocol/types.js';
import { planBudget } from '../budget/plan.js';
import { resolveSettings } from '../host/settings.js';
import type { CostModel } from '../cost/costModel.js';
import { modelFingerprint, stableStringify } from './fingerprint.js';

/** What the caller knows about a new run; the rest of the manifest comes from the analysis. */
export interface ManifestInput {
  readonly modelFile: string;
  readonly dataset: DatasetRef;
  readonly settings: SearchSettings;
  readonly engine: EngineInfo;
  readonly versions: Record<string, string>;
  readonly compare?: CompareSpec;
}

/**
 * The manifest of a new run, less the id and creation time that `createRun` assigns. Under a MAC target it records
 * the budget and the uniformly scaled start, so a resume continues from exactly these widths; a target that cannot
 * be met throws a BudgetError (callers check it first, with `budgetProblem`, to refuse the run with its message).
 * Under `budget: latency` a target is planned on `cost`, the run's latency model.
 */
export function describeRun(analysis: ModelAnalysis, input: ManifestInput, cost?: CostModel): Omit<RunManifest, 'runId' | 'createdAt'> {
  const budget = planBudget(analysis, input.settings, cost);
  return {
    ...input,
    modelName: analysis.graph.name,
    originalWidths: { ...analysis.widths },
    originalMacs: totalMacs(analysis, analysis.widths),
    originalParams: totalParams(analysis, analysis.widths),
    modelFingerprint: modelFingerprint(analysis.graph),
    ...(budget ? { budget } : {}),
  };
}

/** Checks the shape of a parsed `run.json`; throws a message naming the file and the first problem. */
export function validateManifest(value: unknown, file: string): RunManifest {
  const bad = (what: string): never => {
    throw new Error(`${file} is not a valid run manifest: ${what}`);
  };
  if (typeof value !== 'object' || value === null) {
    return bad('not a JSON object');
  }
  const m = value as Record<string, unknown>;
  for (const key of ['runId', 'createdAt', 'modelFile', 'modelName'] as const) {
    if (typeof m[key] !== 'string') {
      bad(`'${key}' must be a string`);
    }
  }
  for (const key of ['originalMacs', 'originalParams'] as const) {
    if (typeof m[key] !== 'number') {
      bad(`'${key}' must be a number`);
    }
  }
  checkWidthMap(m['originalWidths'], 'originalWidths', bad);
  checkSettings(m['settings'], bad);
  if (m['budget'] !== undefined) {
    checkBudget(m['budget'], bad);
  }
  if (m['compare'] !== undefined) {
    const c = m['compare'] as { methods?: unknown } | null;
    if (typeof c !== 'object' || c === null || !Array.isArray(c.methods) || c.methods.some((x) => !BASELINE_METHODS.includes(x as BaselineMethod))) {
      bad(`'compare.methods' must list methods among ${BASELINE_METHODS.join(', ')}`);
    }
  }
  if (typeof m['dataset'] !== 'object' || m['dataset'] === null) {
    bad(`'dataset' must be an object`);
  }
  return value as RunManifest;
}

function checkBudget(value: unknown, bad: (what: string) => never): void {
  if (typeof value !== 'object' || value === null) {
    bad(`'budget' must be an object`);
  }
  const b = value as Record<string, unknown>;
  for (const key of ['targetMacs', 'multiplier', 'divisor', 'startMacs', 'startParams'] as const) {
    if (typeof b[key] !== 'number' || !Number.isFinite(b[key]) || (b[key] as number) < 0) {
      bad(`'budget.${key}' must be a number ≥ 0`);
    }
  }
  checkWidthMap(b['startWidths'], 'budget.startWidths', bad);
}

function checkWidthMap(value: unknown, key: string, bad: (what: string) => never): void {
  if (typeof value !== 'object' || value === null || Object.values(value).some((v) => !Number.isInteger(v) || (v as number) <= 0)) {
    bad(`'${key}' must map width names to positive whole numbers`);
  }
}

/**
 * Settings present must have their type. Missing ones are allowed, so runs made before a setting existed still list
 * and open; resuming such a run is refused by `resumeProblem`, which names the setting.
 */
/** The same checks as a run's settings get when it starts (src/engine/host/settings.ts): one source of the rules. */
function checkSettings(value: unknown, bad: (what: string) => never): void {
  if (typeof value !== 'object' || value === null) {
    bad(`'settings' must be an object`);
  }
  try {
    resolveSettings([{ source: 'settings', values: value as Record<string, unknown> }]);
  } catch (e) {
    bad((e as Error).message);
  }
}

/**
 * Why `manifest`'s run cannot be resumed with this model and these settings, or undefined when it can. A resumed
 * run must reach the widths an uninterrupted one would, so the model (structure and widths) and every setting must
 * be the same as when the run started.
 */
export function resumeProblem(manifest: RunManifest, analysis: ModelAnalysis, settings: SearchSettings): string | undefined {
  const prefix = `cannot resume run ${manifest.runId}`;
  const widths = widthChange(manifest.originalWidths, analysis.widths);
  if (widths) {
    return `${prefix}: the model's widths changed since the run started (${widths}); start a new run instead`;
  }
  if (manifest.modelFingerprint !== undefined && manifest.modelFingerprint !== modelFingerprint(analysis.graph)) {
    return `${prefix}: the model's structure (layers, connections, attributes or which widths are searchable) changed since the run started; start a new run instead`;
  }
  const changed = settingChange(manifest.settings, settings);
  if (changed) {
    return `${prefix}: its settings differ (${changed}); resume with the run's own settings or start a new run`;
  }
  return undefined;
}

function widthChange(before: Readonly<Record<string, number>>, now: Readonly<Record<string, number>>): string | undefined {
  for (const name of new Set([...Object.keys(before), ...Object.keys(now)])) {
    const [was, is] = [before[name], now[name]];
    if (was !== is) {
      return was === undefined ? `'${name}' is new` : is === undefined ? `'${name}' is gone` : `'${name}' was ${was}, now ${is}`;
    }
  }
  return undefined;
}

function settingChange(before: SearchSettings, now: SearchSettings): string | undefined {
  const keys = new Set([...Object.keys(before), ...Object.keys(now)]) as Set<keyof SearchSettings>;
  for (const key of keys) {
    if (stableStringify(before[key]) !== stableStringify(now[key])) {
      return `${key} was ${String(before[key])}, now ${String(now[key])}`;
    }
  }
  return undefined;
}
