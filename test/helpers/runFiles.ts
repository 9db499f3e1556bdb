/** Reading run folders in tests, as a user (or another tool) would: plain files. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IterationRecord, RunReport } from '../../src/protocol/types.js';

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function iterationsOf(runDir: string): IterationRecord[] {
  const names = readdirSync(path.join(runDir, 'iterations')).filter((n) => /^\d+\.json$/.test(n));
  return names.sort((a, b) => parseInt(a, 10) - parseInt(b, 10)).map((n) => readJson<IterationRecord>(path.join(runDir, 'iterations', n)));
}

export function reportOf(runDir: string): RunReport {
  return readJson<RunReport>(path.join(runDir, 'report.json'));
}

export function eventsOf(runDir: string): { event: string; state?: string }[] {
  return readFileSync(path.join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as { event: string; state?: string }];
      } catch {
        return [];
      }
    });
}
