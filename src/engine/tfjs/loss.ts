/** Cross-entropy from logits, with optional label smoothing, and correct-prediction counts. */
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
