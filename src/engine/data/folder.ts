/** Image folders: `train/<class>/*.png|jpg` and `test/<class>/*`, class names from the folder names. */
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage, type DecodedImage } from './decode.js';
import { DatasetError } from './errors.js';
import { listNames, missingFile, requireFolder } from './files.js';
import { labelArray, recordLimit } from './labels.js';
import type { ImageSet } from './types.js';

const IMAGE_FILE = /\.(png|jpe?g)$/i;

interface Entry {
  readonly file: string;
  readonly label: number;
}

/** The first image of a set fixes the shape every other image must have. */
interface Reference {
  readonly file: string;
  readonly shape: readonly [number, number, number];
}

/** Code-unit order, so the class numbering is the same on every machine and locale. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function entriesOf(folder: string): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (err) {
    throw new DatasetError(`Cannot list ${folder}: ${(err as Error).message}`, folder);
  }
}

/** Sorted, non-hidden subfolder names: the classes. */
async function classFolders(folder: string): Promise<string[]> {
  const entries = await entriesOf(folder);
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(byCodeUnit);
}

/** Sorted image files of one class folder; a class without images is an error. */
async function imageFiles(folder: string): Promise<string[]> {
  const entries = await entriesOf(folder);
  const names = entries.filter((e) => e.isFile() && IMAGE_FILE.test(e.name)).map((e) => e.name).sort(byCodeUnit);
  if (names.length === 0) {
    throw new DatasetError(`Class folder ${folder} holds no images (.png, .jpg or .jpeg).`, folder);
  }
  return names.map((n) => join(folder, n));
}

/**
 * Interleaves the classes so every prefix and suffix of the list has about the class proportions of the whole:
 * `maxTrainImages` takes the first N and the held-out split the last fraction, so class-by-class order would
 * starve classes. The i-th of n files of a class sits at position (i + ½)/n; ties go to the lower class.
 */
export function spreadClasses(perClass: readonly (readonly string[])[]): Entry[] {
  const keyed: { file: string; label: number; key: number }[] = [];
  perClass.forEach((files, label) => {
    files.forEach((file, i) => keyed.push({ file, label, key: (i + 0.5) / files.length }));
  });
  keyed.sort((a, b) => a.key - b.key || a.label - b.label);
  return keyed.map(({ file, label }) => ({ file, label }));
}

async function decodeFile(file: string): Promise<DecodedImage> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new DatasetError(`Cannot read ${file}: ${(err as Error).message}`, file);
  }
  try {
    return decodeImage(bytes);
  } catch (err) {
    throw new DatasetError(`Cannot decode image ${file}: ${(err as Error).message}`, file);
  }
}

function checkShape(img: DecodedImage, file: string, ref: Reference): void {
  const { shape } = ref;
  if (img.height !== shape[0] || img.width !== shape[1] || img.channels !== shape[2]) {
    const size = (h: number, w: number, c: number) => `${h}×${w}×${c} (H×W×C)`;
    throw new DatasetError(
      `Image ${file} is ${size(img.height, img.width, img.channels)} but ${ref.file} is ${size(...shape)}; ` +
        'all images must have the same size and channel count.',
      file,
    );
  }
}

/** Decodes the listed images into one set; `ref` (the training set's first image) fixes the shape for the test set. */
async function readImages(
  entries: readonly Entry[],
  classes: number,
  ref?: Reference,
): Promise<{ set: ImageSet; ref: Reference }> {
  const first = entries[0]!;
  const firstImage = await decodeFile(first.file);
  const reference = ref ?? { file: first.file, shape: [firstImage.height, firstImage.width, firstImage.channels] as const };
  checkShape(firstImage, first.file, reference);
  const size = firstImage.data.length;
  const images = new Uint8Array(entries.length * size);
  const labels = labelArray(classes, entries.length);
  for (let i = 0; i < entries.length; i++) {
    const { file, label } = entries[i]!;
    const img = i === 0 ? firstImage : await decodeFile(file);
    checkShape(img, file, reference);
    images.set(img.data, i * size);
    labels[i] = label;
  }
  return { set: { images, labels, count: entries.length, shape: reference.shape }, ref: reference };
}

/** Checks that test/ has exactly the classes of train/. */
function checkSameClasses(train: readonly string[], test: readonly string[], testDir: string): void {
  const missing = train.filter((c) => !test.includes(c));
  const extra = test.filter((c) => !train.includes(c));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      extra.length > 0 ? `extra ${extra.join(', ')}` : '',
    ].filter((p) => p !== '');
    throw new DatasetError(`${testDir} must have the same class folders as train/ (${parts.join('; ')}).`, testDir);
  }
}

async function splitEntries(dir: string, classes: readonly string[], max?: number): Promise<Entry[]> {
  const perClass: string[][] = [];
  for (const name of classes) {
    perClass.push(await imageFiles(join(dir, name)));
  }
  const entries = spreadClasses(perClass);
  return entries.slice(0, recordLimit(entries.length, max));
}

/** Reads an image-folder dataset. */
export async function loadFolder(
  path: string,
  maxTrain?: number,
  maxTest?: number,
): Promise<{ train: ImageSet; test: ImageSet; classes: number; classNames: string[] }> {
  const trainDir = join(path, 'train');
  const testDir = join(path, 'test');
  if (!(await listNames(path)).includes('train')) {
    throw await missingFile('train', path, 'folder', '/ (one subfolder of images per class)');
  }
  await requireFolder(trainDir, 'Training folder (train/<class>/*.png|jpg)');
  await requireFolder(testDir, 'Test folder (test/<class>/*.png|jpg, the same classes as train/)');
  const classNames = await classFolders(trainDir);
  if (classNames.length < 2) {
    throw new DatasetError(`${trainDir} needs at least two class subfolders, found ${classNames.length}.`, trainDir);
  }
  checkSameClasses(classNames, await classFolders(testDir), testDir);
  const classes = classNames.length;
  const trainEntries = await splitEntries(trainDir, classNames, maxTrain);
  const testEntries = await splitEntries(testDir, classNames, maxTest);
  const { set: train, ref } = await readImages(trainEntries, classes);
  const { set: test } = await readImages(testEntries, classes, ref);
  return { train, test, classes, classNames };
}
