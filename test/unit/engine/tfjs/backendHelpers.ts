/** Backend set-up shared by the tfjs tests: every test file picks its backend explicitly. */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../src/engine/tfjs/backend.js';

/** Makes `name` the current backend (through netadjust's own initialisation, so wasm gets its kernels). */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  await initBackend({ backend: name });
  await tf.setBackend(name);
}

/** Deterministic pseudo-random values in [-1, 1), so both backends see the same inputs. */
export function values(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

/** Largest absolute difference between two arrays, relative to the largest magnitude in `expected` (at least 1). */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) {
    return Infinity;
  }
  let scale = 1;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  }
  return worst / scale;
}
