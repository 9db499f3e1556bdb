import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { DEFAULT_SEARCH_SETTINGS, type SearchSettings } from '../../../../src/protocol/settings.js';
import type { DistillOptions, Trainer, TrainOptions } from '../../../../src/engine/trainer.js';
import { crossEntropySum, distillationLossSum, softenedKlSum, softTargets } from '../../../../src/engine/tfjs/loss.js';
import { createTfjsTrainer } from '../../../../src/engine/tfjs/trainer.js';
import { suiteWorkspaces } from '../../../helpers/runs.js';
import { useBackend } from './backendHelpers.js';
import { tinyResNet } from './tinyGraphs.js';
import { toyDataset } from './toyData.js';

const settings: SearchSettings = { ...DEFAULT_SEARCH_SETTINGS, batchSize: 8, learningRate: 0.1, heldOutFraction: 0.25, augment: true, labelSmoothing: 0.1, trainDropRate: 0.2 };
const graph = tinyResNet([8, 8, 3], 4);
const analysis = analyzeGraph(graph);
const teacherWidths = { ...analysis.widths, b1c1: 8, b2c2: 8 };
// Augmented: the teacher must see the student's crop and flip, so a mismatch would show as a different result.
const data = toyDataset([8, 8, 3], 4, 48, 16, true);
const workspace = suiteWorkspaces();
const trainOptions = (over: Partial<TrainOptions> = {}): TrainOptions => ({ split: 'search', epochs: 2, settings, dropLayers: ['stem', 'b1c1', 'b2c1'], seed: 5, ...over });

async function trainerFor(): Promise<Trainer> {
  const trainer = await createTfjsTrainer(graph, { backend: 'cpu', loadDataset: async () => data });
  await trainer.open({ format: 'folder', path: '/nowhere' }, settings);
  return trainer;
}

const scalar = (f: () => tf.Scalar): number => {
  const t = f();
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
};

describe('tfjs distillation loss', () => {
  before(() => useBackend('cpu'));
  const student = () => tf.tensor2d([[1, 2, 3], [0.5, -1, 0]]);
  const teacher = () => tf.tensor2d([[3, 1, 0], [0.5, -1, 0]]);

  it('sums T²·KL(teacher ‖ student) of softened distributions: a hand-computed value', () => {
    // Row 1 at T = 2: p = softmax([1.5, 0.5, 0]) = [0.62853, 0.23122, 0.14024], q = softmax([0.5, 1, 1.5]) =
    // [0.18632, 0.30720, 0.50648]; Σ p·ln(p/q) = 0.76424 − 0.06570 − 0.18010 = 0.51845; × T² = 2.07382.
    // Row 2: the same logits, KL 0.
    const kl = scalar(() => tf.tidy(() => softenedKlSum(student(), teacher(), 2)));
    assert.ok(Math.abs(kl - 2.0738163) < 1e-5, `${kl}`);
    assert.ok(Math.abs(scalar(() => tf.tidy(() => softenedKlSum(teacher(), teacher(), 3))) - 0) < 1e-6);
  });

  it('mixes (1 − α)·CE and α·T²·KL, and is the cross-entropy exactly at α = 0', () => {
    const targets = () => softTargets(Int32Array.from([2, 0]), 3, 0.1);
    const ce = scalar(() => tf.tidy(() => crossEntropySum(student(), targets())));
    const kl = scalar(() => tf.tidy(() => softenedKlSum(student(), teacher(), 2)));
    assert.equal(scalar(() => tf.tidy(() => distillationLossSum(student(), targets(), teacher(), 0, 2))), ce);
    const mixed = scalar(() => tf.tidy(() => distillationLossSum(student(), targets(), teacher(), 0.7, 2)));
    assert.ok(Math.abs(mixed - (0.3 * ce + 0.7 * kl)) < 1e-5, `${mixed} vs ${0.3 * ce + 0.7 * kl}`);
  });
});

describe('tfjs distilled training', () => {
  before(() => useBackend('cpu'));

  /** A teacher trained a little at wider widths, saved: its file. */
  async function teacherFile(dir: string): Promise<string> {
    const trainer = await trainerFor();
    await trainer.build(teacherWidths, 11);
    await trainer.train(trainOptions({ epochs: 3 }));
    const file = join(dir, 'teacher.safetensors');
    await trainer.saveWeights!(file);
    await trainer.dispose();
    return file;
  }

  /** The student trained from seed 2 with `distill`: its training result (time left out) and its weight file. */
  async function student(dir: string, name: string, distill?: DistillOptions) {
    const trainer = await trainerFor();
    await trainer.build(analysis.widths, 2);
    const before = await trainer.evaluate('test');
    const start = tf.memory().numTensors;
    const result = await trainer.train(trainOptions(distill ? { distill } : {}));
    assert.equal(tf.memory().numTensors, start, 'the teacher and every step are disposed');
    const after = await trainer.evaluate('test');
    const file = join(dir, `${name}.safetensors`);
    await trainer.saveWeights!(file);
    await trainer.dispose();
    return { result: { ...result, seconds: 0 }, before, after, weights: readFileSync(file) };
  }

  it('at α = 0 trains exactly as plain training; at α > 0 differently, and the loss still falls', async () => {
    const dir = workspace();
    const teacherWeights = await teacherFile(dir);
    const plain = await student(dir, 'plain');
    const zero = await student(dir, 'zero', { teacherWeights, teacherWidths, weight: 0, temperature: 4 });
    assert.deepEqual(zero.result, plain.result);
    assert.ok(zero.weights.equals(plain.weights), 'identical weights');

    const distilled = await student(dir, 'distilled', { teacherWeights, teacherWidths, weight: 0.5, temperature: 2 });
    assert.notDeepEqual(distilled.result, plain.result);
    assert.ok(!distilled.weights.equals(plain.weights));
    assert.ok(distilled.after.loss < 0.8 * distilled.before.loss, `test loss ${distilled.before.loss} → ${distilled.after.loss}`);
  });

  it('refuses a teacher file of other widths, and bad weights or temperatures, saying why', async () => {
    const dir = workspace();
    const teacherWeights = await teacherFile(dir);
    const trainer = await trainerFor();
    await trainer.build(analysis.widths, 2);
    const start = tf.memory().numTensors;
    const distill = { teacherWeights, teacherWidths: analysis.widths, weight: 0.5, temperature: 2 };
    await assert.rejects(trainer.train(trainOptions({ distill })), /^Error: the distillation teacher: .*teacher\.safetensors: tensor 'b1c1\/kernel' has shape \[3, 3, 4, 8\] in the file, but the network's is \[3, 3, 4, 4\]$/);
    assert.equal(tf.memory().numTensors, start, 'the refused teacher is disposed');
    await assert.rejects(trainer.train(trainOptions({ distill: { ...distill, teacherWidths, weight: 1.5 } })), /weight must be in \[0, 1\], got 1.5/);
    await assert.rejects(trainer.train(trainOptions({ distill: { ...distill, teacherWidths, temperature: 0 } })), /temperature must be a number > 0, got 0/);
    await trainer.dispose();
  });
});
