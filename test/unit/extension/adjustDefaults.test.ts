/** The adjust prompt's defaults, dataset detection and input checks; the status-bar words. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { engineEnv, fileDataset, guessDatasetFormat, parseCount, searchDefaults, totalEpochs } from '../../../src/extension/runs/adjustDefaults.js';
import { accuracySummary, formatDuration, progressParts, statusText, statusTooltip } from '../../../src/extension/runs/status.js';
import type { NetworkResult, ProgressEvent, RunReport } from '../../../src/protocol/types.js';

const SETTINGS = { iterations: 10, epochsPerIteration: 20, finalEpochs: 200 };

describe('adjust defaults', () => {
  it("takes the file's search block over the settings, ignoring values that are not counts", () => {
    const d = searchDefaults({ iterations: 3, epochsPerIteration: 0, finalEpochs: '4', other: 1 }, SETTINGS);
    assert.deepEqual(d.values, { iterations: 3, epochsPerIteration: 20, finalEpochs: 200 });
    assert.deepEqual(d.sources, { iterations: 'model file', epochsPerIteration: 'settings', finalEpochs: 'settings' });
    assert.deepEqual(searchDefaults(undefined, SETTINGS).values, SETTINGS);
    assert.equal(totalEpochs(SETTINGS), 600);
    assert.equal(totalEpochs(SETTINGS, 5), 1200);
  });

  it("resolves the file's dataset against its folder and reports what is missing or unusable", () => {
    const model = path.resolve('/ws/models/m.netadj.yaml');
    const exists = (p: string) => p === path.resolve('/ws/models/data/fmnist');
    assert.deepEqual(fileDataset({ format: 'idx', path: './data/fmnist' }, model, exists), { kind: 'ok', dataset: { format: 'idx', path: path.resolve('/ws/models/data/fmnist') } });
    assert.deepEqual(fileDataset(undefined, model, exists), { kind: 'missing' });
    assert.deepEqual(fileDataset({}, model, exists), { kind: 'missing' });
    assert.match(JSON.stringify(fileDataset({ format: 'imagenet', path: 'x' }, model, exists)), /format 'imagenet' is not one of idx, cifar10, cifar100, folder/);
    assert.match(JSON.stringify(fileDataset({ format: 'idx' }, model, exists)), /no path/);
    assert.match(JSON.stringify(fileDataset({ format: 'idx', path: 'gone' }, model, exists)), /does not exist/);
  });

  it('guesses a dataset format from the file names each reader looks for', () => {
    assert.equal(guessDatasetFormat(['train-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']), 'idx');
    assert.equal(guessDatasetFormat(['data_batch_1.bin', 'test_batch.bin']), 'cifar10');
    assert.equal(guessDatasetFormat(['cifar-10-batches-bin']), 'cifar10');
    assert.equal(guessDatasetFormat(['train.bin', 'test.bin']), 'cifar100');
    assert.equal(guessDatasetFormat(['train', 'test']), 'folder');
    assert.equal(guessDatasetFormat(['readme.md']), undefined);
  });

  it('accepts whole numbers in range only', () => {
    assert.deepEqual(parseCount(' 12 '), { ok: true, value: 12 });
    for (const bad of ['', '0', '-1', '1.5', '1e3', 'ten', '100001']) {
      assert.equal(parseCount(bad).ok, false, bad);
    }
  });

  it("passes the tfjs backend setting in the engine's environment", () => {
    assert.deepEqual(engineEnv({ tfjsBackend: 'wasm', pythonPath: '', torchMixedPrecision: false }), { NETADJUST_TFJS_BACKEND: 'wasm' });
  });

  it('passes the Python of the PyTorch engine: the setting first, else the Python extension, and mixed precision', () => {
    assert.deepEqual(engineEnv({ tfjsBackend: 'auto', pythonPath: '/opt/py/bin/python', torchMixedPrecision: true }), {
      NETADJUST_TFJS_BACKEND: 'auto',
      NETADJUST_PYTHON: '/opt/py/bin/python',
      NETADJUST_TORCH_AMP: '1',
    });
    assert.deepEqual(engineEnv({ tfjsBackend: 'auto', pythonPath: '', torchMixedPrecision: false, pythonFromExtension: '/venv/bin/python' }), {
      NETADJUST_TFJS_BACKEND: 'auto',
      NETADJUST_PYTHON_EXTENSION: '/venv/bin/python',
    });
  });
});

describe('status text', () => {
  const event = (over: Partial<ProgressEvent>): ProgressEvent => ({
    runId: 'r',
    phase: 'search-train',
    iteration: 2,
    epoch: 5,
    epochs: 20,
    batch: 1,
    batches: 10,
    loss: 1.23456,
    accuracy: 0.5,
    learningRate: 0.1,
    imagesPerSecond: 812.4,
    etaSeconds: 3900,
    epochEnd: false,
    ...over,
  });

  it('formats durations', () => {
    assert.deepEqual([0, 45, 90, 3599, 3900, 90_000, -1, Number.NaN].map(formatDuration), ['0 s', '45 s', '2 min', '1 h 00 min', '1 h 05 min', '1 d 1 h', '–', '–']);
  });

  it('shows phase, iteration i/T (1-based), epoch or probe pass, and ETA', () => {
    assert.equal(statusText(event({}), 10), '$(sync~spin) netadjust: training (search) · iteration 3/10 · epoch 5/20 · ETA 1 h 05 min');
    assert.deepEqual(progressParts(event({ phase: 'fur', epoch: 4, epochs: 12 }), 10), ['measuring FUR', 'iteration 3/10', 'pass 4/12', 'ETA 1 h 05 min']);
    assert.deepEqual(progressParts(event({ phase: 'final-adjusted', iteration: undefined, epoch: 7, epochs: 200, etaSeconds: 50 }), 10), ['final training: adjusted', 'epoch 7/200', 'ETA 50 s']);
    assert.deepEqual(progressParts(event({ phase: 'done', epochs: 0 }), 10), ['writing the report']);
    assert.equal(statusText(undefined, 10), '$(sync~spin) netadjust: starting');
  });

  it('names the comparison phases: distillation, pruning and fine-tuning, and the latency table', () => {
    const final = { iteration: undefined, epoch: 2, epochs: 6, etaSeconds: 50 };
    assert.deepEqual(progressParts(event({ ...final, phase: 'final-adjusted-distilled' }), 10), ['final training: adjusted + distillation', 'epoch 2/6', 'ETA 50 s']);
    assert.deepEqual(progressParts(event({ ...final, phase: 'final-chip' }), 10), ['fine-tuning: CHIP pruned', 'epoch 2/6', 'ETA 50 s']);
    assert.deepEqual(progressParts(event({ ...final, phase: 'prune-hrel' }), 10), ['pruning: scoring channels by HRel', 'step 2/6', 'ETA 50 s']);
    assert.deepEqual(progressParts(event({ ...final, phase: 'latency-table' }), 10), ['timing layers for the latency table', 'step 2/6', 'ETA 50 s']);
  });

  it('puts the latest numbers in the tooltip', () => {
    assert.equal(statusTooltip('r', event({})), 'netadjust run r\nloss 1.2346 · accuracy 50.0 %\n812 images/s\nClick to show the progress panel');
  });

  it('sums up the test accuracy of every network of the run at its end', () => {
    const net = (testAccuracy: number): NetworkResult => ({ macs: 1, params: 1, testAccuracy, testLoss: 1, widths: {} });
    const plain: RunReport = { runId: 'r', original: net(0.768), adjusted: net(0.734), adjustedModelFile: 'a', seconds: 1 };
    assert.equal(accuracySummary(plain), 'adjusted 73.40 % vs original 76.80 %');
    const compared: RunReport = { ...plain, uniform: net(0.72), distilled: net(0.698), pruned: { l1: net(0.766), hrel: net(0.75) } };
    assert.equal(accuracySummary(compared), 'adjusted 73.40 % vs original 76.80 %, uniformly scaled 72.00 %, adjusted + distillation 69.80 %, L1-norm pruned 76.60 %, HRel pruned 75.00 %');
  });
});
