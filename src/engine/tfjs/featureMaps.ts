/**
 * Feature maps for the pruning baselines (CHIP, HRel): the network's inference-mode outputs at the drop points of
 * some width variables, over the first images of a set in order, written as one safetensors file.
 */
import * as tf from '@tensorflow/tfjs';
import type { FeatureMapRequest } from '../trainer.js';
import { f32, i32, writeSafetensors, type Tensor } from '../weights/safetensors.js';
import type { TfjsNetwork } from './buildModel.js';
import { orderedBatches, type EvalData } from './evaluateLoop.js';

/** One requested variable's maps, filled batch by batch. */
interface Collected {
  shape: number[];
  data: Float32Array;
}

/**
 * Runs `net` in inference mode (moving statistics, no channel drop) over the first `request.images` images of
 * `data.set` (fewer when the set is smaller) in batches of `batchSize`, and writes tensor `<variable>`
 * `[N, H, W, C]` (`[N, C]` for dense layers) per requested width variable and `labels` int32 `[N]`.
 */
export async function writeFeatureMaps(net: TfjsNetwork, data: EvalData, batchSize: number, request: FeatureMapRequest): Promise<void> {
  const variablesAt = variablesByDropPoint(net, request.layers);
  if (!(Number.isInteger(request.images) && request.images > 0)) {
    throw new RangeError(`feature maps need a whole number of images ≥ 1, got ${request.images}`);
  }
  const count = Math.min(request.images, data.set.count);
  if (count === 0) {
    throw new Error('feature maps need images, but the training set is empty');
  }
  const collected = new Map<string, Collected>();
  const labels = new Int32Array(count);
  for await (const batch of orderedBatches({ ...data, set: { ...data.set, count } }, batchSize, request.signal)) {
    const start = batch.end - batch.labels.length;
    labels.set(batch.labels, start);
    const maps = tf.tidy(() => captureDropPoints(net, batch.images(), variablesAt));
    for (const [variable, map] of Object.entries(maps)) {
      place(collected, variable, map.shape, (await map.data()) as Float32Array, start, count);
    }
    tf.dispose(maps);
  }
  const tensors = new Map<string, Tensor>();
  for (const variable of request.layers) {
    const maps = collected.get(variable)!;
    tensors.set(variable, f32(maps.shape, maps.data));
  }
  tensors.set('labels', i32([count], labels));
  writeSafetensors(request.path, tensors, { images: String(count) });
}

/** Drop-point layer → the requested width variables whose channels are dropped after it. */
function variablesByDropPoint(net: TfjsNetwork, layers: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const variable of layers) {
    const point = net.dropPoints[variable];
    if (point === undefined) {
      throw new Error(`feature maps asked for '${variable}', which is not a width variable of the model (it has ${Object.keys(net.dropPoints).join(', ')})`);
    }
    if (variable === 'labels') {
      throw new Error(`feature maps cannot be written for a width variable named 'labels': the file's labels tensor has that name`);
    }
    out.set(point, [...(out.get(point) ?? []), variable]);
  }
  return out;
}

/**
 * Copies of the drop-point outputs of one inference pass. Copies, because the pass frees each activation after its
 * last consumer; a clone shares the data and keeps it alive past that.
 */
function captureDropPoints(net: TfjsNetwork, images: tf.Tensor4D, variablesAt: ReadonlyMap<string, readonly string[]>): Record<string, tf.Tensor> {
  const maps: Record<string, tf.Tensor> = {};
  net.forward(images, {
    training: false,
    onLayer: (node, _inputs, y) => {
      for (const variable of variablesAt.get(node.name) ?? []) {
        maps[variable] = tf.clone(y);
      }
    },
  });
  for (const [point, variables] of variablesAt) {
    // The one layer a pass skips is a final softmax (losses take logits): a classifier's drop point can be it.
    if (!variables.every((v) => v in maps)) {
      throw new Error(`feature maps of '${variables[0]}' cannot be taken: its drop point '${point}' is the model's final softmax, which the engine does not run`);
    }
  }
  return maps;
}

function place(collected: Map<string, Collected>, variable: string, shape: readonly number[], values: Float32Array, start: number, count: number): void {
  let maps = collected.get(variable);
  if (maps === undefined) {
    const perImage = values.length / shape[0]!;
    maps = { shape: [count, ...shape.slice(1)], data: new Float32Array(count * perImage) };
    collected.set(variable, maps);
  }
  maps.data.set(values, start * (values.length / shape[0]!));
}
