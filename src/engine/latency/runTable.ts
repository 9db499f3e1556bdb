/**
 * A run's own copy of the latency table, `latency-table.json` in its run folder: the timings it planned its budget
 * and every rescale with, so a resume uses exactly the same numbers and never times again.
 */
import * as path from 'node:path';
import { readJsonFile } from '../runs/atomic.js';
import type { RunStore } from '../runs/store.js';
import { validateTableFile, type LatencyTableFile } from './tableFile.js';

export const RUN_TABLE_FILE = 'latency-table.json';

export function saveRunTable(store: RunStore, table: LatencyTableFile): void {
  store.writeFile(RUN_TABLE_FILE, `${JSON.stringify(table, null, 2)}\n`);
}

/** The run's table; throws a message naming the file when it is missing or damaged. */
export function readRunTable(runDir: string): LatencyTableFile {
  const file = path.join(runDir, RUN_TABLE_FILE);
  const value = readJsonFile(file);
  if (value === undefined) {
    throw new Error(`${file} is missing: a run under budget 'latency' keeps the latency table it was planned with there; start a new run`);
  }
  return validateTableFile(value, file);
}
