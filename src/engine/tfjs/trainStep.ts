/** One SGD step on one batch: forward in training mode, loss, gradients, update; everything inside a tidy. */
import * as tf from '@tensorflow/tfjs';
import type { TfjsNetwork } from './buildModel.js';
import { correctCount, crossEntropySum, softTargets } from './loss.js';
import type { Sgd } from './sgd.js';

/** The schedule's values for this step. */
export interface StepOptions {
  readonly learningRate: number;
  readonly dropRates: Readonly<Record<string, number>>;
  /** Seed of this batch's masks. */
  readonly seed: number;
  readonly labelSmoothing: number;
}

/** What the step measured on its batch, before the update. */
export interface StepResult {
  /** Mean loss over the batch (label smoothing included). */
  readonly loss: number;
  readonly correct: number;
}

/** Trains on `images` (`[labels.length, H, W, C]`, normalised) for one step. */
export function trainStep(net: TfjsNetwork, sgd: Sgd, images: tf.Tensor4D, labels: Int32Array, options: StepOptions): StepResult {
  const [loss, correct] = tf.tidy(() => {
    const targets = softTargets(labels, net.classes, options.labelSmoothing);
    let hits: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const logits = net.forward(images, { training: true, dropRates: options.dropRates, seed: options.seed });
      // Kept: the gradient scope would free it, and the accuracy is read after the step.
      hits = tf.keep(correctCount(logits, labels));
      return tf.div(crossEntropySum(logits, targets), labels.length) as tf.Scalar;
    }, net.trainable as tf.Variable[]);
    sgd.step(net.trainable.map((v) => grads[v.name]), options.learningRate);
    return [value, hits!];
  });
  const result = { loss: loss.dataSync()[0]!, correct: correct.dataSync()[0]! };
  tf.dispose([loss, correct]);
  return result;
}
