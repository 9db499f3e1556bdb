#!/usr/bin/env node
// Makes the small Fashion-MNIST subset shipped in examples/data/fashion-mnist/ (the README's demo dataset):
// the first 6000 training and first 1000 test images of the full set, as gzipped IDX files with the standard names.
//
//   node scripts/make-fashion-subset.mjs [source folder] [output folder]
//
// The source defaults to /usr/share/datasets/fashion-mnist/ (Debian: apt-get install dataset-fashion-mnist).
// The output is byte-for-byte reproducible: gzip headers carry no timestamp.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const SOURCE = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const OUTPUT = process.argv[3] ?? new URL('../examples/data/fashion-mnist/', import.meta.url).pathname;
const TRAIN = 6000;
const TEST = 1000;
// A class is "reasonably" represented when its share is within this factor of the uniform share.
const BALANCE_TOLERANCE = 0.2;
const NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

function readIdx(file, magic) {
  let bytes = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    bytes = gunzipSync(bytes);
  }
  if (bytes.readUInt32BE(0) !== magic) {
    throw new Error(`${file}: magic 0x${bytes.readUInt32BE(0).toString(16)}, expected 0x${magic.toString(16)}`);
  }
  return bytes;
}

/** The header with the count replaced, then the first `n` records. */
function truncated(bytes, headerBytes, recordBytes, n) {
  const out = Buffer.from(bytes.subarray(0, headerBytes + n * recordBytes));
  out.writeUInt32BE(n, 4);
  return out;
}

function subset(prefix, n) {
  const images = readIdx(join(SOURCE, `${prefix}-images-idx3-ubyte.gz`), 0x803);
  const labels = readIdx(join(SOURCE, `${prefix}-labels-idx1-ubyte.gz`), 0x801);
  const pixels = images.readUInt32BE(8) * images.readUInt32BE(12);
  if (images.readUInt32BE(4) < n || labels.readUInt32BE(4) < n) {
    throw new Error(`${prefix}: the source has fewer than ${n} records`);
  }
  const counts = new Array(10).fill(0);
  for (let i = 0; i < n; i++) {
    counts[labels[8 + i]] += 1;
  }
  writeFileSync(join(OUTPUT, `${prefix}-images-idx3-ubyte.gz`), gzipSync(truncated(images, 16, pixels, n), { level: 9 }));
  writeFileSync(join(OUTPUT, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(truncated(labels, 8, 1, n), { level: 9 }));
  return counts;
}

function report(prefix, counts, n) {
  console.log(`${prefix}: ${n} images`);
  counts.forEach((c, label) => console.log(`  ${label} ${NAMES[label].padEnd(12)} ${c}`));
  const uniform = n / counts.length;
  const worst = Math.max(...counts.map((c) => Math.abs(c - uniform) / uniform));
  if (worst > BALANCE_TOLERANCE) {
    throw new Error(`${prefix}: class counts deviate by up to ${(worst * 100).toFixed(0)}% from uniform`);
  }
  console.log(`  largest deviation from uniform: ${(worst * 100).toFixed(1)}%`);
}

mkdirSync(OUTPUT, { recursive: true });
report('train', subset('train', TRAIN), TRAIN);
report('t10k', subset('t10k', TEST), TEST);
writeFileSync(join(OUTPUT, 'classes.txt'), `${NAMES.join('\n')}\n`);
console.log(`wrote ${OUTPUT}`);
