import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DatasetError } from '../../../../src/engine/data/errors.js';
import { loadDataset } from '../../../../src/engine/data/load.js';
import type { DatasetRef } from '../../../../src/protocol/types.js';
import { cleanup, REPO, tempDir, write, writeIdxDataset } from '../../../helpers/datasets.js';

const isDatasetError = (pattern: RegExp) => (err: unknown) =>
  err instanceof DatasetError && pattern.test(err.message) && err.file.length > 0;

describe('loadDataset', () => {
  after(cleanup);

  it('rejects a missing folder, naming it', async () => {
    const path = join(tempDir(), 'nowhere');
    await assert.rejects(loadDataset({ format: 'idx', path }), isDatasetError(/Dataset folder not found: .*nowhere/));
  });

  it('rejects a file given as the folder', async () => {
    const path = write(join(tempDir(), 'data.bin'), 'x');
    await assert.rejects(loadDataset({ format: 'cifar10', path }), isDatasetError(/not a folder/));
  });

  it('rejects an unknown format, listing the supported ones', async () => {
    const ref = { format: 'tfrecord', path: tempDir() } as unknown as DatasetRef;
    await assert.rejects(loadDataset(ref), isDatasetError(/Unknown dataset format 'tfrecord'[\s\S]*idx:[\s\S]*folder:/));
  });

  it('suggests the format a folder seems to hold when the declared one does not fit', async () => {
    const path = writeIdxDataset(tempDir(), { gzip: false });
    await assert.rejects(
      loadDataset({ format: 'cifar10', path }),
      isDatasetError(/Expected data_batch_1\.bin[\s\S]*looks like an? 'idx' dataset/),
    );
  });

  it('suggests the format when an idx folder is read as an image folder', async () => {
    const path = writeIdxDataset(tempDir(), { gzip: true });
    await assert.rejects(
      loadDataset({ format: 'folder', path }),
      isDatasetError(/Expected train\/ \(one subfolder of images per class\)[\s\S]*set the dataset format to 'idx'/),
    );
  });

  it('rejects negative or fractional limits', async () => {
    const path = writeIdxDataset(tempDir(), { gzip: false });
    await assert.rejects(loadDataset({ format: 'idx', path }, { maxTrainImages: -1 }), RangeError);
    await assert.rejects(loadDataset({ format: 'idx', path }, { maxTestImages: 1.5 }), RangeError);
  });

  it('loads the shipped Fashion-MNIST subset: 6000/1000 images of 28×28×1, 10 named classes', async () => {
    const data = await loadDataset({ format: 'idx', path: join(REPO, 'examples/data/fashion-mnist') });
    assert.equal(data.train.count, 6000);
    assert.equal(data.test.count, 1000);
    assert.deepEqual(data.train.shape, [28, 28, 1]);
    assert.equal(data.classes, 10);
    assert.equal(data.classNames?.[9], 'Ankle boot');
    assert.equal(data.description, 'fashion-mnist (idx)');
    const perClass = new Array<number>(10).fill(0);
    data.train.labels.forEach((l) => (perClass[l]! += 1));
    assert.ok(Math.min(...perClass) >= 500, `every class has at least 500 training images: ${perClass.join(' ')}`);
    // Fashion-MNIST's training mean and std are about 0.286 and 0.353; a 6000-image prefix is close.
    assert.ok(Math.abs(data.mean[0]! - 0.286) < 0.01, `mean ${data.mean[0]}`);
    assert.ok(Math.abs(data.std[0]! - 0.353) < 0.01, `std ${data.std[0]}`);
  });
});
