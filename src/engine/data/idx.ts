/** IDX files (MNIST, Fashion-MNIST, KMNIST): big-endian header, then raw unsigned bytes. */
import { join } from 'node:path';
import { DatasetError } from './errors.js';
import { findFile, missingFile, readDataFile } from './files.js';
import { checkLabels, readNamesFile, recordLimit } from './labels.js';
import type { ImageSet } from './types.js';

/** IDX magic numbers: 0x00 0x00, type 0x08 (unsigned byte), number of dimensions. */
const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;
/** MNIST-style datasets have 10 classes; a `classes.txt` next to the files (one name per line) overrides this. */
const DEFAULT_CLASSES = 10;

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

/** Checks the magic number (first, as the likelier mistake is a wrong file) and the header length; returns the dimensions. */
function header(bytes: Uint8Array, file: string, magic: number, dims: number): number[] {
  const headerBytes = 4 + 4 * dims;
  const truncated = () =>
    new DatasetError(`${file} is truncated: expected an IDX header of ${headerBytes} bytes, found ${bytes.length} bytes.`, file);
  if (bytes.length < 4) {
    throw truncated();
  }
  const found = readU32(bytes, 0);
  if (found !== magic) {
    const what = found === IMAGES_MAGIC ? ' (an IDX image file)' : found === LABELS_MAGIC ? ' (an IDX label file)' : '';
    throw new DatasetError(`${file} has magic number ${hex(found)}${what}, expected ${hex(magic)}.`, file);
  }
  if (bytes.length < headerBytes) {
    throw truncated();
  }
  return Array.from({ length: dims }, (_, i) => readU32(bytes, 4 + 4 * i));
}

/** Fails unless the file holds exactly `expected` bytes, as its header promises. */
function checkSize(bytes: Uint8Array, expected: number, file: string): void {
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'is truncated' : 'has trailing data';
    throw new DatasetError(`${file} ${what}: its header promises ${expected} bytes, the file has ${bytes.length} bytes.`, file);
  }
}

/** Parses an IDX image file (`N × rows × cols` bytes) and keeps the first `max` images. */
export function parseIdxImages(bytes: Uint8Array, file: string, max?: number): ImageSet {
  const [count, rows, cols] = header(bytes, file, IMAGES_MAGIC, 3) as [number, number, number];
  if (count === 0 || rows === 0 || cols === 0) {
    throw new DatasetError(`${file} holds no images (its header declares ${count} images of ${rows}×${cols} pixels).`, file);
  }
  checkSize(bytes, 16 + count * rows * cols, file);
  const n = recordLimit(count, max);
  // A copy, not a view (Buffer#slice would be one): the whole file can be freed when only a few images are kept,
  // and the set owns a plain Uint8Array.
  const images = new Uint8Array(bytes.subarray(16, 16 + n * rows * cols));
  return { images, labels: new Uint8Array(0), count: n, shape: [rows, cols, 1] };
}

/** Parses an IDX label file and keeps the first `max` labels. */
export function parseIdxLabels(bytes: Uint8Array, file: string, max?: number): { labels: Uint8Array; total: number } {
  const [count] = header(bytes, file, LABELS_MAGIC, 1) as [number];
  checkSize(bytes, 8 + count, file);
  return { labels: new Uint8Array(bytes.subarray(8, 8 + recordLimit(count, max))), total: count };
}

/** Finds `<name>` or `<name>.gz` in the folder, or fails naming the expected file. */
async function locate(folder: string, name: string): Promise<string> {
  const file = await findFile(folder, [name, `${name}.gz`]);
  if (file === undefined) {
    throw await missingFile(name, folder, 'idx', ` (or ${name}.gz)`);
  }
  return file;
}

/** Reads one split (`train` or `t10k`): images and labels, checked against each other and the class count. */
async function readSplit(
  folder: string,
  prefix: string,
  classes: number,
  max?: number,
): Promise<{ set: ImageSet; imageFile: string }> {
  const imageFile = await locate(folder, `${prefix}-images-idx3-ubyte`);
  const labelFile = await locate(folder, `${prefix}-labels-idx1-ubyte`);
  const [imageBytes, labelBytes] = await Promise.all([readDataFile(imageFile), readDataFile(labelFile)]);
  const set = parseIdxImages(imageBytes, imageFile, max);
  const { labels, total } = parseIdxLabels(labelBytes, labelFile, max);
  const imageTotal = readU32(imageBytes, 4);
  if (total !== imageTotal) {
    throw new DatasetError(`${labelFile} holds ${total} labels but ${imageFile} holds ${imageTotal} images.`, labelFile);
  }
  checkLabels(labels, classes, labelFile);
  return { set: { ...set, labels }, imageFile };
}

/** Reads an MNIST-style IDX dataset folder. */
export async function loadIdx(
  folder: string,
  maxTrain?: number,
  maxTest?: number,
): Promise<{ train: ImageSet; test: ImageSet; classes: number; classNames?: string[] }> {
  const classNames = await readNamesFile(join(folder, 'classes.txt'));
  const classes = classNames?.length ?? DEFAULT_CLASSES;
  const { set: train } = await readSplit(folder, 'train', classes, maxTrain);
  const { set: test, imageFile } = await readSplit(folder, 't10k', classes, maxTest);
  if (train.shape.join() !== test.shape.join()) {
    throw new DatasetError(
      `${imageFile} holds ${test.shape.join('×')} images but the training images are ${train.shape.join('×')}.`,
      imageFile,
    );
  }
  return classNames === undefined ? { train, test, classes } : { train, test, classes, classNames };
}
