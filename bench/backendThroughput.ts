/**
 * Throughput of one tfjs backend through the engine's real Trainer (data pipeline, training step, probes) on
 * ResNet-20 at CIFAR shape (examples/resnet20-cifar100.netadj.yaml), with synthetic CIFAR-sized images.
 * Prints one JSON line. Run by `bench/run.ts` once per backend, each in its own process.
 *
 *   node out/bench/backendThroughput.js <backend> <train images> <held-out images> <batch>
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadModel } from '../src/model/load.js';
import type { LoadedDataset } from '../src/engine/data/types.js';
import { createTfjsTrainer } from '../src/engine/tfjs/trainer.js';
import type { TfjsBackendChoice } from '../src/engine/tfjs/backend.js';
import { DEFAULT_SEARCH_SETTINGS } from '../src/protocol/settings.js';
import { seededRandom } from '../src/engine/random.js';
import { trainingThroughput } from './trainTiming.js';
import { answerOneJsonLine } from './childJson.js';

const MODEL = path.resolve(__dirname, '..', '..', 'examples', 'resnet20-cifar100.netadj.yaml');

function syntheticCifar(train: number, test: number, classes: number): LoadedDataset {
  const random = seededRandom(7);
  const set = (count: number) => ({
    images: Uint8Array.from({ length: count * 32 * 32 * 3 }, () => Math.floor(random() * 256)),
    labels: Uint8Array.from({ length: count }, (_, i) => i % classes),
    count,
    shape: [32, 32, 3] as const,
  });
  return { description: 'synthetic CIFAR-100 shape', train: set(train), test: set(test), classes, flipAndCrop: true, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] };
}

async function main(): Promise<object> {
  const [backend, trainArg, heldArg, batchArg] = process.argv.slice(2);
  const heldOut = Number(heldArg);
  const trainImages = Number(trainArg) + heldOut;
  const batchSize = Number(batchArg);
  const analysis = loadModel(MODEL, readFileSync(MODEL, 'utf8')).analysis!;
  const trainer = await createTfjsTrainer(analysis.graph, { backend: backend as TfjsBackendChoice, loadDataset: async () => syntheticCifar(trainImages, 8, 100) });
  const settings = { ...DEFAULT_SEARCH_SETTINGS, batchSize, heldOutFraction: heldOut / trainImages };
  const info = await trainer.open({ format: 'cifar100', path: '(synthetic)' }, settings);
  const trainPerSecond = await trainingThroughput(trainer, analysis.groups.filter((g) => g.searchable).map((g) => g.id), settings, { ...analysis.widths });
  const probeLayer = analysis.groups.find((g) => g.searchable)!.id;
  await trainer.evaluate('heldout', { dropRates: { [probeLayer]: 0.05 }, seed: 1 });
  const start = performance.now();
  await trainer.evaluate('heldout', { dropRates: { [probeLayer]: 0.05 }, seed: 2 });
  const probePerSecond = info.heldOutImages / ((performance.now() - start) / 1000);
  await trainer.dispose();
  return { backend: trainer.info.backend, reason: trainer.info.reason, batchSize, probeImages: info.heldOutImages, trainPerSecond, probePerSecond };
}

answerOneJsonLine(main);
