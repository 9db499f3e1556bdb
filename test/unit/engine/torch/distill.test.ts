/** The torch engine's knowledge distillation: a trained teacher at other widths guides the student's training. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTorchTrainer } from '../../../../src/engine/torch/trainer.js';
import type { DistillOptions, Trainer, TrainOptions, TrainResult } from '../../../../src/engine/trainer.js';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';
import { cleanup, tempDir } from '../../../helpers/datasets.js';
import { writeToyFolder } from '../conformance/toyFiles.js';
import { torchPython } from '../conformance/trainers.js';
import { tinyResNet } from '../tfjs/tinyGraphs.js';

const graph = tinyResNet([8, 8, 3], 4);
const widths = analyzeGraph(graph).widths;
const teacherWidths = { stem: 8, b1c1: 8, b1c2: 8, b2c1: 12, b2c2: 12, fc: 4 };
// Image folders get random crops and flips: the teacher must see the student's augmented batch.
const settings = { ...DEFAULT_SEARCH_SETTINGS, batchSize: 16, heldOutFraction: 0.25, learningRate: 0.05, labelSmoothing: 0.1, augment: true };
const dropLayers = ['stem', 'b1c1', 'b1c2', 'b2c1', 'b2c2'];

function withoutTime(r: TrainResult): Omit<TrainResult, 'seconds'> {
  const { seconds: _, ...rest } = r;
  return rest;
}

describe('torch distillation', () => {
  let trainer: Trainer;
  let teacherWeights: string;
  /** Trains the student from the same start (seed 3) for 3 epochs; the loss at the end of each epoch. */
  const student = async (distill?: DistillOptions) => {
    await trainer.build(widths, 3);
    const losses: number[] = [];
    const options: TrainOptions = { split: 'search', epochs: 3, settings, dropLayers, seed: 3, onProgress: (p) => p.epochEnd && losses.push(p.loss), ...(distill ? { distill } : {}) };
    const result = await trainer.train(options);
    return { result: withoutTime(result), test: await trainer.evaluate('test'), losses };
  };

  before(async () => {
    trainer = await createTorchTrainer(graph, { python: await torchPython() });
    await trainer.open({ format: 'folder', path: writeToyFolder(8, 4, 96, 16) }, settings);
    await trainer.build(teacherWidths, 9);
    await trainer.train({ split: 'full', epochs: 4, settings, dropLayers, seed: 9 });
    teacherWeights = join(tempDir(), 'teacher.safetensors');
    await trainer.saveWeights!(teacherWeights);
  });
  after(async () => {
    await trainer?.dispose();
    cleanup();
  });

  it('with weight 0 trains exactly as without a teacher', async () => {
    const plain = await student();
    const distilled = await student({ teacherWeights, teacherWidths, weight: 0, temperature: 4 });
    assert.deepEqual(distilled, plain);
  });

  it('with weight > 0 follows the teacher: another result, and the loss still falls', async () => {
    const plain = await student();
    const distilled = await student({ teacherWeights, teacherWidths, weight: 0.7, temperature: 4 });
    assert.notDeepEqual(distilled.result, plain.result);
    assert.ok(distilled.losses.length === 3 && distilled.losses[2]! < distilled.losses[0]!, `epoch losses ${distilled.losses}`);
    assert.ok(Number.isFinite(distilled.test.loss));
  });

  it('refuses a teacher whose weights do not fit its widths, naming the tensor, and bad α or T', async () => {
    const wrongWidths = { ...teacherWidths, b2c1: 10 };
    await trainer.build(widths, 3);
    await assert.rejects(
      trainer.train({ split: 'search', epochs: 1, settings, dropLayers, seed: 3, distill: { teacherWeights, teacherWidths: wrongWidths, weight: 0.5, temperature: 2 } }),
      /teacher\.safetensors: tensor 'b2c1\/kernel' has shape \[3, 3, 8, 12\], but the network's is \[3, 3, 8, 10\]/,
    );
    await assert.rejects(trainer.train({ split: 'search', epochs: 1, settings, dropLayers, seed: 3, distill: { teacherWeights, teacherWidths, weight: 1.5, temperature: 2 } }), /weight α must be in \[0, 1\], got 1\.5/);
    await assert.rejects(trainer.train({ split: 'search', epochs: 1, settings, dropLayers, seed: 3, distill: { teacherWeights, teacherWidths, weight: 0.5, temperature: 0 } }), /temperature must be a positive number, got 0/);
  });
});
