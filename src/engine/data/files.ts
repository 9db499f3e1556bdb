/** File access shared by the readers: existence checks, gzip-transparent reads, and helpful "not found" errors. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { DatasetRef } from '../../protocol/types.js';
import { DatasetError, FORMAT_LAYOUTS, formatsHelp } from './errors.js';

const gunzipAsync = promisify(gunzip);

/** Fails with a DatasetError unless `path` is an existing folder. */
export async function requireFolder(path: string, what = 'Dataset folder'): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch {
    throw new DatasetError(`${what} not found: ${path}`, path);
  }
  if (!isDir) {
    throw new DatasetError(`${what} is not a folder: ${path}`, path);
  }
}

/** Names in a folder (empty when it cannot be listed: callers report the missing file instead). */
export async function listNames(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch {
    return [];
  }
}

/** Whether `path` exists and is a regular file. */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The first of `names` that exists as a file in `folder`, as a full path. */
export async function findFile(folder: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) {
    const path = join(folder, name);
    if (await isFile(path)) {
      return path;
    }
  }
  return undefined;
}

/** Reads a whole file, gunzipping it when it starts with the gzip magic bytes (whatever its name says). */
export async function readDataFile(file: string): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new DatasetError(`Cannot read ${file}: ${(err as Error).message}`, file);
  }
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    return bytes;
  }
  try {
    return await gunzipAsync(bytes);
  } catch (err) {
    throw new DatasetError(`${file} is gzip-compressed but corrupt or truncated (${(err as Error).message}).`, file);
  }
}

/** Guesses which format a folder holds from its file names, for hints in error messages. */
export function guessFormat(names: readonly string[]): DatasetRef['format'] | undefined {
  const has = (n: string) => names.includes(n);
  if (names.some((n) => n.startsWith('train-images-idx3-ubyte'))) {
    return 'idx';
  }
  if (has('data_batch_1.bin') || has('cifar-10-batches-bin')) {
    return 'cifar10';
  }
  if (has('train.bin') || has('cifar-100-binary')) {
    return 'cifar100';
  }
  if (has('train')) {
    return 'folder';
  }
  return undefined;
}

/**
 * The error for a required file that is absent: which file (`name`, plus `detail` such as alternatives), what the
 * folder seems to hold instead, and otherwise which layouts exist.
 */
export async function missingFile(
  name: string,
  folder: string,
  format: DatasetRef['format'],
  detail = '',
): Promise<DatasetError> {
  const guess = guessFormat(await listNames(folder));
  const hint =
    guess !== undefined && guess !== format
      ? `This folder looks like ${/^[aeiou]/.test(guess) ? 'an' : 'a'} '${guess}' dataset (${FORMAT_LAYOUTS[guess]}); set the dataset format to '${guess}'.`
      : formatsHelp();
  const message = `Expected ${name}${detail} in ${folder} for dataset format '${format}', but it is missing.\n${hint}`;
  return new DatasetError(message, join(folder, name));
}
