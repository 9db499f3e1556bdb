/** Registers netadjust's composite gradient kernels for backends that lack them (or whose own are wrong or slow). */
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterKernel } from './conv2dBackpropFilter.js';
import { conv2dBackpropInputKernel } from './conv2dBackpropInput.js';
import { depthwiseBackpropKernels } from './depthwiseBackprop.js';
import { maxPoolGradKernel } from './maxPoolGrad.js';

const replaced = new Set<string>();

/**
 * For `backendName` (wasm):
 * - registers `Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter` and `DepthwiseConv2dNativeBackpropInput`,
 *   which tfjs-backend-wasm 4.22 lacks;
 * - replaces its `MaxPoolGrad`, which gives wrong gradients, and its `Conv2DBackpropInput`, which is ~10× slower
 *   than the forward convolution that netadjust's version runs on.
 * Everything else training needs, wasm has (checked by a training step through every layer type against the cpu
 * backend). Idempotent. Returns the kernel names it (re)registered now.
 */
export function registerGradientKernels(backendName = 'wasm'): string[] {
  const added = [conv2dBackpropFilterKernel(backendName), ...depthwiseBackpropKernels(backendName)].filter(
    (c) => tf.getKernel(c.kernelName, backendName) === undefined,
  );
  added.forEach((c) => tf.registerKernel(c));
  const done = added.map((c) => c.kernelName);
  for (const config of [maxPoolGradKernel(backendName), conv2dBackpropInputKernel(backendName)]) {
    const key = `${config.kernelName}/${backendName}`;
    if (replaced.has(key)) {
      continue;
    }
    if (tf.getKernel(config.kernelName, backendName) !== undefined) {
      tf.unregisterKernel(config.kernelName, backendName);
    }
    tf.registerKernel(config);
    replaced.add(key);
    done.push(config.kernelName);
  }
  return done;
}
