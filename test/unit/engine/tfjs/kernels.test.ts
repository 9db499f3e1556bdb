import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { maxRelativeError, useBackend, values } from './backendHelpers.js';

type Pad = 'same' | 'valid' | number;
interface ConvCase {
  readonly name: string;
  readonly x: [number, number, number, number];
  readonly kernel: [number, number];
  readonly stride: [number, number];
  readonly pad: Pad;
  readonly dilation?: [number, number];
}

/** Gradients of Σ(conv(x, w) ⊙ r) w.r.t. x and w, on `backend`, from fixed inputs. */
async function convGradients(backend: 'cpu' | 'wasm', c: ConvCase, cout: number, depthwise: boolean): Promise<{ dx: Float32Array; dw: Float32Array }> {
  await useBackend(backend);
  const [n, , , cin] = c.x;
  const wShape: [number, number, number, number] = [c.kernel[0], c.kernel[1], cin, depthwise ? cout : cout];
  const x = tf.tensor4d(values(c.x.reduce((a, b) => a * b), 1), c.x);
  const w = tf.tensor4d(values(wShape.reduce((a, b) => a * b), 2), wShape);
  const conv = (xi: tf.Tensor4D, wi: tf.Tensor4D) =>
    depthwise ? tf.depthwiseConv2d(xi, wi, c.stride, c.pad as 'same', 'NHWC', c.dilation ?? 1) : tf.conv2d(xi, wi, c.stride, c.pad as 'same');
  const outShape = conv(x, w).shape;
  const r = tf.tensor(values(outShape.reduce((a, b) => a * b), 3), outShape);
  const [dx, dw] = tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.mul(conv(xi as tf.Tensor4D, wi as tf.Tensor4D), r)))([x, w]);
  const out = { dx: (await dx!.data()) as Float32Array, dw: (await dw!.data()) as Float32Array };
  tf.dispose([x, w, r, dx!, dw!]);
  assert.equal(n, c.x[0]);
  return out;
}

const CONV_CASES: readonly ConvCase[] = [
  { name: '3×3 stride 1 same', x: [2, 7, 7, 3], kernel: [3, 3], stride: [1, 1], pad: 'same' },
  { name: '3×3 stride 2 same (odd input)', x: [2, 7, 7, 3], kernel: [3, 3], stride: [2, 2], pad: 'same' },
  { name: '3×3 stride 2 same (even input)', x: [1, 8, 8, 2], kernel: [3, 3], stride: [2, 2], pad: 'same' },
  { name: '3×3 stride 2 valid', x: [2, 8, 8, 3], kernel: [3, 3], stride: [2, 2], pad: 'valid' },
  { name: '1×1 stride 2', x: [2, 6, 6, 4], kernel: [1, 1], stride: [2, 2], pad: 'valid' },
  { name: '2×2 same (asymmetric padding)', x: [1, 5, 6, 3], kernel: [2, 2], stride: [1, 1], pad: 'same' },
  { name: '5×3 stride 2×1 same', x: [2, 9, 7, 2], kernel: [5, 3], stride: [2, 1], pad: 'same' },
  { name: '3×3 explicit padding 1', x: [1, 6, 6, 2], kernel: [3, 3], stride: [1, 1], pad: 1 },
  { name: '1×1 stride 2 valid, last row unread', x: [2, 5, 5, 2], kernel: [1, 1], stride: [2, 2], pad: 'valid' },
  { name: '3×3 stride 3 same', x: [1, 7, 8, 3], kernel: [3, 3], stride: [3, 3], pad: 'same' },
];

describe('wasm composite gradient kernels against the cpu backend', () => {
  before(async () => {
    await useBackend('wasm');
    assert.equal(tf.getBackend(), 'wasm');
  });

  for (const c of CONV_CASES) {
    it(`Conv2DBackpropFilter and Conv2DBackpropInput: ${c.name}`, async () => {
      const wasm = await convGradients('wasm', c, 5, false);
      const cpu = await convGradients('cpu', c, 5, false);
      assert.ok(maxRelativeError(wasm.dw, cpu.dw) < 1e-5, `filter gradient differs by ${maxRelativeError(wasm.dw, cpu.dw)}`);
      assert.ok(maxRelativeError(wasm.dx, cpu.dx) < 1e-5, `input gradient differs by ${maxRelativeError(wasm.dx, cpu.dx)}`);
    });
  }

  for (const c of CONV_CASES.filter((k) => typeof k.pad === 'string')) {
    for (const multiplier of [1, 2]) {
      it(`Depthwise backprop (filter and input), multiplier ${multiplier}: ${c.name}`, async () => {
        const wasm = await convGradients('wasm', c, multiplier, true);
        const cpu = await convGradients('cpu', c, multiplier, true);
        assert.ok(maxRelativeError(wasm.dw, cpu.dw) < 1e-5, `filter gradient differs by ${maxRelativeError(wasm.dw, cpu.dw)}`);
        assert.ok(maxRelativeError(wasm.dx, cpu.dx) < 1e-5, `input gradient differs by ${maxRelativeError(wasm.dx, cpu.dx)}`);
      });
    }
  }
});

describe('wasm MaxPoolGrad (replaced) against the cpu backend', () => {
  const cases: ReadonlyArray<[string, [number, number], [number, number], 'same' | 'valid']> = [
    ['2×2 stride 2 valid', [2, 2], [2, 2], 'valid'],
    ['3×3 stride 1 same', [3, 3], [1, 1], 'same'],
    ['3×3 stride 2 same', [3, 3], [2, 2], 'same'],
    ['3×2 stride 2×1 valid', [3, 2], [2, 1], 'valid'],
  ];
  for (const [name, size, stride, pad] of cases) {
    for (const ties of [false, true]) {
      it(`${name}${ties ? ', with ties (ReLU zeros)' : ''}`, async () => {
        const results: Float32Array[] = [];
        for (const backend of ['wasm', 'cpu'] as const) {
          await useBackend(backend);
          const raw = tf.tensor4d(values(2 * 7 * 6 * 3, 8), [2, 7, 6, 3]);
          const x = ties ? tf.relu(raw) : raw;
          const outShape = tf.maxPool(x, size, stride, pad).shape;
          const r = tf.tensor(values(outShape.reduce((a, b) => a * b), 9), outShape);
          const dx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(xi as tf.Tensor4D, size, stride, pad), r)))(x);
          results.push((await dx.data()) as Float32Array);
          tf.dispose([raw, x, r, dx]);
        }
        assert.ok(maxRelativeError(results[0]!, results[1]!) < 1e-6, `differs by ${maxRelativeError(results[0]!, results[1]!)}`);
      });
    }
  }
});
