/**
 * The training loop: epochs of seeded mini-batches with cosine learning rate (per epoch), the method's ramped
 * channel dropout, optional crop-and-flip augmentation, progress per batch, and cancellation between batches.
 */
import * as tf from '@tensorflow/tfjs';
import type { SplitMetrics } from '../../protocol/types.js';
import { batchOrder, fillBatch, labelsOf } from '../data/batches.js';
import type { ImageSet } from '../data/types.js';
import { trainingDropRates } from '../dropSchedule.js';
import { deriveSeed, seededRandom } from '../random.js';
import type { TrainOptions, TrainResult } from '../trainer.js';
import { throwIfAborted, yieldToEventLoop } from './abort.js';
import type { TfjsNetwork } from './buildModel.js';
import { cosineLearningRate, Sgd } from './sgd.js';
import { trainStep, type StepTeacher } from './trainStep.js';

/** The images to train on, their normalisation, and whether to augment them. */
export interface TrainData {
  readonly set: ImageSet;
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** Random crop and flip (only where the dataset allows it and the settings ask for it). */
  readonly augment: boolean;
}

/**
 * Trains `net` in place for `options.epochs` epochs, learning also from `teacher` where given (distillation);
 * rejects with an AbortError when `options.signal` aborts.
 */
export async function trainNetwork(net: TfjsNetwork, data: TrainData, options: TrainOptions, teacher?: StepTeacher): Promise<TrainResult> {
  const started = performance.now();
  const sgd = new Sgd(net.trainable, options.settings);
  const [h, w, c] = data.set.shape;
  const buffer = new Float32Array(options.settings.batchSize * h * w * c);
  let last: SplitMetrics = { loss: 0, accuracy: 0, images: 0 };
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      last = await trainEpoch(net, sgd, data, options, epoch, buffer, teacher);
    }
  } finally {
    sgd.dispose();
  }
  return { ...last, epochs: options.epochs, seconds: (performance.now() - started) / 1000 };
}

async function trainEpoch(
  net: TfjsNetwork,
  sgd: Sgd,
  data: TrainData,
  options: TrainOptions,
  epoch: number,
  buffer: Float32Array,
  teacher: StepTeacher | undefined,
): Promise<SplitMetrics> {
  const s = options.settings;
  const learningRate = cosineLearningRate(s.learningRate, s.minLearningRate, epoch, options.epochs);
  const dropRates = trainingDropRates(s.trainDropRate, epoch, options.epochs, options.dropLayers);
  const batches = batchOrder(data.set.count, s.batchSize, options.seed, epoch);
  const augment = data.augment ? { random: seededRandom(deriveSeed(options.seed, 'augment', epoch)) } : undefined;
  const [h, w, c] = data.set.shape;
  const started = performance.now();
  let lossSum = 0;
  let correct = 0;
  let seen = 0;
  for (let b = 0; b < batches.length; b++) {
    throwIfAborted(options.signal, 'training');
    const indices = batches[b]!;
    fillBatch(data.set, indices, buffer, data.mean, data.std, augment);
    const images = tf.tensor4d(buffer.subarray(0, indices.length * h * w * c), [indices.length, h, w, c]);
    const step = trainStep(net, sgd, images, labelsOf(data.set, indices), {
      learningRate,
      dropRates,
      seed: deriveSeed(options.seed, 'masks', epoch, b),
      labelSmoothing: s.labelSmoothing,
      ...(teacher === undefined ? {} : { teacher }),
    });
    images.dispose();
    lossSum += step.loss * indices.length;
    correct += step.correct;
    seen += indices.length;
    const seconds = (performance.now() - started) / 1000;
    options.onProgress?.({
      epoch: epoch + 1,
      epochs: options.epochs,
      batch: b + 1,
      batches: batches.length,
      loss: lossSum / seen,
      accuracy: correct / seen,
      learningRate,
      imagesPerSecond: seconds > 0 ? seen / seconds : 0,
      epochEnd: b === batches.length - 1,
    });
    await yieldToEventLoop();
  }
  return { loss: seen > 0 ? lossSum / seen : 0, accuracy: seen > 0 ? correct / seen : 0, images: seen };
}
