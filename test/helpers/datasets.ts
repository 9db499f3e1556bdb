/** Tiny datasets written in the real file formats, for the dataset readers' tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageSet } from '../../src/engine/data/types.js';

/** The repository root (tests run from out/test/helpers/). */
export const REPO = resolve(__dirname, '../../..');

/** A fresh temporary folder; `cleanup` removes every folder made so far. */
const made: string[] = [];
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'netadjust-data-'));
  made.push(dir);
  return dir;
}
export function cleanup(): void {
  for (const dir of made.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function write(file: string, bytes: Uint8Array | string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

function u32(values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v, 4 * i));
  return b;
}

/** An IDX image file: `count` images of rows×cols, pixel value from `pixel(image, y, x)`. */
export function idxImages(count: number, rows: number, cols: number, pixel: (i: number, y: number, x: number) => number): Buffer {
  const body = Buffer.alloc(count * rows * cols);
  for (let i = 0; i < count; i++) {
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        body[(i * rows + y) * cols + x] = pixel(i, y, x);
      }
    }
  }
  return Buffer.concat([u32([0x803, count, rows, cols]), body]);
}

export function idxLabels(labels: number[]): Buffer {
  return Buffer.concat([u32([0x801, labels.length]), Buffer.from(labels)]);
}

/** The pixel pattern of the IDX fixtures: distinct per image and position. */
export const idxPixel = (i: number, y: number, x: number) => (i * 31 + y * 5 + x) % 256;

/** Writes an MNIST-style folder: `train` images with labels i % 10, 4 test images; 6×5 pixels. */
export function writeIdxDataset(dir: string, options: { gzip: boolean; train?: number } = { gzip: false }): string {
  const n = options.train ?? 12;
  const gz = (b: Buffer) => (options.gzip ? gzipSync(b) : b);
  const suffix = options.gzip ? '.gz' : '';
  const labels = (k: number) => Array.from({ length: k }, (_, i) => i % 10);
  write(join(dir, `train-images-idx3-ubyte${suffix}`), gz(idxImages(n, 6, 5, idxPixel)));
  write(join(dir, `train-labels-idx1-ubyte${suffix}`), gz(idxLabels(labels(n))));
  write(join(dir, `t10k-images-idx3-ubyte${suffix}`), gz(idxImages(4, 6, 5, idxPixel)));
  write(join(dir, `t10k-labels-idx1-ubyte${suffix}`), gz(idxLabels(labels(4))));
  return dir;
}

/** The CIFAR fixture's value of channel c (0 R, 1 G, 2 B) at (y, x) of record r: every channel distinguishable. */
export const cifarPixel = (r: number, c: number, y: number, x: number) => (r * 7 + c * 80 + y * 2 + x) % 256;

/** CIFAR binary records: label bytes, then the R, G and B planes of 32×32. */
export function cifarRecords(labelBytes: number[][]): Buffer {
  const recordSize = labelBytes[0]!.length + 3072;
  const out = Buffer.alloc(labelBytes.length * recordSize);
  labelBytes.forEach((labels, r) => {
    const base = r * recordSize;
    labels.forEach((l, k) => (out[base + k] = l));
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 1024; p++) {
        out[base + labels.length + c * 1024 + p] = cifarPixel(r, c, Math.floor(p / 32), p % 32);
      }
    }
  });
  return out;
}

/** An encoded PNG: gray (1), RGB (3) or RGBA (4) channels, value `pixel(y, x, c)`. */
export function pngBytes(w: number, h: number, channels: 1 | 3 | 4, pixel: (y: number, x: number, c: number) => number): Buffer {
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = 4 * (y * w + x);
      for (let c = 0; c < 4; c++) {
        png.data[o + c] = c === 3 ? (channels === 4 ? pixel(y, x, 3) : 255) : pixel(y, x, channels === 1 ? 0 : c);
      }
    }
  }
  const colorType = channels === 1 ? 0 : channels === 3 ? 2 : 6;
  return PNG.sync.write(png, { colorType, inputColorType: 6 });
}

/** An encoded JPEG of one flat colour. */
export function jpegBytes(w: number, h: number, rgb: [number, number, number]): Buffer {
  const data = Buffer.alloc(w * h * 4);
  for (let p = 0; p < w * h; p++) {
    data.set([...rgb, 255], 4 * p);
  }
  return jpeg.encode({ width: w, height: h, data }, 95).data;
}

/** An in-memory image set, for split and batch tests. */
export function imageSet(count: number, shape: [number, number, number], value: (i: number, k: number) => number): ImageSet {
  const size = shape[0] * shape[1] * shape[2];
  const images = new Uint8Array(count * size);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < size; k++) {
      images[i * size + k] = value(i, k);
    }
  }
  return { images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count, shape };
}
