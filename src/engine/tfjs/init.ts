/**
 * Seeded parameter initialisation, as PyTorch and Keras do it: He-uniform convolution kernels (ReLU networks),
 * Glorot-uniform dense kernels, zero biases, batch-norm gamma 1 / beta 0, moving mean 0 / variance 1.
 * Every tensor draws from its own stream (seed, layer, parameter), so one layer's initial weights do not depend on
 * the widths of the layers before it.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, seededRandom } from '../random.js';

/** How a parameter tensor starts: uniform He (fan-in) or Glorot (fan-in + fan-out) limits, or a constant. */
export type Initializer =
  | { readonly kind: 'he-uniform'; readonly fanIn: number }
  | { readonly kind: 'glorot-uniform'; readonly fanIn: number; readonly fanOut: number }
  | { readonly kind: 'constant'; readonly value: number };

/** The trainable parameters and the non-trainable state (batch-norm moving statistics) of one network. */
export class ParameterStore {
  readonly trainable: tf.Variable[] = [];
  readonly state: tf.Variable[] = [];

  private readonly seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }

  /** A trainable variable of `shape`, initialised by `init` from the stream (seed, layer, name). */
  param(layer: string, name: string, shape: number[], init: Initializer): tf.Variable {
    // Inside a tidy: the variable takes its own reference to the data, and the initial tensor must go.
    const v = tf.tidy(() => tf.variable(tf.tensor(initialValues(shape, init, deriveSeed(this.seed, layer, name)), shape), true));
    this.trainable.push(v);
    return v;
  }

  /** A non-trainable variable filled with `value`. */
  stateVariable(shape: number[], value: number): tf.Variable {
    const v = tf.tidy(() => tf.variable(tf.fill(shape, value), false));
    this.state.push(v);
    return v;
  }

  /** Number of trainable scalars (what PyTorch's `parameters()` counts). */
  countTrainable(): number {
    return this.trainable.reduce((acc, v) => acc + v.size, 0);
  }

  dispose(): void {
    tf.dispose([...this.trainable, ...this.state]);
    this.trainable.length = 0;
    this.state.length = 0;
  }
}

function initialValues(shape: number[], init: Initializer, seed: number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  if (init.kind === 'constant') {
    return out.fill(init.value);
  }
  const limit = init.kind === 'he-uniform' ? Math.sqrt(6 / Math.max(1, init.fanIn)) : Math.sqrt(6 / Math.max(1, init.fanIn + init.fanOut));
  const random = seededRandom(seed);
  for (let i = 0; i < size; i++) {
    out[i] = (2 * random() - 1) * limit;
  }
  return out;
}
