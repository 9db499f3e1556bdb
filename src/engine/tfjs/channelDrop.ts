/**
 * The method's channel dropout (SpatialDropout, Bernoulli): one keep/drop decision per (sample, channel), kept
 * channels scaled by `1/(1−p)`. Unlike tfjs' dropout it acts in inference mode too, because the FUR probes run
 * with batch norm in inference mode. Masks come from a seeded generator, so a probe is reproducible.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../random.js';

/** `x` (`[N, H, W, C]` or `[N, C]`) with whole channels dropped at `rate`; `x` itself when `rate` is 0. */
export function channelDrop(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  if (!(rate >= 0 && rate < 1)) {
    throw new RangeError(`a channel-drop rate must be in [0, 1), got ${rate}`);
  }
  if (rate === 0) {
    return x;
  }
  const n = x.shape[0]!;
  const c = x.shape[x.rank - 1]!;
  const mask = new Float32Array(n * c);
  const random = seededRandom(seed);
  const scale = 1 / (1 - rate);
  for (let i = 0; i < mask.length; i++) {
    mask[i] = random() >= rate ? scale : 0;
  }
  const shape = x.rank === 4 ? [n, 1, 1, c] : [n, c];
  return tf.mul(x, tf.tensor(mask, shape));
}
