/** Turning `adjust`'s flags into search settings; the engine checks every value. */
import { ENGINE_CHOICES, type EngineChoice, type SearchSettings } from '../protocol/settings.js';
import type { DatasetRef } from '../protocol/types.js';
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
  for (const pair of flags.set ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new CliError(`--set takes key=value, not '${pair}'`, EXIT_BAD_INPUT);
    }
    const raw = pair.slice(eq + 1);
    out[pair.slice(0, eq)] = raw === 'true' ? true : raw === 'false' ? false : parseNumber(raw, `--set ${pair.slice(0, eq)}`);
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
