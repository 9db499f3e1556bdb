/**
 * Evaluation: batch norm in inference mode, channel drops at the given rates (FUR probes) with masks seeded per
 * batch, mean cross-entropy without label smoothing, and accuracy.
 */
import * as tf from '@tensorflow/tfjs';
import type { SplitMetrics } from '../../protocol/types.js';
import { fillBatch, labelsOf } from '../data/batches.js';
import type { ImageSet } from '../data/types.js';
import { deriveSeed } from '../random.js';
import type { EvalOptions, ProbeOptions, ProbeSpec } from '../trainer.js';
import { throwIfAborted, yieldToEventLoop } from './abort.js';
import type { TfjsNetwork } from './buildModel.js';
import { correctCount, crossEntropySum, softTargets } from './loss.js';

/** The images to evaluate and the normalisation to apply. */
export interface EvalData {
  readonly set: ImageSet;
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** Loss and accuracy of `net` over the whole set, in index order; rejects with an AbortError when aborted. */
export async function evaluateNetwork(net: TfjsNetwork, data: EvalData, batchSize: number, options: EvalOptions = {}): Promise<SplitMetrics> {
  let lossSum = 0;
  let correct = 0;
  for await (const batch of orderedBatches(data, batchSize, options.signal)) {
    const sums = tf.tidy(() => {
      const logits = net.forward(batch.images(), { training: false, dropRates: options.dropRates ?? {}, seed: deriveSeed(options.seed ?? 0, 'eval', batch.index) });
      return tf.stack([crossEntropySum(logits, softTargets(batch.labels, net.classes, 0)), tf.cast(correctCount(logits, batch.labels), 'float32')]);
    });
    const [loss, hits] = sums.dataSync();
    sums.dispose();
    lossSum += loss!;
    correct += hits!;
  }
  const images = data.set.count;
  return { loss: images > 0 ? lossSum / images : 0, accuracy: images > 0 ? correct / images : 0, images };
}

/**
 * Many probes in one pass over the set: per batch, the activations upstream of each probe's drop points are
 * computed once (TfjsNetwork.probeForward). Answer i equals `evaluateNetwork(net, data, batchSize, probes[i])`.
 */
export async function probeNetwork(net: TfjsNetwork, data: EvalData, batchSize: number, probes: readonly ProbeSpec[], options: ProbeOptions = {}): Promise<SplitMetrics[]> {
  const sums = probes.map(() => ({ loss: 0, correct: 0 }));
  const batches = Math.ceil(data.set.count / batchSize);
  const images = data.set.count;
  const metrics = (i: number): SplitMetrics => ({ loss: images > 0 ? sums[i]!.loss / images : 0, accuracy: images > 0 ? sums[i]!.correct / images : 0, images });
  for await (const batch of orderedBatches(data, batchSize, options.signal)) {
    const scores = tf.tidy(() => {
      const targets = softTargets(batch.labels, net.classes, 0);
      const passes = probes.map((p) => ({ dropRates: p.dropRates, seed: deriveSeed(p.seed, 'eval', batch.index) }));
      return net.probeForward(batch.images(), passes, (logits) => tf.stack([crossEntropySum(logits, targets), tf.cast(correctCount(logits, batch.labels), 'float32')]));
    });
    scores.forEach((t, i) => {
      const [loss, hits] = t.dataSync();
      sums[i]!.loss += loss!;
      sums[i]!.correct += hits!;
    });
    tf.dispose(scores);
    // Running sums are over the images so far; `metrics` divides by the whole set, so report the partial mean.
    const seen = batch.end;
    options.onProgress?.(batch.index + 1, batches, probes.length > 0 ? { loss: sums[0]!.loss / seen, accuracy: sums[0]!.correct / seen, images: seen } : { loss: 0, accuracy: 0, images: seen });
  }
  return probes.map((_, i) => metrics(i));
}

export interface OrderedBatch {
  /** Batch number, 0-based: seeds its dropout masks. */
  readonly index: number;
  /** Index after the batch's last image. */
  readonly end: number;
  readonly labels: Int32Array;
  /** The normalised images as a tensor (call inside a tidy; the pixel buffer is reused by the next batch). */
  readonly images: () => tf.Tensor4D;
}

/**
 * The set in index order, one normalised batch at a time, checking for cancellation before each batch and yielding
 * to the event loop after it (so a cancel request gets through).
 */
export async function* orderedBatches(data: EvalData, batchSize: number, signal: AbortSignal | undefined): AsyncGenerator<OrderedBatch> {
  const [h, w, c] = data.set.shape;
  const size = h * w * c;
  const buffer = new Float32Array(batchSize * size);
  const indices = new Uint32Array(batchSize);
  for (let start = 0, b = 0; start < data.set.count; start += batchSize, b++) {
    throwIfAborted(signal, 'evaluation');
    const n = Math.min(batchSize, data.set.count - start);
    const batch = indices.subarray(0, n);
    batch.forEach((_, i) => (batch[i] = start + i));
    fillBatch(data.set, batch, buffer, data.mean, data.std);
    yield { index: b, end: start + n, labels: labelsOf(data.set, batch), images: () => tf.tensor4d(buffer.subarray(0, n * size), [n, h, w, c]) };
    await yieldToEventLoop();
  }
}
