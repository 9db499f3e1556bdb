/** CIFAR-10 and CIFAR-100 binary versions: fixed-size records of label byte(s) + 32×32 planar R, G, B. */
import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError } from './errors.js';
import { isFile, missingFile } from './files.js';
import { checkLabels, labelArray, readNamesFile, recordLimit } from './labels.js';
import type { ImageSet } from './types.js';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const PIXELS = PLANE * 3;

interface CifarLayout {
  readonly format: 'cifar10' | 'cifar100';
  readonly trainFiles: readonly string[];
  readonly testFile: string;
  /** Bytes before the pixels; the label used is the last of them (CIFAR-100: coarse, then fine). */
  readonly labelBytes: number;
  readonly classes: number;
  readonly namesFile: string;
  /** The folder the official archive unpacks to, accepted in place of the dataset folder itself. */
  readonly subfolder: string;
}

const LAYOUTS: Readonly<Record<CifarLayout['format'], CifarLayout>> = {
  cifar10: {
    format: 'cifar10',
    trainFiles: [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`),
    testFile: 'test_batch.bin',
    labelBytes: 1,
    classes: 10,
    namesFile: 'batches.meta.txt',
    subfolder: 'cifar-10-batches-bin',
  },
  cifar100: {
    format: 'cifar100',
    trainFiles: ['train.bin'],
    testFile: 'test.bin',
    labelBytes: 2,
    classes: 100,
    namesFile: 'fine_label_names.txt',
    subfolder: 'cifar-100-binary',
  },
};

/** The folder holding the files: the given one, or its standard subfolder. */
async function resolveFolder(folder: string, layout: CifarLayout): Promise<string> {
  const first = layout.trainFiles[0]!;
  if (await isFile(join(folder, first))) {
    return folder;
  }
  const sub = join(folder, layout.subfolder);
  if (await isFile(join(sub, first))) {
    return sub;
  }
  throw await missingFile(first, folder, layout.format, ` (in the folder itself or in ${layout.subfolder}/)`);
}

/** Record counts per file, checked to be whole records, before anything big is allocated. */
async function recordCounts(
  folder: string,
  files: readonly string[],
  recordSize: number,
  format: CifarLayout['format'],
): Promise<number[]> {
  const counts: number[] = [];
  for (const name of files) {
    const file = join(folder, name);
    if (!(await isFile(file))) {
      throw await missingFile(name, folder, format);
    }
    const size = (await stat(file)).size;
    if (size === 0) {
      throw new DatasetError(`${file} is empty: expected records of ${recordSize} bytes.`, file);
    }
    const whole = Math.floor(size / recordSize);
    if (size !== whole * recordSize) {
      const expected = (whole + 1) * recordSize;
      throw new DatasetError(
        `${file} is truncated: records are ${recordSize} bytes, so ${whole + 1} records need ${expected} bytes; ` +
          `found ${size} bytes.`,
        file,
      );
    }
    counts.push(whole);
  }
  return counts;
}

/** Copies `n` records from a file's bytes into the set at record `at`: planar RGB to channels-last. */
function convertRecords(
  bytes: Uint8Array,
  n: number,
  layout: CifarLayout,
  images: Uint8Array,
  labels: Uint8Array | Uint16Array,
  at: number,
): void {
  const recordSize = layout.labelBytes + PIXELS;
  for (let r = 0; r < n; r++) {
    const base = r * recordSize;
    labels[at + r] = bytes[base + layout.labelBytes - 1]!;
    const src = base + layout.labelBytes;
    let dst = (at + r) * PIXELS;
    for (let p = 0; p < PLANE; p++, dst += 3) {
      images[dst] = bytes[src + p]!;
      images[dst + 1] = bytes[src + PLANE + p]!;
      images[dst + 2] = bytes[src + 2 * PLANE + p]!;
    }
  }
}

/** Reads the records of `files` (in order) up to `max`, checking the labels file by file. */
async function readRecords(
  folder: string,
  files: readonly string[],
  layout: CifarLayout,
  max?: number,
): Promise<ImageSet> {
  const recordSize = layout.labelBytes + PIXELS;
  const counts = await recordCounts(folder, files, recordSize, layout.format);
  const total = recordLimit(counts.reduce((a, b) => a + b, 0), max);
  const images = new Uint8Array(total * PIXELS);
  const labels = labelArray(layout.classes, total);
  let at = 0;
  for (let i = 0; i < files.length && at < total; i++) {
    const file = join(folder, files[i]!);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (err) {
      throw new DatasetError(`Cannot read ${file}: ${(err as Error).message}`, file);
    }
    const n = Math.min(counts[i]!, total - at);
    convertRecords(bytes, n, layout, images, labels, at);
    checkLabels(labels.subarray(at, at + n), layout.classes, file);
    at += n;
  }
  return { images, labels, count: total, shape: [SIDE, SIDE, 3] };
}

/** Reads a CIFAR-10 or CIFAR-100 binary dataset (the folder itself or its standard subfolder). */
export async function loadCifar(
  path: string,
  format: 'cifar10' | 'cifar100',
  maxTrain?: number,
  maxTest?: number,
): Promise<{ train: ImageSet; test: ImageSet; classes: number; classNames?: string[] }> {
  const layout = LAYOUTS[format];
  const folder = await resolveFolder(path, layout);
  const train = await readRecords(folder, layout.trainFiles, layout, maxTrain);
  const test = await readRecords(folder, [layout.testFile], layout, maxTest);
  const classNames = await readNamesFile(join(folder, layout.namesFile), layout.classes);
  const classes = layout.classes;
  return classNames === undefined ? { train, test, classes } : { train, test, classes, classNames };
}
