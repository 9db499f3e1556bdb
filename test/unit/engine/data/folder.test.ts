import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DatasetError } from '../../../../src/engine/data/errors.js';
import { spreadClasses } from '../../../../src/engine/data/folder.js';
import { loadDataset } from '../../../../src/engine/data/load.js';
import { cleanup, jpegBytes, pngBytes, tempDir, write } from '../../../helpers/datasets.js';

/** Colour images: pixel (y, x, c) = class·50 + y·4 + x + c·10 + image index. */
const rgb = (cls: number, i: number) => pngBytes(4, 3, 3, (y, x, c) => cls * 50 + y * 4 + x + c * 10 + i);

/** train/{a,b,c}/ with 3, 2 and 1 RGB PNGs; test/ with one per class. */
function writeRgbFolder(dir: string): string {
  const counts = [3, 2, 1];
  ['a', 'b', 'c'].forEach((cls, k) => {
    for (let i = 0; i < counts[k]!; i++) {
      write(join(dir, 'train', cls, `img${i}.png`), rgb(k, i));
    }
    write(join(dir, 'test', cls, 'x.png'), rgb(k, 0));
  });
  write(join(dir, 'train', 'a', 'notes.txt'), 'ignored');
  return dir;
}

const folder = (path: string) => ({ format: 'folder' as const, path });
const isDatasetError = (file: string, pattern: RegExp) => (err: unknown) =>
  err instanceof DatasetError && err.file.endsWith(file) && pattern.test(err.message);

