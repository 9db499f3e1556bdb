/** Typed reading of the `netadjust.*` settings (declared in package.json `contributes.configuration`). */
import * as vscode from 'vscode';
import { DEFAULT_SEARCH_SETTINGS, type EngineChoice } from '../protocol/settings.js';
import type { SearchChoices } from './runs/adjustDefaults.js';

export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'tfjs', 'torch'];
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
  readonly codeLens: boolean;
  readonly inlayHints: boolean;
}

/** The settings for `scope` (a model file: folder settings apply), each checked and defaulted. */
export function readConfig(scope?: vscode.Uri): Config {
  const c = vscode.workspace.getConfiguration('netadjust', scope);
  return {
    engine: oneOf(c.get('engine'), ENGINE_CHOICES, 'auto'),
    tfjsBackend: oneOf(c.get('tfjs.backend'), TFJS_BACKENDS, 'auto'),
    pythonPath: typeof c.get('torch.pythonPath') === 'string' ? (c.get('torch.pythonPath') as string).trim() : '',
    torchMixedPrecision: c.get('torch.mixedPrecision') === true,
    search: {
      iterations: count(c.get('search.iterations'), DEFAULT_SEARCH_SETTINGS.iterations),
      epochsPerIteration: count(c.get('search.epochsPerIteration'), DEFAULT_SEARCH_SETTINGS.epochsPerIteration),
      finalEpochs: count(c.get('search.finalEpochs'), DEFAULT_SEARCH_SETTINGS.finalEpochs),
    },
    codeLens: c.get('codeLens.enabled') !== false,
    inlayHints: c.get('inlayHints.enabled') !== false,
  };
}

function oneOf<T extends string>(value: unknown, choices: readonly T[], fallback: T): T {
  return typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as T) : fallback;
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}
