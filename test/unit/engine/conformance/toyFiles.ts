/**
 * The learnable toy problem of tfjs/toyData.ts (class k: a bright square in quadrant k) written to disk in the real
 * dataset formats, so every trainer reads the same files with its own reader: IDX (gray) and image folders (PNG).
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ImageSet } from '../../../../src/engine/data/types.js';
import { idxLabels, pngBytes, tempDir, write } from '../../../helpers/datasets.js';
import { toyDataset } from '../tfjs/toyData.js';

function idxImageFile(set: ImageSet): Buffer {
  const [h, w] = set.shape;
  const header = Buffer.alloc(16);
  [0x803, set.count, h, w].forEach((v, i) => header.writeUInt32BE(v, 4 * i));
  return Buffer.concat([header, Buffer.from(set.images)]);
}

/** An MNIST-style folder (gzipped, as Fashion-MNIST ships) with `classes` classes named in classes.txt. */
export function writeToyIdx(size: number, classes: number, train: number, test: number): string {
  const dir = tempDir();
  const data = toyDataset([size, size, 1], classes, train, test);
  for (const [prefix, set] of [['train', data.train], ['t10k', data.test]] as const) {
    write(join(dir, `${prefix}-images-idx3-ubyte.gz`), gzipSync(idxImageFile(set)));
    write(join(dir, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(idxLabels(Array.from(set.labels))));
  }
  write(join(dir, 'classes.txt'), Array.from({ length: classes }, (_, i) => `quadrant${i}`).join('\n'));
  return dir;
}

/** An image folder of RGB PNGs: train/<class>/NNN.png and test/<class>/NNN.png. */
export function writeToyFolder(size: number, classes: number, train: number, test: number): string {
  const dir = tempDir();
  const data = toyDataset([size, size, 3], classes, train, test);
  for (const [part, set] of [['train', data.train], ['test', data.test]] as const) {
    for (let n = 0; n < set.count; n++) {
      const at = (y: number, x: number, c: number) => set.images[((n * size + y) * size + x) * 3 + c]!;
      write(join(dir, part, `class${set.labels[n]}`, `${String(n).padStart(4, '0')}.png`), pngBytes(size, size, 3, at));
    }
  }
  return dir;
}