describe('image-folder reader', () => {
  after(cleanup);

  it('reads RGB PNGs channels-last, with sorted folder names as classes', async () => {
    const data = await loadDataset(folder(writeRgbFolder(tempDir())));
    assert.deepEqual(data.classNames, ['a', 'b', 'c']);
    assert.equal(data.classes, 3);
    assert.deepEqual(data.train.shape, [3, 4, 3]);
    assert.equal(data.train.count, 6);
    assert.equal(data.test.count, 3);
    assert.equal(data.flipAndCrop, true);
    // Find b/img1.png and check one pixel's channels.
    const k = [...data.train.labels].findIndex((l, i) => l === 1 && data.train.images[i * 36] === 50 + 1);
    assert.ok(k >= 0);
    const at = k * 36 + (2 * 4 + 3) * 3;
    assert.deepEqual([...data.train.images.subarray(at, at + 3)], [50 + 11 + 1, 50 + 11 + 10 + 1, 50 + 11 + 20 + 1]);
  });

  it('interleaves classes so any prefix and suffix keeps the class proportions', async () => {
    const data = await loadDataset(folder(writeRgbFolder(tempDir())));
    assert.deepEqual([...data.train.labels], [0, 1, 0, 2, 1, 0]);
    const limited = await loadDataset(folder(writeRgbFolder(tempDir())), { maxTrainImages: 3, maxTestImages: 2 });
    assert.deepEqual([...limited.train.labels], [0, 1, 0]);
    assert.deepEqual([...limited.test.labels], [0, 1]);
    assert.deepEqual(
      spreadClasses([['a0', 'a1', 'a2', 'a3'], ['b0', 'b1']]).map((e) => e.file),
      ['a0', 'b0', 'a1', 'a2', 'b1', 'a3'],
    );
  });

  it('keeps grayscale PNGs as one channel and drops alpha from RGBA', async () => {
    const gray = tempDir();
    for (const cls of ['x', 'y']) {
      write(join(gray, 'train', cls, '1.png'), pngBytes(2, 2, 1, (y, x) => 100 + 10 * y + x));
      write(join(gray, 'test', cls, '1.png'), pngBytes(2, 2, 1, () => 7));
    }
    const g = await loadDataset(folder(gray));
    assert.deepEqual(g.train.shape, [2, 2, 1]);
    assert.deepEqual([...g.train.images.subarray(0, 4)], [100, 101, 110, 111]);

    const rgba = tempDir();
    for (const cls of ['x', 'y']) {
      write(join(rgba, 'train', cls, '1.png'), pngBytes(2, 1, 4, (_y, x, c) => (c === 3 ? 128 : 10 * c + x)));
      write(join(rgba, 'test', cls, '1.png'), pngBytes(2, 1, 4, () => 255));
    }
    const a = await loadDataset(folder(rgba));
    assert.deepEqual(a.train.shape, [1, 2, 3]);
    assert.deepEqual([...a.train.images.subarray(0, 6)], [0, 10, 20, 1, 11, 21]);
  });

  it('reads JPEGs as RGB', async () => {
    const dir = tempDir();
    write(join(dir, 'train', 'red', '1.jpg'), jpegBytes(8, 8, [200, 30, 40]));
    write(join(dir, 'train', 'blue', '1.JPEG'), jpegBytes(8, 8, [20, 40, 220]));
    write(join(dir, 'test', 'red', '1.jpeg'), jpegBytes(8, 8, [200, 30, 40]));
    write(join(dir, 'test', 'blue', '1.jpg'), jpegBytes(8, 8, [20, 40, 220]));
    const data = await loadDataset(folder(dir));
    assert.deepEqual(data.classNames, ['blue', 'red']);
    assert.deepEqual(data.train.shape, [8, 8, 3]);
    const near = (got: number, want: number) => assert.ok(Math.abs(got - want) <= 4, `${got} ≈ ${want}`);
    const blue = [...data.train.labels].indexOf(0);
    [20, 40, 220].forEach((v, c) => near(data.train.images[blue * 192 + 9 * 3 + c]!, v));
  });

  it('rejects an image of another size, naming the file and both sizes', async () => {
    const dir = writeRgbFolder(tempDir());
    write(join(dir, 'train', 'b', 'img1.png'), pngBytes(5, 3, 3, () => 0));
    await assert.rejects(
      loadDataset(folder(dir)),
      isDatasetError('img1.png', /b.img1\.png is 3×5×3 \(H×W×C\) but .*a.img0\.png is 3×4×3 \(H×W×C\)/),
    );
  });

  it('rejects a test image with another channel count than the training images', async () => {
    const dir = writeRgbFolder(tempDir());
    write(join(dir, 'test', 'c', 'x.png'), pngBytes(4, 3, 1, () => 0));
    await assert.rejects(loadDataset(folder(dir)), isDatasetError('x.png', /is 3×4×1 .* is 3×4×3/));
  });

  it('says so when there is no test folder', async () => {
    const dir = tempDir();
    write(join(dir, 'train', 'a', '1.png'), rgb(0, 0));
    await assert.rejects(loadDataset(folder(dir)), isDatasetError('test', /Test folder .* not found/));
  });

  it('rejects a test folder with other classes than train', async () => {
    const dir = writeRgbFolder(tempDir());
    write(join(dir, 'test', 'd', '1.png'), rgb(0, 0));
    await assert.rejects(loadDataset(folder(dir)), isDatasetError('test', /same class folders as train\/ \(extra d\)/));
  });

  it('rejects an empty class folder', async () => {
    const dir = writeRgbFolder(tempDir());
    mkdirSync(join(dir, 'train', 'e'));
    mkdirSync(join(dir, 'test', 'e'));
    await assert.rejects(loadDataset(folder(dir)), isDatasetError('e', /Class folder .*e holds no images/));
  });

  it('rejects an undecodable image, naming it', async () => {
    const dir = writeRgbFolder(tempDir());
    write(join(dir, 'train', 'c', 'broken.png'), 'not an image at all');
    await assert.rejects(loadDataset(folder(dir)), isDatasetError('broken.png', /Cannot decode image .*broken\.png: not a PNG or JPEG/));
    const png = rgb(0, 0);
    write(join(dir, 'train', 'c', 'broken.png'), png.subarray(0, png.length - 20));
    await assert.rejects(loadDataset(folder(dir)), isDatasetError('broken.png', /Cannot decode image .*broken\.png/));
  });
});
