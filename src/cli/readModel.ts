import { readFileSync } from 'node:fs';
import { formatDiagnostic, hasErrors } from '../model/diagnostics.js';
import { loadModel, type LoadedModel } from '../model/load.js';
import { LineIndex } from '../model/source.js';
import { CliError, EXIT_BAD_INPUT } from './errors.js';

export interface ReadModel {
  readonly file: string;
  readonly text: string;
  readonly loaded: LoadedModel;
  /** Diagnostics formatted as `file:line:col: severity: message [code]`. */
  readonly messages: string[];
  readonly hasErrors: boolean;
}

/** Reads and analyses a model file; unreadable files are a CliError with exit code 2. */
export function readModelFile(file: string): ReadModel {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, EXIT_BAD_INPUT);
  }
  const loaded = loadModel(file, text);
  const lines = new LineIndex(text);
  return {
    file,
    text,
    loaded,
    messages: loaded.diagnostics.map((d) => formatDiagnostic(file, lines, d)),
    hasErrors: hasErrors(loaded.diagnostics),
  };
}
