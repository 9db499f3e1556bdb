/**
 * The `netadjust.*` settings (declared in package.json `contributes.configuration`) as the extension uses them,
 * each checked and defaulted. Pure: it reads through a getter, so unit tests pass plain values.
 */
import { DEFAULT_SEARCH_SETTINGS, ENGINE_CHOICES, type EngineChoice } from '../../protocol/settings.js';
import type { SearchChoices } from './adjustDefaults.js';
import { budgetFromSettings, type BudgetChoices } from './budgetChoices.js';

export const TFJS_BACKENDS = ['auto', 'node-gpu', 'node', 'wasm', 'cpu'] as const;
export type TfjsBackendSetting = (typeof TFJS_BACKENDS)[number];

export interface Config {
  readonly engine: EngineChoice;
  /** Passed to the engine as `NETADJUST_TFJS_BACKEND`. */
  readonly tfjsBackend: TfjsBackendSetting;
  /** The PyTorch engine's interpreter (empty: the Python extension's environment, else `python3`). */
  readonly pythonPath: string;
  /** Mixed precision on CUDA for the PyTorch engine. */
  readonly torchMixedPrecision: boolean;
  /** Defaults for the adjust prompt when the model file's `search` block does not set them. */
  readonly search: SearchChoices;
  /** The budget defaults (`search.targetMacs`, `search.budget`, `search.distillWeight`), likewise. */
  readonly budget: BudgetChoices;
  readonly codeLens: boolean;
  readonly inlayHints: boolean;
}

/** `get` answers a key under `netadjust.` (e.g. `search.iterations`) with the configured value, or undefined. */
export function configFromValues(get: (key: string) => unknown): Config {
  const pythonPath = get('torch.pythonPath');
  return {
    engine: oneOf(get('engine'), ENGINE_CHOICES, 'auto'),
    tfjsBackend: oneOf(get('tfjs.backend'), TFJS_BACKENDS, 'auto'),
    pythonPath: typeof pythonPath === 'string' ? pythonPath.trim() : '',
    torchMixedPrecision: get('torch.mixedPrecision') === true,
    search: {
      iterations: count(get('search.iterations'), DEFAULT_SEARCH_SETTINGS.iterations),
      epochsPerIteration: count(get('search.epochsPerIteration'), DEFAULT_SEARCH_SETTINGS.epochsPerIteration),
      finalEpochs: count(get('search.finalEpochs'), DEFAULT_SEARCH_SETTINGS.finalEpochs),
    },
    budget: budgetFromSettings((key) => get(`search.${key}`)),
    codeLens: get('codeLens.enabled') !== false,
    inlayHints: get('inlayHints.enabled') !== false,
  };
}

function oneOf<T extends string>(value: unknown, choices: readonly T[], fallback: T): T {
  return typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as T) : fallback;
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}
