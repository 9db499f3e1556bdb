/**
 * Batch normalisation in training mode (batch statistics, moving statistics updated) and inference mode (moving
 * statistics). Moving averages follow the Keras convention the graph uses: `moving = m·moving + (1−m)·batch`;
 * the variance fed into them is the unbiased batch variance, as PyTorch does.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerAttrsByType } from '../../model/graph.js';
import type { LayerParams } from './layerParams.js';

/** Batch norm of `x` (`[N, H, W, C]` or `[N, C]`) over all axes but the channel axis. */
export function batchNormForward(x: tf.Tensor, attrs: LayerAttrsByType['batch_norm'], params: LayerParams, training: boolean): tf.Tensor {
  if (!training) {
    return tf.batchNorm(x, params.movingMean!, params.movingVariance!, params.beta, params.gamma, attrs.epsilon);
  }
  const c = x.shape[x.rank - 1]!;
  // Absent scale/offset are constants: the custom gradient needs tensors, and a constant gets no update.
  const gamma = params.gamma ?? tf.ones([c]);
  const beta = params.beta ?? tf.zeros([c]);
  return trainingBatchNorm(attrs, params)(x, gamma, beta);
}

/**
 * Training-mode batch norm with its gradient written out. tfjs' own batch-norm gradient tiles per-channel values to
 * the full tensor size, and wasm's Tile is slow (the largest cost of a ResNet training step there); the closed form
 * needs only per-channel broadcasts:
 * `dx = γ·σ⁻¹·(dy − mean(dy) − x̂·mean(dy·x̂))`, `dγ = Σ dy·x̂`, `dβ = Σ dy`.
 */
function trainingBatchNorm(attrs: LayerAttrsByType['batch_norm'], params: LayerParams) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, gamma, beta, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const axes = x.rank === 4 ? [0, 1, 2] : [0];
    const { mean, variance } = tf.moments(x, axes);
    updateMovingStatistics(mean, variance, x.size / x.shape[x.rank - 1]!, attrs.momentum, params);
    const invStd = tf.rsqrt(tf.add(variance, attrs.epsilon));
    const normalised = tf.mul(tf.sub(x, mean), invStd);
    save([normalised, tf.mul(gamma, invStd)]);
    return {
      value: tf.add(tf.mul(normalised, gamma), beta),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xhat, scale] = saved as [tf.Tensor, tf.Tensor];
        const dBeta = tf.sum(dy, axes);
        const dGamma = tf.sum(tf.mul(dy, xhat), axes);
        const count = x.size / x.shape[x.rank - 1]!;
        const centred = tf.sub(tf.sub(dy, tf.div(dBeta, count)), tf.mul(xhat, tf.div(dGamma, count)));
        return [tf.mul(centred, scale), dGamma, dBeta];
      },
    };
  });
}

/**
 * Assigning inside the forward pass is safe under a gradient tape: the moving statistics are not used in training
 * mode, so no recorded op reads them, and assignment itself is not recorded.
 */
function updateMovingStatistics(mean: tf.Tensor, variance: tf.Tensor, count: number, momentum: number, params: LayerParams): void {
  const unbiased = count > 1 ? count / (count - 1) : 1;
  tf.tidy(() => {
    params.movingMean!.assign(tf.add(tf.mul(params.movingMean!, momentum), tf.mul(mean, 1 - momentum)));
    params.movingVariance!.assign(tf.add(tf.mul(params.movingVariance!, momentum), tf.mul(variance, (1 - momentum) * unbiased)));
  });
}
