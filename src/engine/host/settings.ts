/**
 * The settings of a run: the defaults, then the model file's `search` block, then what the caller asked for.
 * Every value is checked, so a typo in a model file is a clear message, not a silently ignored key.
 */
import { COST_BUDGETS, DEFAULT_SEARCH_SETTINGS, type SearchSettings } from '../../protocol/settings.js';

/** Settings that count things: whole numbers, with their least allowed value. */
const WHOLE: Partial<Record<keyof SearchSettings, number>> = {
  iterations: 0,
  epochsPerIteration: 1,
  finalEpochs: 1,
  batchSize: 1,
  probeRepeats: 1,
  updateCount: 0,
  minWidth: 1,
  latencyBatchSize: 1,
  // HRel's kernel widths and Gram matrices need at least two samples.
  pruneImages: 2,
  maxTrainImages: 0,
  maxTestImages: 0,
  seed: 0,
};

/** Settings that take one of a few words. */
const CHOICES: Partial<Record<keyof SearchSettings, readonly string[]>> = {
  budget: COST_BUDGETS,
};

/** Settings that are probabilities or fractions: `[0, 1)`. */
const FRACTION = new Set<keyof SearchSettings>(['trainDropRate', 'probeDropRate', 'heldOutFraction', 'labelSmoothing']);

/** Settings that are weights in `[0, 1]`, 1 included. */
const WEIGHT = new Set<keyof SearchSettings>(['distillWeight']);

/** Settings that must be above 0 (a rate or a temperature of 0 means nothing sensible). */
const POSITIVE = new Set<keyof SearchSettings>(['distillTemperature', 'fineTuneLearningRate']);

export class SettingsError extends Error {}

/** Merges the layers of settings; throws a SettingsError naming the source and the key of the first bad value. */
export function resolveSettings(layers: readonly { source: string; values: Readonly<Record<string, unknown>> | undefined }[]): SearchSettings {
  const out: Record<string, unknown> = { ...DEFAULT_SEARCH_SETTINGS };
  for (const { source, values } of layers) {
    for (const [key, value] of Object.entries(values ?? {})) {
      if (value === undefined) {
        continue;
      }
      out[key] = checkSetting(source, key, value);
    }
  }
  return out as unknown as SearchSettings;
}

function checkSetting(source: string, key: string, value: unknown): unknown {
  if (!(key in DEFAULT_SEARCH_SETTINGS)) {
    throw new SettingsError(`${source}: '${key}' is not a search setting (known: ${Object.keys(DEFAULT_SEARCH_SETTINGS).join(', ')})`);
  }
  const name = key as keyof SearchSettings;
  const expected = typeof DEFAULT_SEARCH_SETTINGS[name];
  if (typeof value !== expected || (typeof value === 'number' && !Number.isFinite(value))) {
    throw new SettingsError(`${source}: '${key}' must be a ${expected === 'number' ? 'finite number' : expected}, not ${JSON.stringify(value)}`);
  }
  const choices = CHOICES[name];
  if (choices && !choices.includes(value as string)) {
    throw new SettingsError(`${source}: '${key}' must be one of ${choices.join(', ')}, not ${JSON.stringify(value)}`);
  }
  if (typeof value === 'number') {
    const least = WHOLE[name];
    if (least !== undefined && (!Number.isInteger(value) || value < least)) {
      throw new SettingsError(`${source}: '${key}' must be a whole number ≥ ${least}, not ${value}`);
    }
    if (FRACTION.has(name) && (value < 0 || value >= 1)) {
      throw new SettingsError(`${source}: '${key}' must be at least 0 and below 1, not ${value}`);
    }
    if (WEIGHT.has(name) && (value < 0 || value > 1)) {
      throw new SettingsError(`${source}: '${key}' must be from 0 to 1, not ${value}`);
    }
    if (POSITIVE.has(name) && !(value > 0)) {
      throw new SettingsError(`${source}: '${key}' must be above 0, not ${value}`);
    }
    if (least === undefined && !FRACTION.has(name) && value < 0) {
      throw new SettingsError(`${source}: '${key}' must not be negative, not ${value}`);
    }
  }
  return value;
}
