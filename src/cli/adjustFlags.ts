/** Turning `adjust`'s flags into search settings; the engine checks every value. */
import { COST_BUDGETS, ENGINE_CHOICES, type EngineChoice, type SearchSettings } from '../protocol/settings.js';
import { BASELINE_METHODS, type BaselineMethod, type DatasetRef } from '../protocol/types.js';
import { CliError, EXIT_BAD_INPUT } from './errors.js';
import { targetMacsSetting } from './targetFlag.js';

export interface AdjustFlags {
  readonly data?: string;
  readonly dataFormat?: DatasetRef['format'];
  readonly iterations?: string;
  readonly epochs?: string;
  readonly finalEpochs?: string;
  readonly batchSize?: string;
  readonly lr?: string;
  readonly seed?: string;
  readonly maxTrainImages?: string;
  readonly maxTestImages?: string;
  /** `--target-macs`: a ratio (0.5) or a MAC count (20M). */
  readonly targetMacs?: string;
  /** `--budget macs|latency`. */
  readonly budget?: string;
  /** `--distill <weight>`: the distillation weight α (0 off). */
  readonly distill?: string;
  readonly set?: string[];
  readonly engine?: EngineChoice;
  readonly resume?: string;
  readonly workspace?: string;
  readonly json?: boolean;
}

const NUMERIC_FLAGS: readonly [keyof AdjustFlags, keyof SearchSettings, string][] = [
  ['iterations', 'iterations', '--iterations'],
  ['epochs', 'epochsPerIteration', '--epochs'],
  ['finalEpochs', 'finalEpochs', '--final-epochs'],
  ['batchSize', 'batchSize', '--batch-size'],
  ['lr', 'learningRate', '--lr'],
  ['seed', 'seed', '--seed'],
  ['maxTrainImages', 'maxTrainImages', '--max-train-images'],
  ['maxTestImages', 'maxTestImages', '--max-test-images'],
  ['distill', 'distillWeight', '--distill'],
];

export function settingsFromFlags(flags: AdjustFlags): Partial<SearchSettings> {
  if (flags.engine !== undefined && !ENGINE_CHOICES.includes(flags.engine)) {
    throw new CliError(`--engine must be ${ENGINE_CHOICES.join(', ')}, not '${flags.engine}'`, EXIT_BAD_INPUT);
  }
  const out: Record<string, unknown> = {};
  for (const [flag, key, name] of NUMERIC_FLAGS) {
    const raw = flags[flag];
    if (raw !== undefined) {
      out[key] = parseNumber(String(raw), name);
    }
  }
  if (flags.targetMacs !== undefined) {
    out['targetMacs'] = targetMacsSetting(String(flags.targetMacs));
  }
  if (flags.budget !== undefined) {
    if (!(COST_BUDGETS as readonly string[]).includes(flags.budget)) {
      throw new CliError(`--budget must be ${COST_BUDGETS.join(' or ')}, not '${flags.budget}'`, EXIT_BAD_INPUT);
    }
    out['budget'] = flags.budget;
  }
  for (const pair of flags.set ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new CliError(`--set takes key=value, not '${pair}'`, EXIT_BAD_INPUT);
    }
    const raw = pair.slice(eq + 1);
    const key = pair.slice(0, eq);
    out[key] = raw === 'true' ? true : raw === 'false' ? false : key === 'budget' ? raw : parseNumber(raw, `--set ${key}`);
  }
  return out as Partial<SearchSettings>;
}

function parseNumber(raw: string, flag: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw new CliError(`${flag} takes a number, not '${raw}'`, EXIT_BAD_INPUT);
  }
  return value;
}

/** `--methods uniform,l1,chip,hrel` (default all of them). */
export function methodsFromFlag(raw: string | undefined): BaselineMethod[] {
  if (raw === undefined) {
    return [...BASELINE_METHODS];
  }
  const methods = raw.split(',').map((m) => m.trim().toLowerCase()).filter((m) => m !== '');
  const unknown = methods.filter((m) => !(BASELINE_METHODS as readonly string[]).includes(m));
  if (methods.length === 0 || unknown.length > 0) {
    throw new CliError(`--methods takes a comma-separated list of ${BASELINE_METHODS.join(', ')}${unknown.length > 0 ? `, not '${unknown.join("', '")}'` : ''}`, EXIT_BAD_INPUT);
  }
  return [...new Set(methods as BaselineMethod[])];
}
