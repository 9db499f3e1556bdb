import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelsFirst, chipScores, hrelScores, hrelSigma, labelGram } from '../../../../src/engine/baselines/criteria.js';
import { featureScores, l1Scores } from '../../../../src/engine/prune/scores.js';
import { f32, i32, type Tensor } from '../../../../src/engine/weights/safetensors.js';

/** Seeded pseudo-random maps `[n, h, w, c]`, non-negative as after a ReLU. */
function maps(n: number, h: number, w: number, c: number, seed: number): Tensor {
  let x = seed;
  const data = Float32Array.from({ length: n * h * w * c }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.max(0, x / 2147483648 - 0.3);
  });
  return f32([n, h, w, c], data);
}

const tensors = new Map<string, Tensor>([
  ['a', maps(6, 3, 3, 4, 1)],
  ['b', maps(6, 2, 2, 5, 2)],
  ['labels', i32([6], Int32Array.of(0, 1, 2, 0, 1, 2))],
]);

describe('channel scores from files', () => {
  it('CHIP: the mean channel independence over images, as the criterion computes it on all of them at once', async () => {
    const scores = await featureScores('chip', ['a', 'b'], tensors, 'maps.safetensors');
    const t = tensors.get('a')!;
    const images = Array.from({ length: 6 }, (_, i) => channelsFirst(t.data.subarray(i * 36, (i + 1) * 36), 4));
    const expected = chipScores(images);
    scores.get('a')!.forEach((s, c) => assert.ok(Math.abs(s - expected[c]!) < 1e-12, `${s} vs ${expected[c]}`));
    assert.equal(scores.get('b')!.length, 5);
  });

  it("HRel: mutual information with the labels at the layer's chosen kernel width", async () => {
    const scores = await featureScores('hrel', ['b'], tensors, 'maps.safetensors');
    const t = tensors.get('b')!;
    const labels = [0, 1, 2, 0, 1, 2];
    const data = new Float64Array(6 * 5 * 4);
    for (let i = 0; i < 6; i++) {
      data.set(channelsFirst(t.data.subarray(i * 20, (i + 1) * 20), 5).data, i * 20);
    }
    const expected = hrelScores({ samples: 6, channels: 5, data }, labels, hrelSigma(t.data, 6, labelGram(labels)));
    assert.deepEqual(Array.from(scores.get('b')!), Array.from(expected));
  });

  it('reports each layer done and stops at a cancel between images', async () => {
    const seen: string[] = [];
    await featureScores('chip', ['a', 'b'], tensors, 'm', { onLayer: (done, of) => seen.push(`${done}/${of}`) });
    assert.deepEqual(seen, ['1/2', '2/2']);
    const abort = new AbortController();
    const run = featureScores('chip', ['a', 'b'], tensors, 'm', { signal: abort.signal, onLayer: () => abort.abort(new Error('cancelled')) });
    await assert.rejects(run, /cancelled/);
  });

  it('names the file and what is missing', async () => {
    await assert.rejects(featureScores('chip', ['c'], tensors, 'maps.safetensors'), /maps\.safetensors: no feature maps for layer 'c'/);
    await assert.rejects(featureScores('hrel', ['a'], new Map([['a', tensors.get('a')!]]), 'maps.safetensors'), /maps\.safetensors: no int32 'labels' tensor/);
    assert.throws(() => l1Scores(['a'], new Map(), 'w.safetensors'), /w\.safetensors: no tensor 'a\/kernel'/);
  });

  it('L1 of a dense kernel [in, out] per output unit', () => {
    const kernel = f32([2, 3], Float32Array.of(1, -2, 3, -4, 5, -6));
    assert.deepEqual(Array.from(l1Scores(['fc'], new Map([['fc/kernel', kernel]]), 'w').get('fc')!), [5, 7, 9]);
  });
});
