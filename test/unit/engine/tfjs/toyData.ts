/** A learnable toy dataset in memory: class k is a bright square in quadrant k of a noisy image. */
import type { ImageSet, LoadedDataset } from '../../../../src/engine/data/types.js';
import { seededRandom } from '../../../../src/engine/random.js';

function imageSet(count: number, shape: [number, number, number], classes: number, seed: number): ImageSet {
  const [h, w, c] = shape;
  const random = seededRandom(seed);
  const images = new Uint8Array(count * h * w * c);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const label = n % classes;
    labels[n] = label;
    const [qy, qx] = [Math.floor(label / 2) * (h / 2), (label % 2) * (w / 2)];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const inside = y >= qy && y < qy + h / 2 && x >= qx && x < qx + w / 2;
        for (let ch = 0; ch < c; ch++) {
          images[((n * h + y) * w + x) * c + ch] = Math.floor((inside ? 150 : 40) + random() * 100);
        }
      }
    }
  }
  return { images, labels, count, shape };
}

/** `train` and `test` sets of the toy problem (4 classes at most: one per quadrant). */
export function toyDataset(shape: [number, number, number], classes: number, train: number, test: number, flipAndCrop = false): LoadedDataset {
  return {
    description: 'toy (memory)',
    train: imageSet(train, shape, classes, 1),
    test: imageSet(test, shape, classes, 2),
    classes,
    flipAndCrop,
    mean: Array.from({ length: shape[2] }, () => 0.4),
    std: Array.from({ length: shape[2] }, () => 0.25),
  };
}
