/** Per-channel statistics of an image set, for input normalisation. */
import type { ImageSet } from './types.js';

/** Below this standard deviation a channel is treated as constant (std 1), so normalising never divides by ~0. */
const MIN_STD = 1e-6;

/**
 * Per-channel mean and population standard deviation on the 0–1 scale.
 * Counts a 256-bin histogram per channel first: exact, and one integer increment per byte.
 */
export function channelStats(set: ImageSet): { mean: number[]; std: number[] } {
  const channels = set.shape[2];
  const histogram = new Float64Array(256 * channels);
  const { images } = set;
  for (let i = 0, c = 0; i < images.length; i++) {
    histogram[c * 256 + images[i]!]! += 1;
    c = c + 1 === channels ? 0 : c + 1;
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < channels; c++) {
    let n = 0;
    let sum = 0;
    let squares = 0;
    for (let v = 0; v < 256; v++) {
      const k = histogram[c * 256 + v]!;
      const x = v / 255;
      n += k;
      sum += k * x;
      squares += k * x * x;
    }
    const m = n > 0 ? sum / n : 0;
    const s = n > 0 ? Math.sqrt(Math.max(squares / n - m * m, 0)) : 0;
    mean.push(m);
    std.push(s < MIN_STD ? 1 : s);
  }
  return { mean, std };
}
