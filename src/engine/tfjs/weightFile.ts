/**
 * A built network's weights to and from a safetensors file in netadjust's canonical layout. The tfjs variables are
 * already in TensorFlow layouts, so saving and loading are copies: no transposes.
 */
import * as tf from '@tensorflow/tfjs';
import { f32, readSafetensors, writeSafetensors, type Tensor } from '../weights/safetensors.js';
import type { TfjsNetwork } from './buildModel.js';

/** Writes every variable of `net` (moving statistics included) as float32 under its canonical name. */
export function saveNetworkWeights(net: TfjsNetwork, path: string): void {
  const tensors = new Map<string, Tensor>();
  for (const [key, variable] of net.weights) {
    tensors.set(key, f32(variable.shape, variable.dataSync() as Float32Array));
  }
  writeSafetensors(path, tensors, { layout: 'netadjust-canonical', engine: 'tfjs' });
}

/**
 * Replaces the values of `net`'s variables with the file's tensors of the same names. Every variable must be in the
 * file as float32 with exactly its shape; nothing is assigned unless all are, so a failed load leaves the network
 * as it was. Tensors the network does not have (another model's extra layers) are ignored. The variables stay the
 * same objects, so they stay trainable and anything holding them keeps working.
 */
export function loadNetworkWeights(net: TfjsNetwork, path: string): void {
  const { tensors } = readSafetensors(path);
  const values = [...net.weights].map(([key, variable]) => ({ variable, tensor: matchingTensor(tensors.get(key), key, variable, path) }));
  tf.tidy(() => {
    for (const { variable, tensor } of values) {
      variable.assign(tf.tensor(tensor.data, [...tensor.shape], 'float32'));
    }
  });
}

function matchingTensor(tensor: Tensor | undefined, key: string, variable: tf.Variable, path: string): Tensor {
  const expected = `[${variable.shape.join(', ')}]`;
  if (tensor === undefined) {
    throw new Error(`${path}: the network's tensor '${key}' ${expected} is not in the file`);
  }
  if (tensor.dtype !== 'F32') {
    throw new Error(`${path}: tensor '${key}' is ${tensor.dtype}, but the network's weights are F32`);
  }
  const same = tensor.shape.length === variable.shape.length && tensor.shape.every((d, i) => d === variable.shape[i]);
  if (!same) {
    throw new Error(`${path}: tensor '${key}' has shape [${tensor.shape.join(', ')}] in the file, but the network's is ${expected}`);
  }
  return tensor;
}
