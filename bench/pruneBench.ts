/**
 * The pruning baselines' scoring cost on ResNet-20 at 32×32×3 (examples/resnet20-cifar100.netadj.yaml with its
 * classifier at 10 units, for CIFAR-10), on the PyTorch engine when it is importable, else tfjs wasm:
 * - seconds to record the feature maps of every prunable layer for the first `pruneImages` (64) training images
 *   (`Trainer.featureMaps`, as the CHIP and HRel baselines record them once per run);
 * - seconds to score every prunable layer by L1 (weight file), CHIP and HRel (feature-map file), each including the
 *   read of its file, as `pruneFromOriginal` does. CHIP's cost is the same per image (C eigen-solves of each layer's
 *   Gram matrix per image), about a minute for 64 images on two cores, so it may also be timed on the first `chipImages` of them
 *   (recorded as their own feature-map file) and its per-image time reported;
 * - one epoch of training on the same 64 images, for scale.
 * The network is freshly built (random weights): scoring does the same arithmetic whatever the weights are, so the
 * timings are those of a trained network. The images are random, in a CIFAR-10 binary folder written to a temp
 * folder in the real format (five data batches and a test batch of 3073-byte records).
 * Prints one JSON line. Run by bench/run.ts.
 *
 *   node out/bench/pruneBench.js [chipImages (default 64)]
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModel } from '../src/model/load.js';
import type { ModelAnalysis } from '../src/model/analyze.js';
import { channelClasses } from '../src/engine/prune/channelClasses.js';
import { featureScores, l1Scores } from '../src/engine/prune/scores.js';
import { seededRandom } from '../src/engine/random.js';
import { dropLayers } from '../src/engine/search/groups.js';
import { createTfjsTrainer } from '../src/engine/tfjs/trainer.js';
import { findTorchPython } from '../src/engine/torch/python.js';
import { createTorchTrainer } from '../src/engine/torch/trainer.js';
import type { Trainer } from '../src/engine/trainer.js';
import { readSafetensors } from '../src/engine/weights/safetensors.js';
import { DEFAULT_SEARCH_SETTINGS } from '../src/protocol/settings.js';
import { answerOneJsonLine } from './childJson.js';

const MODEL = path.resolve(__dirname, '..', '..', 'examples', 'resnet20-cifar100.netadj.yaml');
const IMAGES = DEFAULT_SEARCH_SETTINGS.pruneImages;
const TEST_IMAGES = 8;
/** Whole batches of the 64 images, so the epoch's timing is not one full batch and a remainder. */
const SETTINGS = { ...DEFAULT_SEARCH_SETTINGS, batchSize: 32, pruneImages: IMAGES };

export interface PruneBenchResult {
  readonly engine?: string;
  readonly reason?: string;
  readonly images?: number;
  readonly layers?: number;
  readonly featureMapSeconds?: number;
  readonly featureMapBytes?: number;
  readonly l1Seconds?: number;
  readonly chipImages?: number;
  readonly chipSeconds?: number;
  readonly hrelSeconds?: number;
  readonly epochSeconds?: number;
  readonly error?: string;
}

/** ResNet-20 with a 10-class head: the example's text with its classifier's units changed. */
function resnet20Cifar10(): ModelAnalysis {
  const text = readFileSync(MODEL, 'utf8');
  const head = '{type: dense, name: fc, units: 100}';
  if (!text.includes(head)) {
    throw new Error(`${MODEL} no longer has the classifier '${head}' this benchmark gives 10 units`);
  }
  const loaded = loadModel(MODEL, text.replace(head, '{type: dense, name: fc, units: 10}'));
  if (!loaded.analysis) {
    throw new Error(`${MODEL} with a 10-unit classifier does not analyse`);
  }
  return loaded.analysis;
}

