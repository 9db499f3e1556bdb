/** Which dataset a run reads: the caller's, else the model file's `dataset` block; relative paths start at the model file. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { DatasetSpec } from '../../model/graph.js';
import type { DatasetRef } from '../../protocol/types.js';
import { guessFormat } from '../data/files.js';

const FORMATS: readonly DatasetRef['format'][] = ['idx', 'cifar10', 'cifar100', 'folder'];

export class DatasetRefError extends Error {}

export function resolveDatasetRef(requested: Partial<DatasetRef> | undefined, fromFile: DatasetSpec | undefined, modelFile: string): DatasetRef {
  const spec = requested?.path ? requested : fromFile;
  if (!spec?.path || typeof spec.path !== 'string') {
    throw new DatasetRefError(`no dataset: ${modelFile} has no 'dataset: {path: ...}' and none was given (--data PATH)`);
  }
  const folder = path.resolve(path.dirname(modelFile), spec.path);
  const format = spec.format ?? guessFolderFormat(folder);
  if (!format) {
    throw new DatasetRefError(`cannot tell the format of the dataset in ${folder}; give it as one of ${FORMATS.join(', ')}`);
  }
  if (!FORMATS.includes(format as DatasetRef['format'])) {
    throw new DatasetRefError(`unknown dataset format '${String(format)}' (known: ${FORMATS.join(', ')})`);
  }
  return { format: format as DatasetRef['format'], path: folder };
}

function guessFolderFormat(folder: string): DatasetRef['format'] | undefined {
  try {
    return guessFormat(readdirSync(folder));
  } catch {
    // A missing folder is reported by the dataset reader, with the file it expected.
    return undefined;
  }
}
