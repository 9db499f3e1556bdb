/**
 * Models built with TensorFlow.js itself, serialised as model.json: the reader's shapes and parameter counts must
 * agree with what TensorFlow.js computes for the same model.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { summarize, type ModelSummary } from '../../../../src/model/summary.js';
import { parseClean } from '../../../helpers/keras.js';

/** What `model.save` writes, without weights. */
function modelJson(model: tf.LayersModel): string {
  return JSON.stringify({ modelTopology: model.toJSON(null, false), weightsManifest: [] });
}

/** Parses, analyses and checks every layer's shape and parameter count against TensorFlow.js. */
function checkAgainstTfjs(model: tf.LayersModel): ModelSummary {
  const { analysis } = parseClean(modelJson(model));
  const summary = summarize(analysis);
  assert.equal(summary.totalParams + summary.nonTrainableParams, model.countParams());
  for (const layer of model.layers) {
    // A layer with a fused activation is the conv/dense node plus `<name>/activation`, which costs nothing.
    const row = summary.layers.find((l) => l.name === layer.name);
    assert.ok(row, `a row for ${layer.name}`);
    assert.deepEqual(row.outputShape, (layer.outputShape as (number | null)[]).slice(1), `shape of ${layer.name}`);
    assert.equal(row.params + row.nonTrainableParams, layer.countParams(), `parameters of ${layer.name}`);
  }
  return summary;
}

describe('TensorFlow.js models', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('reads a Sequential conv / bn / depthwise / separable / padding / pooling / dense stack', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tf.layers.batchNormalization(),
        tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }),
        tf.layers.separableConv2d({ filters: 5, kernelSize: 3, activation: 'relu6' }),
        tf.layers.zeroPadding2d({ padding: [[1, 0], [2, 1]] }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.reLU({ maxValue: 6 }),
        tf.layers.averagePooling2d({ poolSize: [2, 3], strides: 1, padding: 'same' }),
        tf.layers.flatten(),
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    const summary = checkAgainstTfjs(model);
    const outputs = summary.layers.filter((l) => l.searchable).map((l) => l.type);
    assert.deepEqual(outputs, ['conv2d', 'separable_conv2d'], 'the classifier is not searchable');
  });

  it('reads a Sequential model that starts with an InputLayer, with MACs as computed by hand', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.inputLayer({ inputShape: [4, 4, 2] }),
        tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', useBias: false }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 5 }),
      ],
    });
    const summary = checkAgainstTfjs(model);
    // 3×3 kernel at 4×4 positions, 2 → 3 channels; then 48 → 5.
    assert.equal(summary.totalMacs, 9 * 16 * 2 * 3 + 48 * 5);
    assert.equal(summary.totalParams, 9 * 2 * 3 + 48 * 5 + 5);
  });

  it('reads a functional model with a residual add and a concatenation', () => {
    const input = tf.input({ shape: [8, 8, 3] });
    const c1 = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false }).apply(input) as tf.SymbolicTensor;
    const b1 = tf.layers.batchNormalization().apply(c1) as tf.SymbolicTensor;
    const r1 = tf.layers.activation({ activation: 'relu' }).apply(b1) as tf.SymbolicTensor;
    const c2 = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(r1) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([r1, c2]) as tf.SymbolicTensor;
    const dw = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same' }).apply(sum) as tf.SymbolicTensor;
    const sep = tf.layers.separableConv2d({ filters: 6, kernelSize: 3, padding: 'same' }).apply(dw) as tf.SymbolicTensor;
    const pooled = tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }).apply(sum) as tf.SymbolicTensor;
    const cat = tf.layers.concatenate({ axis: -1 }).apply([sep, pooled]) as tf.SymbolicTensor;
    const padded = tf.layers.zeroPadding2d({ padding: 1 }).apply(cat) as tf.SymbolicTensor;
    const gap = tf.layers.globalAveragePooling2d({}).apply(padded) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(gap) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const { analysis } = parseClean(modelJson(model));
    checkAgainstTfjs(model);
    const [first, second] = [c1, c2].map((t) => analysis.groupOf[t.sourceLayer.name]);
    assert.equal(first, second, 'the inputs of the add are one coupling group');
    assert.equal(analysis.groups.find((g) => g.members.includes(out.sourceLayer.name))?.searchable, false);
    assert.deepEqual(analysis.graph.outputs, [`${out.sourceLayer.name}/activation`]);
  });

  it('reads a dense layer applied to a spatial input, as Keras applies it per position', () => {
    const model = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [5, 5, 2], filters: 3, kernelSize: 1 }), tf.layers.dense({ units: 4 }), tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: 2 })],
    });
    checkAgainstTfjs(model);
  });
});
