/** One SGD step on one batch: forward in training mode, loss, gradients, update; everything inside a tidy. */
import * as tf from '@tensorflow/tfjs';
import type { TfjsNetwork } from './buildModel.js';
import { correctCount, crossEntropySum, distillationLossSum, softTargets } from './loss.js';
import type { Sgd } from './sgd.js';

/** The schedule's values for this step. */
export interface StepOptions {
  readonly learningRate: number;
  readonly dropRates: Readonly<Record<string, number>>;
  /** Seed of this batch's masks. */
  readonly seed: number;
  readonly labelSmoothing: number;
  /** Distillation: the loss adds the teacher's softened predictions on the same batch. Absent: plain training. */
  readonly teacher?: StepTeacher;
}

/** A trained network whose predictions the student learns from, and how much (see DistillOptions). */
export interface StepTeacher {
  readonly net: TfjsNetwork;
  /** α: the soft term's weight. */
  readonly weight: number;
  readonly temperature: number;
}

/** What the step measured on its batch, before the update. */
export interface StepResult {
  /** Mean loss over the batch (label smoothing and the distillation term included). */
  readonly loss: number;
  readonly correct: number;
}

/** Trains on `images` (`[labels.length, H, W, C]`, normalised) for one step. */
export function trainStep(net: TfjsNetwork, sgd: Sgd, images: tf.Tensor4D, labels: Int32Array, options: StepOptions): StepResult {
  const [loss, correct] = tf.tidy(() => {
    const targets = softTargets(labels, net.classes, options.labelSmoothing);
    const teacher = options.teacher;
    // Outside the gradient function: the teacher's logits are constants of the student's loss.
    const teacherLogits = teacher?.net.forward(images, { training: false });
    let hits: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const logits = net.forward(images, { training: true, dropRates: options.dropRates, seed: options.seed });
      // Kept: the gradient scope would free it, and the accuracy is read after the step.
      hits = tf.keep(correctCount(logits, labels));
      const sum = teacher === undefined ? crossEntropySum(logits, targets) : distillationLossSum(logits, targets, teacherLogits!, teacher.weight, teacher.temperature);
      return tf.div(sum, labels.length) as tf.Scalar;
    }, net.trainable as tf.Variable[]);
    sgd.step(net.trainable.map((v) => grads[v.name]), options.learningRate);
    return [value, hits!];
  });
  const result = { loss: loss.dataSync()[0]!, correct: correct.dataSync()[0]! };
  tf.dispose([loss, correct]);
  return result;
}
