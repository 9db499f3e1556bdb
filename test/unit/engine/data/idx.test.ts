import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DatasetError } from '../../../../src/engine/data/errors.js';
import { loadDataset } from '../../../../src/engine/data/load.js';
import { cleanup, idxImages, idxLabels, idxPixel, tempDir, write, writeIdxDataset } from '../../../helpers/datasets.js';

const idx = (path: string) => ({ format: 'idx' as const, path });

/** Rejects with a DatasetError whose message matches every pattern and whose `file` ends with `file`. */
async function rejectsWith(promise: Promise<unknown>, file: string, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof DatasetError, `expected a DatasetError, got ${String(err)}`);
    assert.ok(err.file.endsWith(file), `file ${err.file} should end with ${file}`);
    for (const p of patterns) {
      assert.match(err.message, p);
    }
    return true;
  });
}

describe('IDX reader', () => {
  after(cleanup);

  for (const gzip of [false, true]) {
    it(`reads ${gzip ? 'gzipped' : 'raw'} files: shape, pixels, labels`, async () => {
      const data = await loadDataset(idx(writeIdxDataset(tempDir(), { gzip })));
      assert.deepEqual(data.train.shape, [6, 5, 1]);
      assert.equal(data.train.count, 12);
      assert.equal(data.test.count, 4);
      assert.equal(data.classes, 10);
      assert.equal(data.flipAndCrop, false);
      assert.equal(data.train.images.length, 12 * 30);
      assert.equal(data.train.images[7 * 30 + 3 * 5 + 2], idxPixel(7, 3, 2));
      assert.deepEqual([...data.train.labels], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
      assert.match(data.description, /\(idx\)$/);
    });
  }

  it('detects gzip by its magic bytes, not by the file name', async () => {
    const dir = writeIdxDataset(tempDir(), { gzip: false });
    write(join(dir, 'train-images-idx3-ubyte'), gzipSync(idxImages(12, 6, 5, idxPixel)));
    const data = await loadDataset(idx(dir));
    assert.equal(data.train.images[5], idxPixel(0, 1, 0));
  });

  it('computes the per-channel mean and std on the 0–1 scale from the training images', async () => {
    const dir = writeIdxDataset(tempDir(), { gzip: false });
    const data = await loadDataset(idx(dir));
    const values = [...data.train.images].map((v) => v / 255);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    assert.ok(Math.abs(data.mean[0]! - mean) < 1e-9);
    assert.ok(Math.abs(data.std[0]! - std) < 1e-9);
  });

  it('takes the first N records with maxTrainImages / maxTestImages', async () => {
    const data = await loadDataset(idx(writeIdxDataset(tempDir(), { gzip: true })), { maxTrainImages: 3, maxTestImages: 2 });
    assert.equal(data.train.count, 3);
    assert.equal(data.train.images.length, 90);
    assert.deepEqual([...data.train.labels], [0, 1, 2]);
    assert.equal(data.test.count, 2);
    assert.equal(data.train.images[2 * 30], idxPixel(2, 0, 0));
  });

  it('reads class names and the class count from an optional classes.txt', async () => {
    const dir = writeIdxDataset(tempDir(), { gzip: false });
    write(join(dir, 'classes.txt'), Array.from({ length: 12 }, (_, i) => `c${i}`).join('\n') + '\n');
    const data = await loadDataset(idx(dir));
    assert.equal(data.classes, 12);
    assert.equal(data.classNames?.[11], 'c11');
  });

  it('names the missing file and the formats when a file is absent', async () => {
    const dir = writeIdxDataset(tempDir(), { gzip: false });
    rmSync(join(dir, 't10k-labels-idx1-ubyte'));
    await rejectsWith(
      loadDataset(idx(dir)),
      't10k-labels-idx1-ubyte',
      /Expected t10k-labels-idx1-ubyte \(or t10k-labels-idx1-ubyte\.gz\) in /,
      /cifar10: data_batch_1/,
    );
  });

  it('rejects a wrong magic number, saying what it found and expected', async () => {
    const dir = writeIdxDataset(tempDir(), { gzip: false });
    write(join(dir, 'train-images-idx3-ubyte'), idxLabels([1, 2, 3]));
    await rejectsWith(loadDataset(idx(dir)), 'train-images-idx3-ubyte', /magic number 0x00000801 \(an IDX label file\), expected 0x00000803/);
  });

  it('rejects a truncated file with the expected and actual byte counts', async () => {
    const dir = writeIdxDataset(tempDir(), { gzip: false });
    write(join(dir, 'train-images-idx3-ubyte'), idxImages(12, 6, 5, idxPixel).subarray(0, 16 + 100));
    await rejectsWith(loadDataset(idx(dir)), 'train-images-idx3-ubyte', /truncated/, /376 bytes/, /116 bytes/);
  });

  it('rejects a truncated gzip stream', async () => {
    const dir = writeIdxDataset(tempDir(), { gzip: true });
    write(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idxLabels([0, 1, 2])).subarray(0, 15));
    await rejectsWith(loadDataset(idx(dir)), 'train-labels-idx1-ubyte.gz', /gzip.*corrupt or truncated/);
  });

  it('rejects a label out of range, naming value, record, file and range', async () => {
    const dir = writeIdxDataset(tempDir(), { gzip: false });
    write(join(dir, 'train-labels-idx1-ubyte'), idxLabels([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 0, 1]));
    await rejectsWith(loadDataset(idx(dir)), 'train-labels-idx1-ubyte', /Label 10 of record 9 in .*train-labels-idx1-ubyte is out of range: labels must be 0–9/);
  });

  it('rejects images and labels of different counts', async () => {
    const dir = writeIdxDataset(tempDir(), { gzip: false });
    write(join(dir, 't10k-labels-idx1-ubyte'), idxLabels([0, 1, 2]));
    await rejectsWith(loadDataset(idx(dir)), 't10k-labels-idx1-ubyte', /holds 3 labels but .*t10k-images-idx3-ubyte holds 4 images/);
  });

  it('rejects test images of another size than the training images', async () => {
    const dir = writeIdxDataset(tempDir(), { gzip: false });
    write(join(dir, 't10k-images-idx3-ubyte'), idxImages(4, 5, 5, idxPixel));
    await rejectsWith(loadDataset(idx(dir)), 't10k-images-idx3-ubyte', /5×5×1 images but the training images are 6×5×1/);
  });
});
