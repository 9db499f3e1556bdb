/**
 * The workspace's latency cache: `<workspace>/.netadjust/latency/<hash>.json`, one file per engine, backend, engine
 * version, machine and batch size (src/engine/latency/tableFile.ts), holding every layer ever timed there, so a
 * second run — or another model with layers of the same shapes — times only what is missing. The cache is an
 * optimisation: a damaged file is ignored with a warning and one that cannot be written is skipped with a warning,
 * never failing a run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJsonFile, writeJsonAtomic } from '../runs/atomic.js';
import { stableStringify } from '../runs/fingerprint.js';
import { keyHash, tableFile, validateTableFile, type MachineKey, type TimingProtocol } from './tableFile.js';

/** Where a workspace keeps its latency tables, relative to the workspace folder. */
export const LATENCY_FOLDER = path.join('.netadjust', 'latency');

export type Warn = (message: string) => void;

export function cacheFile(workspace: string, key: MachineKey): string {
  return path.join(workspace, LATENCY_FOLDER, `${keyHash(key)}.json`);
}

/** The cached timings for `key`: empty when there is no cache file, or (with a warning) when it cannot be used. */
export function readCache(file: string, key: MachineKey, warn: Warn): Record<string, number> {
  let value: unknown;
  try {
    value = readJsonFile(file);
    if (value === undefined) {
      return {};
    }
    const table = validateTableFile(value, file);
    if (stableStringify(table.machine) !== stableStringify(key)) {
      throw new Error(`${file} was timed on another engine or machine (${describe(table.machine)}, not ${describe(key)})`);
    }
    return { ...table.entries };
  } catch (e) {
    warn(`ignoring the latency cache: ${(e as Error).message}; its layers are timed again`);
    return {};
  }
}

/**
 * Adds `entries` to the cache file, keeping what another run may have added since it was read (the file is read
 * again just before the atomic write). Returns false, after a warning, when the file cannot be written.
 */
export function addToCache(file: string, key: MachineKey, timing: TimingProtocol, entries: Readonly<Record<string, number>>, warn: Warn): boolean {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const current = readCache(file, key, () => undefined);
    writeJsonAtomic(file, tableFile(key, timing, { ...current, ...entries }));
    return true;
  } catch (e) {
    warn(`cannot write the latency cache ${file} (${(e as Error).message}); the next run times these layers again`);
    return false;
  }
}

function describe(m: MachineKey): string {
  return `${m.engine} ${m.engineVersion} (${m.backend}) on ${m.cpuCount} × ${m.cpu}, device ${m.device}, batch ${m.batchSize}`;
}
