/** Label checks and class-name files, shared by the readers. */
import { readFile } from 'node:fs/promises';
import { DatasetError } from './errors.js';
import { isFile } from './files.js';

/** Fails on the first label outside `0..classes-1`, naming the value, its record index and the file. */
export function checkLabels(labels: ArrayLike<number>, classes: number, file: string): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label >= classes) {
      throw new DatasetError(
        `Label ${label} of record ${i} in ${file} is out of range: labels must be 0–${classes - 1} (${classes} classes).`,
        file,
      );
    }
  }
}

/** A label array of the smallest type that holds `classes` distinct values. */
export function labelArray(classes: number, count: number): Uint8Array | Uint16Array {
  return classes <= 256 ? new Uint8Array(count) : new Uint16Array(count);
}

/**
 * Class names from a text file with one name per line (blank lines ignored), or undefined when the file is absent.
 * With `expected`, a file with a different number of names is an error rather than silently mislabelled classes.
 */
export async function readNamesFile(file: string, expected?: number): Promise<string[] | undefined> {
  if (!(await isFile(file))) {
    return undefined;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new DatasetError(`Cannot read ${file}: ${(err as Error).message}`, file);
  }
  const names = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (expected !== undefined && names.length !== expected) {
    throw new DatasetError(`${file} lists ${names.length} class names, expected ${expected} (one per line).`, file);
  }
  if (names.length === 0) {
    throw new DatasetError(`${file} lists no class names (expected one per line).`, file);
  }
  return names;
}

/** How many records to take: all when `max` is 0 or absent, else at most `max`. */
export function recordLimit(count: number, max: number | undefined): number {
  return max !== undefined && max > 0 ? Math.min(count, max) : count;
}
