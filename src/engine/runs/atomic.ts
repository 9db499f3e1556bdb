/**
 * Crash-safe file writes: a reader (or a resumed run) sees either the old file or the complete new one, never a
 * half-written file. Write a temporary file in the same folder, flush it to disk, rename it over the target.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Marks temporary files, so a listing (and a test) can tell them from run files. */
export const TEMP_SUFFIX = '.tmp';

/** Writes `text` to `file` atomically (same-folder temp file, fsync, rename, then fsync of the folder). */
export function writeTextAtomic(file: string, text: string): void {
  writeFileAtomic(file, text);
}

/** Writes text or bytes to `file` atomically, as {@link writeTextAtomic}. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx');
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, file);
  } catch (e) {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
    fs.rmSync(temp, { force: true });
    throw e;
  }
  syncDirectory(dir);
}

/** Writes `value` as pretty-printed JSON, atomically. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeTextAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Reads and parses a JSON file; undefined when it does not exist. A file that exists but does not parse is an
 * error naming the file (atomic writes make that a sign of outside tampering, not of a crash).
 */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw e;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message})`);
  }
}

/** Makes the rename durable; folders cannot be opened for fsync on Windows, where rename is durable enough. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort: see above.
  } finally {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
  }
}
