import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DatasetError } from '../../../../src/engine/data/errors.js';
import { loadDataset } from '../../../../src/engine/data/load.js';
import { cifarPixel, cifarRecords, cleanup, tempDir, write } from '../../../helpers/datasets.js';

const NAMES10 = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** CIFAR-10 with `perBatch` records in each of the five training batches (labels 0..9 cycling) and 3 test records. */
function writeCifar10(dir: string, perBatch = 2): string {
  for (let b = 1; b <= 5; b++) {
    const labels = Array.from({ length: perBatch }, (_, r) => [((b - 1) * perBatch + r) % 10]);
    write(join(dir, `data_batch_${b}.bin`), cifarRecords(labels));
  }
  write(join(dir, 'test_batch.bin'), cifarRecords([[9], [8], [7]]));
  return dir;
}

function writeCifar100(dir: string): string {
  write(join(dir, 'train.bin'), cifarRecords([[0, 99], [19, 42], [3, 7]]));
  write(join(dir, 'test.bin'), cifarRecords([[1, 55]]));
  return dir;
}

const isDatasetError = (file: string, pattern: RegExp) => (err: unknown) =>
  err instanceof DatasetError && err.file.endsWith(file) && pattern.test(err.message);

describe('CIFAR readers', () => {
  after(cleanup);

  it('reads CIFAR-10 batches in order and converts planar RGB to channels-last', async () => {
    const data = await loadDataset({ format: 'cifar10', path: writeCifar10(tempDir()) });
    assert.equal(data.train.count, 10);
    assert.equal(data.test.count, 3);
    assert.deepEqual(data.train.shape, [32, 32, 3]);
    assert.deepEqual([...data.train.labels], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual([...data.test.labels], [9, 8, 7]);
    assert.equal(data.flipAndCrop, true);
    // Record 1 of data_batch_3 is image 5; its pixel (y=4, x=17) channel by channel.
    for (let c = 0; c < 3; c++) {
      assert.equal(data.train.images[5 * 3072 + (4 * 32 + 17) * 3 + c], cifarPixel(1, c, 4, 17), `channel ${c}`);
    }
    assert.equal(data.classNames, undefined);
  });

  it('accepts the cifar-10-batches-bin subfolder and reads batches.meta.txt', async () => {
    const root = tempDir();
    const dir = writeCifar10(join(root, 'cifar-10-batches-bin'));
    write(join(dir, 'batches.meta.txt'), `${NAMES10.join('\n')}\n\n`);
    const data = await loadDataset({ format: 'cifar10', path: root });
    assert.deepEqual(data.classNames, NAMES10);
    assert.equal(data.classes, 10);
  });

  it('takes the first N records across batch files with maxTrainImages', async () => {
    const data = await loadDataset({ format: 'cifar10', path: writeCifar10(tempDir(), 2) }, { maxTrainImages: 3, maxTestImages: 1 });
    assert.equal(data.train.count, 3);
    assert.equal(data.train.images.length, 3 * 3072);
    assert.equal(data.train.images[2 * 3072], cifarPixel(0, 0, 0, 0));
    assert.deepEqual([...data.test.labels], [9]);
  });

  it('reads CIFAR-100 with the fine label and its names file', async () => {
    const root = tempDir();
    const dir = writeCifar100(join(root, 'cifar-100-binary'));
    write(join(dir, 'fine_label_names.txt'), Array.from({ length: 100 }, (_, i) => `fine${i}`).join('\n'));
    const data = await loadDataset({ format: 'cifar100', path: root });
    assert.equal(data.classes, 100);
    assert.deepEqual([...data.train.labels], [99, 42, 7]);
    assert.deepEqual([...data.test.labels], [55]);
    assert.equal(data.classNames?.[42], 'fine42');
    assert.equal(data.train.images[3072 + (31 * 32 + 31) * 3 + 1], cifarPixel(1, 1, 31, 31));
  });

  it('rejects a truncated file with the expected and actual byte counts', async () => {
    const dir = writeCifar10(tempDir());
    write(join(dir, 'data_batch_4.bin'), cifarRecords([[1], [2]]).subarray(0, 3073 + 1000));
    await assert.rejects(
      loadDataset({ format: 'cifar10', path: dir }),
      isDatasetError('data_batch_4.bin', /truncated: records are 3073 bytes, so 2 records need 6146 bytes; found 4073 bytes/),
    );
  });

  it('rejects a label out of range, naming value, record, file and range', async () => {
    const dir = writeCifar100(tempDir());
    write(join(dir, 'test.bin'), cifarRecords([[1, 5], [2, 100]]));
    await assert.rejects(
      loadDataset({ format: 'cifar100', path: dir }),
      isDatasetError('test.bin', /Label 100 of record 1 in .*test\.bin is out of range: labels must be 0–99/),
    );
  });

  it('names a missing batch file', async () => {
    const dir = writeCifar10(tempDir());
    rmSync(join(dir, 'test_batch.bin'));
    await assert.rejects(loadDataset({ format: 'cifar10', path: dir }), isDatasetError('test_batch.bin', /Expected test_batch\.bin/));
  });

  it('rejects a names file with the wrong number of names', async () => {
    const dir = writeCifar10(tempDir());
    write(join(dir, 'batches.meta.txt'), 'cat\ndog\n');
    await assert.rejects(loadDataset({ format: 'cifar10', path: dir }), isDatasetError('batches.meta.txt', /2 class names, expected 10/));
  });
});
