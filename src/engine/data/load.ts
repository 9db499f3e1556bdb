/** The dataset entry point: reads a dataset of any supported format into memory. */
import { basename, resolve } from 'node:path';
import type { DatasetRef } from '../../protocol/types.js';
import { loadCifar } from './cifar.js';
import { DatasetError, formatsHelp } from './errors.js';
import { requireFolder } from './files.js';
import { loadFolder } from './folder.js';
import { loadIdx } from './idx.js';
import { channelStats } from './stats.js';
import type { ImageSet, LoadedDataset } from './types.js';

export interface LoadOptions {
  /** Keep only the first N training records (0 or absent: all); for quick runs. */
  readonly maxTrainImages?: number;
  /** Keep only the first N test records (0 or absent: all). */
  readonly maxTestImages?: number;
}

interface Parts {
  readonly train: ImageSet;
  readonly test: ImageSet;
  readonly classes: number;
  readonly classNames?: readonly string[];
}

function checkLimit(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be a whole number ≥ 0 (0: all), got ${value}.`);
  }
}

async function readParts(ref: DatasetRef, maxTrain?: number, maxTest?: number): Promise<Parts> {
  switch (ref.format) {
    case 'idx':
      return loadIdx(ref.path, maxTrain, maxTest);
    case 'cifar10':
    case 'cifar100':
      return loadCifar(ref.path, ref.format, maxTrain, maxTest);
    case 'folder':
      return loadFolder(ref.path, maxTrain, maxTest);
    default:
      // Formats arrive from user-written model files, so an unknown one is a user error, not a bug.
      const format = String((ref as { format: unknown }).format);
      throw new DatasetError(`Unknown dataset format '${format}'.\n${formatsHelp()}`, ref.path);
  }
}

/**
 * Reads a dataset into memory: train and test images (channels-last bytes), labels, class names where the format
 * has them, and the training images' per-channel mean and std. `ref.path` is used as given (relative paths against
 * the working directory: resolve them against the model file's folder first).
 * Every problem with the data is a {@link DatasetError} naming the file.
 */
export async function loadDataset(ref: DatasetRef, options: LoadOptions = {}): Promise<LoadedDataset> {
  checkLimit('maxTrainImages', options.maxTrainImages);
  checkLimit('maxTestImages', options.maxTestImages);
  await requireFolder(ref.path);
  const parts = await readParts(ref, options.maxTrainImages, options.maxTestImages);
  const { mean, std } = channelStats(parts.train);
  const base: LoadedDataset = {
    description: `${basename(resolve(ref.path))} (${ref.format})`,
    train: parts.train,
    test: parts.test,
    classes: parts.classes,
    // Digits and clothing items are centred and oriented; flipping or shifting them changes what they are.
    flipAndCrop: ref.format !== 'idx',
    mean,
    std,
  };
  return parts.classNames === undefined ? base : { ...base, classNames: parts.classNames };
}