/** CIFAR-10's binary layout: `count` records of a label byte and 3072 planar RGB bytes, random and seeded. */
function cifar10Records(count: number, random: () => number): Buffer {
  const out = Buffer.alloc(count * 3073);
  for (let r = 0; r < count; r++) {
    out[r * 3073] = r % 10;
    for (let p = 1; p < 3073; p++) {
      out[r * 3073 + p] = Math.floor(random() * 256);
    }
  }
  return out;
}

/** `train` images spread over data_batch_1…5 (in order, so the first images are data_batch_1's), and a test batch. */
function writeCifar10(dir: string, train: number, test: number): void {
  const random = seededRandom(11);
  for (let b = 0; b < 5; b++) {
    const count = Math.floor((train * (b + 1)) / 5) - Math.floor((train * b) / 5);
    writeFileSync(path.join(dir, `data_batch_${b + 1}.bin`), cifar10Records(count, random));
  }
  writeFileSync(path.join(dir, 'test_batch.bin'), cifar10Records(test, random));
}

async function createTrainer(analysis: ModelAnalysis): Promise<Trainer> {
  const search = await findTorchPython();
  if (search.ok) {
    return createTorchTrainer(analysis.graph, { python: search.found, reason: 'PyTorch importable' });
  }
  return createTfjsTrainer(analysis.graph, { backend: 'wasm', reason: `PyTorch not importable (${search.message})` });
}

async function seconds(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

async function main(): Promise<object> {
  const chipImages = Number(process.argv[2] ?? IMAGES);
  if (!Number.isInteger(chipImages) || chipImages < 1 || chipImages > IMAGES) {
    throw new Error(`the CHIP image count must be a whole number from 1 to ${IMAGES}, not '${process.argv[2]}'`);
  }
  const analysis = resnet20Cifar10();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'netadjust-prune-bench-'));
  const trainer = await createTrainer(analysis);
  try {
    if (!trainer.saveWeights || !trainer.featureMaps) {
      throw new Error(`the ${trainer.info.engine} engine (${trainer.info.backend}) cannot save weights or record feature maps`);
    }
    writeCifar10(dir, IMAGES, TEST_IMAGES);
    await trainer.open({ format: 'cifar10', path: dir }, SETTINGS);
    await trainer.build(analysis.widths, 1);
    const weightsFile = path.join(dir, 'original.safetensors');
    const mapsFile = path.join(dir, 'features.safetensors');
    const chipFile = path.join(dir, `features-${chipImages}.safetensors`);
    await trainer.saveWeights(weightsFile);
    const layers = [...channelClasses(analysis, analysis.widths).prunable.keys()];
    const featureMapSeconds = await seconds(() => trainer.featureMaps!({ layers, images: IMAGES, path: mapsFile }));
    const l1Seconds = await seconds(() => l1Scores(layers, readSafetensors(weightsFile).tensors, weightsFile));
    if (chipImages < IMAGES) {
      await trainer.featureMaps({ layers, images: chipImages, path: chipFile });
    }
    const chipMaps = chipImages < IMAGES ? chipFile : mapsFile;
    const chipSeconds = await seconds(() => featureScores('chip', layers, readSafetensors(chipMaps).tensors, chipMaps));
    const hrelSeconds = await seconds(() => featureScores('hrel', layers, readSafetensors(mapsFile).tensors, mapsFile));
    const epochSeconds = await seconds(() => trainer.train({ split: 'full', epochs: 1, settings: SETTINGS, dropLayers: dropLayers(analysis), seed: 1 }));
    const result: PruneBenchResult = {
      engine: `${trainer.info.engine} (${trainer.info.backend})`,
      reason: trainer.info.reason,
      images: IMAGES,
      layers: layers.length,
      featureMapSeconds,
      featureMapBytes: statSync(mapsFile).size,
      l1Seconds,
      chipSeconds,
      chipImages,
      hrelSeconds,
      epochSeconds,
    };
    return result;
  } finally {
    await trainer.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

answerOneJsonLine(main);
