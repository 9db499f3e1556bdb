/** The held-out split for FUR probes. */
import type { ImageSet } from './types.js';

/** The records `from..to` of a set, as views sharing its memory. */
export function subset(set: ImageSet, from: number, to: number): ImageSet {
  const size = set.shape[0] * set.shape[1] * set.shape[2];
  return {
    images: set.images.subarray(from * size, to * size),
    labels: set.labels.subarray(from, to),
    count: to - from,
    shape: set.shape,
  };
}

/**
 * Splits the training set into `search` (the first images) and `heldout` (the last `round(fraction·N)`),
 * by index order as the method's reference does, so the split is the same in every run and process.
 * Both are views of `train`, not copies. `fraction` must be in [0, 1).
 */
export function splitHeldOut(train: ImageSet, fraction: number): { search: ImageSet; heldout: ImageSet } {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new RangeError(`Held-out fraction must be at least 0 and below 1, got ${fraction}.`);
  }
  const held = Math.round(fraction * train.count);
  const cut = train.count - held;
  return { search: subset(train, 0, cut), heldout: subset(train, cut, train.count) };
}
