/** Cross-entropy from logits, with optional label smoothing, the distillation loss, and correct-prediction counts. */
import * as tf from '@tensorflow/tfjs';

/** One-hot targets `[N, classes]`, smoothed as PyTorch does: `(1−ε)·onehot + ε/classes`. */
export function softTargets(labels: Int32Array, classes: number, smoothing: number): tf.Tensor2D {
  const off = smoothing / classes;
  const out = new Float32Array(labels.length * classes).fill(off);
  labels.forEach((label, i) => {
    out[i * classes + label] = 1 - smoothing + off;
  });
  return tf.tensor2d(out, [labels.length, classes]);
}

/** Σ over the batch of `−Σ_k target_k · log softmax(logits)_k` (a sum, so batches of any size add up exactly). */
export function crossEntropySum(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)))) as tf.Scalar;
}

/** How many rows' highest logit is at the label. */
export function correctCount(logits: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(labels, 'int32')), 'int32')) as tf.Scalar;
}

/**
 * Σ over the batch of `T²·KL(softmax(teacher/T) ‖ softmax(student/T))`, each row's KL being
 * `Σ_k p_k·(log p_k − log q_k)` with p the teacher's and q the student's softened distribution. The T² keeps the
 * soft term's gradients on the scale of the hard term's as T grows (Hinton et al. 2015).
 */
export function softenedKlSum(student: tf.Tensor2D, teacher: tf.Tensor2D, temperature: number): tf.Scalar {
  const logP = tf.logSoftmax(tf.div(teacher, temperature));
  const logQ = tf.logSoftmax(tf.div(student, temperature));
  return tf.mul(tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, logQ))), temperature * temperature) as tf.Scalar;
}

/** Σ over the batch of the distillation loss `(1 − α)·CE(targets, student) + α·T²·KL(teacher ‖ student)`. */
export function distillationLossSum(student: tf.Tensor2D, targets: tf.Tensor2D, teacher: tf.Tensor2D, weight: number, temperature: number): tf.Scalar {
  return tf.add(tf.mul(crossEntropySum(student, targets), 1 - weight), tf.mul(softenedKlSum(student, teacher, temperature), weight)) as tf.Scalar;
}
