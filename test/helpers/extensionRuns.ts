/** Run folders for the extension's vscode-free helpers: a workspace with a model file and runs written by hand. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelAnalysis } from '../../src/model/analyze.js';
import { loadModel } from '../../src/model/load.js';
import { describeRun } from '../../src/engine/runs/manifest.js';
import { createRun, type RunStore } from '../../src/engine/runs/store.js';
import type { IterationRecord, ProgressEvent, RunReport, WidthMap } from '../../src/protocol/types.js';
import { REPO_ROOT } from './cli.js';
import { QUICK } from './runs.js';

export const SMALL_CNN = 'small-cnn-fashion-mnist.netadj.yaml';

/** Copies an example model file into `workspace/models/`; answers its absolute path. */
export function copyExample(workspace: string, name = SMALL_CNN): string {
  const target = path.join(workspace, 'models', name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'examples', name), target);
  return target;
}

export function analyzeFile(file: string): ModelAnalysis {
  const analysis = loadModel(file, fs.readFileSync(file, 'utf8')).analysis;
  if (!analysis) {
    throw new Error(`${file} did not analyse`);
  }
  return analysis;
}

/** A new run of `modelFile` (named as given: absolute, or relative to the workspace) started at `time`. */
export function startRun(workspace: string, modelFile: string, analysis: ModelAnalysis, time: string): RunStore {
  const manifest = describeRun(analysis, {
    modelFile,
    dataset: { format: 'idx', path: 'data' },
    settings: QUICK,
    engine: { engine: 'tfjs', backend: 'fake', version: '0', reason: 'tests' },
    versions: { netadjust: 'test' },
  });
  return createRun(workspace, manifest, new Date(time));
}

/** Iteration `n`: trained at `widths`, proposing `next`, with a FUR per searchable width. */
export function iterationRecord(n: number, widths: WidthMap, next: WidthMap): IterationRecord {
  const fur = Object.fromEntries(Object.keys(widths).map((name, i) => [name, 0.01 * (i + 1) + n]));
  const split = { loss: 1, accuracy: 0.5, images: 100 };
  return { iteration: n, widths, macs: 1000, params: 100, fur, dropRates: {}, nextWidths: next, nextMacs: 1000, train: { ...split, epochs: 2, seconds: 1 }, val: split, seconds: 2 };
}

/** Saves iteration `n` and records it in events.jsonl, as the engine does. */
export function addIteration(store: RunStore, n: number, widths: WidthMap, next: WidthMap): IterationRecord {
  const record = iterationRecord(n, widths, next);
  store.saveIteration(record);
  store.appendEvent({ event: 'iteration', record });
  return record;
}

/** An epoch-end (or batch) progress event of the run. */
export function progress(store: RunStore, phase: ProgressEvent['phase'], iteration: number | undefined, epoch: number, epochEnd = true): ProgressEvent {
  const event: ProgressEvent = {
    runId: store.runId,
    phase,
    ...(iteration === undefined ? {} : { iteration }),
    epoch,
    epochs: 2,
    batch: 3,
    batches: 3,
    loss: 1 / epoch,
    accuracy: 0.1 * epoch,
    learningRate: 0.1,
    imagesPerSecond: 500,
    etaSeconds: 60,
    epochEnd,
  };
  store.appendEvent({ event: 'progress', ...event });
  return event;
}

/** Marks the run done with a report whose adjusted network has `widths`. */
export function finish(store: RunStore, widths: WidthMap): RunReport {
  const result = (w: WidthMap, accuracy: number) => ({ macs: 1000, params: 100, testAccuracy: accuracy, testLoss: 1, widths: w });
  const report: RunReport = { runId: store.runId, original: result(store.manifest.originalWidths, 0.9), adjusted: result(widths, 0.92), adjustedModelFile: 'adjusted.netadj.yaml', seconds: 10 };
  store.appendEvent({ event: 'ended', state: 'done' });
  store.saveReport(report, '# report\n');
  return report;
}
