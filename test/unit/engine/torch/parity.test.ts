/**
 * The Python worker reproduces the TS side bit for bit where a run depends on it: seeds, random streams, data order,
 * augmentation draws, and what the dataset readers produce from the same files.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { batchOrder } from '../../../../src/engine/data/batches.js';
import { loadDataset } from '../../../../src/engine/data/load.js';
import { deriveSeed, seededRandom } from '../../../../src/engine/random.js';
import type { DatasetRef } from '../../../../src/protocol/types.js';
import { cifarRecords, cleanup, jpegBytes, pngBytes, tempDir, write, writeIdxDataset } from '../../../helpers/datasets.js';
import { runPython } from './pythonRun.js';

const ORDERS: [count: number, batch: number, seed: number, epoch: number][] = [
  [10, 4, 3, 1],
  [1000, 128, 2, 0],
  [54_000, 128, deriveSeed(2, 'train', 0), 7],
  [1, 1, 0, 0],
];

describe('torch worker parity with the TS engine', () => {
  after(cleanup);

  it('derives the same seeds and draws the same random numbers', async () => {
    const py = await runPython<{ seeds: number[]; draws: number[] }>(`
import json
from netadjust_worker.rng import derive_seed, mulberry32
print(json.dumps({"seeds": [derive_seed(2, "probe", 0, "b1c1", 3), derive_seed(0), derive_seed(4294967295, "é→", 12)],
                  "draws": mulberry32(derive_seed(7, "x"), 1000).tolist()}))`);
    assert.deepEqual(py.seeds, [deriveSeed(2, 'probe', 0, 'b1c1', 3), deriveSeed(0), deriveSeed(4294967295, 'é→', 12)]);
    const random = seededRandom(deriveSeed(7, 'x'));
    assert.deepEqual(py.draws, Array.from({ length: 1000 }, () => random()));
  });

  it('orders batches as batchOrder does', async () => {
    const py = await runPython<number[][][]>(`
import json
from netadjust_worker.rng import batch_order
print(json.dumps([[b.tolist() for b in batch_order(*case)] for case in ${JSON.stringify(ORDERS)}]))`);
    assert.deepEqual(py, ORDERS.map((c) => batchOrder(...c).map((b) => Array.from(b))));
  });

  it('draws the same crops and flips as fillBatch (x-offset, y-offset, flip per image, in batch order)', async () => {
    const py = await runPython<{ dx: number[]; dy: number[]; flip: boolean[] }>(`
import json
from netadjust_worker.batches import augment_draws
dx, dy, flip = augment_draws(5, 3, 300)
print(json.dumps({"dx": dx.tolist(), "dy": dy.tolist(), "flip": flip.tolist()}))`);
    const random = seededRandom(deriveSeed(5, 'augment', 3));
    const ts = { dx: [] as number[], dy: [] as number[], flip: [] as boolean[] };
    for (let i = 0; i < 300; i++) {
      ts.dx.push(Math.floor(random() * 9) - 4);
      ts.dy.push(Math.floor(random() * 9) - 4);
      ts.flip.push(random() < 0.5);
    }
    assert.deepEqual(py, ts);
  });

  it('reads every dataset format into the same images, labels and statistics as the TS readers', async () => {
    const refs: DatasetRef[] = [];
    refs.push({ format: 'idx', path: writeIdxDataset(tempDir(), { gzip: true, train: 12 }) });
    const cifar10 = tempDir();
    [1, 2, 3, 4, 5].forEach((i) => write(join(cifar10, `data_batch_${i}.bin`), cifarRecords([[i], [i + 1]])));
    write(join(cifar10, 'test_batch.bin'), cifarRecords([[9]]));
    refs.push({ format: 'cifar10', path: cifar10 });
    const cifar100 = tempDir();
    write(join(cifar100, 'cifar-100-binary', 'train.bin'), cifarRecords([[1, 42], [2, 99], [3, 7]]));
    write(join(cifar100, 'cifar-100-binary', 'test.bin'), cifarRecords([[0, 5]]));
    refs.push({ format: 'cifar100', path: cifar100 });
    const folder = tempDir();
    for (const [part, count] of [['train', 5], ['test', 2]] as const) {
      for (let i = 0; i < count; i++) {
        write(join(folder, part, 'cat', `${i}.png`), pngBytes(6, 4, 3, (y, x, c) => (i * 40 + y * 9 + x * 3 + c * 50) % 256));
        write(join(folder, part, 'dog', `${i}.png`), pngBytes(6, 4, 4, (y, x, c) => (i * 17 + y + x * 11 + c * 7) % 256));
      }
    }
    refs.push({ format: 'folder', path: folder });
    const gray = tempDir();
    for (const part of ['train', 'test']) {
      write(join(gray, part, 'a', '0.png'), pngBytes(3, 3, 1, (y, x) => y * 3 + x));
      write(join(gray, part, 'b', '0.png'), pngBytes(3, 3, 1, (y, x) => 200 - y * 3 - x));
    }
    refs.push({ format: 'folder', path: gray });
    const jpeg = tempDir();
    for (const part of ['train', 'test']) {
      write(join(jpeg, part, 'red', '0.jpg'), jpegBytes(8, 8, [250, 10, 10]));
      write(join(jpeg, part, 'blue', '0.jpg'), jpegBytes(8, 8, [10, 10, 250]));
    }
    const py = await runPython<unknown[]>(`
import hashlib, json
from netadjust_worker.batches import channel_stats
from netadjust_worker.data import load_dataset
out = []
for ref in ${JSON.stringify(refs)}:
    train, test, classes, flip = load_dataset(ref, 0, 0)
    mean, std = channel_stats(train.images)
    digest = lambda s: hashlib.sha256(s.images.tobytes()).hexdigest()
    out.append({"shape": list(train.images.shape[1:]), "classes": classes, "flip": flip, "train": digest(train), "test": digest(test),
                "labels": train.labels.tolist() + test.labels.tolist(), "mean": mean, "std": std})
print(json.dumps(out))`);
    const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const ts = [];
    for (const ref of refs) {
      const d = await loadDataset(ref);
      ts.push({ shape: [...d.train.shape], classes: d.classes, flip: d.flipAndCrop, train: digest(d.train.images), test: digest(d.test.images), labels: [...d.train.labels, ...d.test.labels], mean: d.mean, std: d.std });
    }
    assert.deepEqual(py, ts);
    // JPEG decoders may round differently (libjpeg in Pillow, jpeg-js here); flat colours must come out within a step.
    const [pyJpeg] = await runPython<number[][]>(`
import json
from netadjust_worker.data import load_dataset
train, test, classes, flip = load_dataset(${JSON.stringify({ format: 'folder', path: jpeg })}, 0, 0)
print(json.dumps([train.images.reshape(-1).tolist()]))`);
    const tsJpeg = (await loadDataset({ format: 'folder', path: jpeg })).train.images;
    assert.equal(pyJpeg!.length, tsJpeg.length);
    assert.ok(pyJpeg!.every((v, i) => Math.abs(v - tsJpeg[i]!) <= 2));
  });

  it('fails on a broken dataset with a message naming the file', async () => {
    const dir = writeIdxDataset(tempDir(), { gzip: false });
    write(join(dir, 'train-labels-idx1-ubyte'), Buffer.from([0, 0, 8, 1, 0, 0, 0, 1, 42]));
    const py = await runPython<{ message: string; file: string }>(`
import json
from netadjust_worker.data import DatasetError, load_dataset
try:
    load_dataset({"format": "idx", "path": ${JSON.stringify(dir)}}, 0, 0)
except DatasetError as e:
    print(json.dumps({"message": str(e), "file": e.file}))`);
    assert.match(py.message, /holds 1 labels but .* holds 12 images/);
    assert.match(py.file, /train-labels-idx1-ubyte$/);
  });
});
