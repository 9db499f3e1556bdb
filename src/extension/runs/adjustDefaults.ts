/**
 * The defaults "Adjust network" proposes: the model file's `dataset` and `search` blocks first, then the editor's
 * settings (whose own defaults are `DEFAULT_SEARCH_SETTINGS`). Pure, apart from checking that a folder exists.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatasetSpec } from '../../model/graph.js';
import type { DatasetRef } from '../../protocol/types.js';

/** The search settings the adjust prompt asks about. */
export interface SearchChoices {
  readonly iterations: number;
  readonly epochsPerIteration: number;
  readonly finalEpochs: number;
}

export const SEARCH_CHOICE_KEYS: readonly (keyof SearchChoices)[] = ['iterations', 'epochsPerIteration', 'finalEpochs'];

export const DATASET_FORMATS: readonly DatasetRef['format'][] = ['idx', 'cifar10', 'cifar100', 'folder'];

export type ChoiceSource = 'model file' | 'settings';

/** Each value from the file's `search` block when it holds a positive whole number there, else from the settings. */
export function searchDefaults(fileSearch: Readonly<Record<string, unknown>> | undefined, configured: SearchChoices): { values: SearchChoices; sources: Record<keyof SearchChoices, ChoiceSource> } {
  const values: Record<keyof SearchChoices, number> = { ...configured };
  const sources: Record<keyof SearchChoices, ChoiceSource> = { iterations: 'settings', epochsPerIteration: 'settings', finalEpochs: 'settings' };
  for (const key of SEARCH_CHOICE_KEYS) {
    const v = fileSearch?.[key];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) {
      values[key] = v;
      sources[key] = 'model file';
    }
  }
  return { values, sources };
}

/** What the model file says about its dataset, with the path resolved against the file's folder. */
export type FileDataset =
  | { readonly kind: 'ok'; readonly dataset: DatasetRef }
  | { readonly kind: 'missing' }
  /** Written, but unusable: an unknown format or a folder that does not exist. */
  | { readonly kind: 'unusable'; readonly reason: string };

export function fileDataset(spec: DatasetSpec | undefined, modelPath: string, exists: (p: string) => boolean = isFolder): FileDataset {
  if (!spec || (spec.format === undefined && spec.path === undefined)) {
    return { kind: 'missing' };
  }
  const format = spec.format;
  if (typeof format !== 'string' || !(DATASET_FORMATS as readonly string[]).includes(format)) {
    return { kind: 'unusable', reason: `its dataset format '${String(format)}' is not one of ${DATASET_FORMATS.join(', ')}` };
  }
  if (typeof spec.path !== 'string' || spec.path.trim() === '') {
    return { kind: 'unusable', reason: 'its dataset has no path' };
  }
  const folder = path.resolve(path.dirname(modelPath), spec.path);
  if (!exists(folder)) {
    return { kind: 'unusable', reason: `its dataset folder ${folder} does not exist` };
  }
  return { kind: 'ok', dataset: { format: format as DatasetRef['format'], path: folder } };
}

/** The dataset format a folder's entries suggest (the file names each reader looks for), if any. */
export function guessDatasetFormat(entries: readonly string[]): DatasetRef['format'] | undefined {
  const names = entries.map((e) => e.toLowerCase());
  const has = (test: (n: string) => boolean) => names.some(test);
  if (has((n) => n.includes('-idx3-ubyte'))) {
    return 'idx';
  }
  if (has((n) => n === 'cifar-10-batches-bin' || n.startsWith('data_batch_'))) {
    return 'cifar10';
  }
  if (has((n) => n === 'cifar-100-binary' || n === 'train.bin')) {
    return 'cifar100';
  }
  if (has((n) => n === 'train')) {
    return 'folder';
  }
  return undefined;
}

/** A whole number in `[1, max]` typed by a person, or the reason it is not one. */
export function parseCount(text: string, max = 100_000): { ok: true; value: number } | { ok: false; message: string } {
  const t = text.trim();
  if (!/^\d+$/.test(t)) {
    return { ok: false, message: 'Enter a whole number.' };
  }
  const value = Number(t);
  if (value < 1 || value > max) {
    return { ok: false, message: `Enter a number from 1 to ${max}.` };
  }
  return { ok: true, value };
}

/** Total training epochs of a run: every iteration's training plus the final trainings (two without a budget). */
export function totalEpochs(c: SearchChoices, finalTrainings = 2): number {
  return c.iterations * c.epochsPerIteration + finalTrainings * c.finalEpochs;
}

/** What the engine process needs from the settings; the engine choice itself travels in `engine/start`. */
export interface EngineEnvInput {
  readonly tfjsBackend: string;
  readonly pythonPath: string;
  readonly torchMixedPrecision: boolean;
  /** The Python extension's active interpreter for the model file, when that extension is installed. */
  readonly pythonFromExtension?: string;
}

/** The engine process's environment: only variables whose settings are set, so an unset one keeps its default. */
export function engineEnv(input: EngineEnvInput): Record<string, string> {
  return {
    NETADJUST_TFJS_BACKEND: input.tfjsBackend,
    ...(input.pythonPath ? { NETADJUST_PYTHON: input.pythonPath } : {}),
    ...(input.pythonFromExtension ? { NETADJUST_PYTHON_EXTENSION: input.pythonFromExtension } : {}),
    ...(input.torchMixedPrecision ? { NETADJUST_TORCH_AMP: '1' } : {}),
  };
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
