/** Run folders in temporary workspaces, and a search call with the fake trainer, for the engine tests. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import type { ModelAnalysis } from '../../src/model/analyze.js';
import { DEFAULT_SEARCH_SETTINGS, type SearchSettings } from '../../src/protocol/settings.js';
import { runSearch, type SearchOutcome, type SearchSink } from '../../src/engine/search/loop.js';
import { describeRun } from '../../src/engine/runs/manifest.js';
import { createRun, type RunStore } from '../../src/engine/runs/store.js';
import { FAKE_DATASET, type FakeTrainer } from './fakeTrainer.js';

/** Small enough that a whole run takes milliseconds. */
export const QUICK: SearchSettings = {
  ...DEFAULT_SEARCH_SETTINGS,
  iterations: 4,
  epochsPerIteration: 2,
  finalEpochs: 2,
  probeRepeats: 2,
  updateCount: 2,
  updateCountDecay: 0,
};

export const START = new Date('2026-11-23T13:15:00Z');

/** A fresh temporary workspace folder; removed by `cleanUp`. */
export function tempWorkspace(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'netadjust-test-'));
}

export function cleanUp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A maker of temporary workspaces for one suite; every one it made is removed after the suite. */
export function suiteWorkspaces(): () => string {
  const made: string[] = [];
  after(() => made.forEach(cleanUp));
  return () => {
    const w = tempWorkspace();
    made.push(w);
    return w;
  };
}

export function newRun(workspace: string, analysis: ModelAnalysis, settings: SearchSettings = QUICK, now: Date = START): RunStore {
  const manifest = describeRun(analysis, {
    modelFile: 'model.netadj.yaml',
    dataset: { format: 'cifar100', path: 'data' },
    settings,
    engine: { engine: 'tfjs', backend: 'fake', version: '0', reason: 'tests' },
    versions: { netadjust: 'test' },
  });
  return createRun(workspace, manifest, now);
}

/** `runSearch` with the fake trainer and a clock frozen at 0, so timings (and thus files) are reproducible. */
export function search(store: RunStore, analysis: ModelAnalysis, trainer: FakeTrainer, options: { settings?: SearchSettings; signal?: AbortSignal; sink?: SearchSink } = {}): Promise<SearchOutcome> {
  return runSearch({
    analysis,
    trainer,
    dataset: FAKE_DATASET,
    settings: options.settings ?? store.manifest.settings,
    store,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.sink ? { sink: options.sink } : {}),
    now: () => 0,
  });
}

/** Every file under `dir`, relative, sorted. */
export function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}
