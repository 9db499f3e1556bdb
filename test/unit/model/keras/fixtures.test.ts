/**
 * Hand-written Keras 2 / Keras 3 files and the container variants: which layers, shapes, costs and couplings come out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { parseKerasJson } from '../../../../src/model/keras/parse.js';
import { summarize } from '../../../../src/model/summary.js';
import { example, fixture, parseClean } from '../../../helpers/keras.js';

describe('Keras 3 model.to_json() (functional, keras_history inbound nodes)', () => {
  const text = fixture('keras3-functional.json');
  const { graph, analysis } = parseClean(text, 'keras3-functional.json');
  const summary = summarize(analysis);
  const row = (name: string) => summary.layers.find((l) => l.name === name)!;

  it('reads every layer, splitting fused activations off', () => {
    assert.equal(graph.format, 'keras-json');
    assert.equal(graph.name, 'tiny_keras3');
    assert.deepEqual(graph.input, [16, 16, 3]);
    assert.deepEqual(graph.nodes.map((n) => n.name), [
      'input_layer', 'conv2d', 'conv2d/activation', 'batch_normalization', 'conv2d_1', 'add', 're_lu', 'depthwise_conv2d',
      'separable_conv2d', 'separable_conv2d/activation', 'conv2d_2', 'concatenate', 'global_average_pooling2d', 'dropout', 'dense', 'dense/activation',
    ]);
    assert.deepEqual(graph.nodes.find((n) => n.name === 'batch_normalization')?.inputs, ['conv2d/activation']);
    assert.deepEqual(graph.nodes.find((n) => n.name === 'add')?.inputs, ['batch_normalization', 'conv2d_1']);
    assert.deepEqual(graph.nodes.find((n) => n.name === 're_lu')?.attrs, { fn: 'relu6' });
    assert.deepEqual(graph.outputs, ['dense/activation']);
  });

  it('has the parameter counts and MACs computed by hand', () => {
    // conv 3·3·3·8; bn 2·8 (+2·8 moving); grouped conv 9·4·8 + 8; depthwise 9·8; separable 9·8 + 8·16 + 16;
    // 1×1 conv 8·8 + 8; dense 24·10 + 10.
    assert.equal(summary.totalParams, 216 + 16 + 296 + 72 + 216 + 72 + 250);
    assert.equal(summary.nonTrainableParams, 16);
    assert.equal(row('conv2d_1').macs, 256 * 9 * 4 * 8);
    assert.equal(summary.totalMacs, 55296 + 73728 + 4608 + 12800 + 4096 + 240);
    assert.deepEqual(row('concatenate').outputShape, [8, 8, 24]);
  });

  it('couples the inputs of the add and records the group count as a divisor', () => {
    assert.equal(analysis.groupOf['conv2d'], analysis.groupOf['conv2d_1']);
    assert.equal(analysis.groups.find((g) => g.id === 'conv2d')?.divisor, 2);
    assert.equal(graph.widths.find((w) => w.name === 'conv2d_1')?.divisor, 2);
  });

  it('makes every conv width searchable except the classifier', () => {
    assert.deepEqual(analysis.groups.map((g) => [g.id, g.searchable]), [['conv2d', true], ['separable_conv2d', true], ['conv2d_2', true], ['dense', false]]);
    assert.equal(row('dense').searchable, false);
  });

  it('points every width literal at its filters / units number', () => {
    for (const w of graph.widths) {
      const r = w.literal!.range;
      assert.equal(text.slice(r.start, r.end), String(w.value));
      assert.match(text.slice(r.start - 12, r.start), /"(filters|units)": $/);
    }
  });
});

describe('Keras 2 model as the TensorFlow.js converter writes it (modelTopology.model_config)', () => {
  const text = fixture('keras2-converted.model.json');

  it('agrees with TensorFlow.js loading the same topology', async () => {
    await tf.setBackend('cpu');
    const model = await tf.models.modelFromJSON({ modelTopology: JSON.parse(text).modelTopology });
    const summary = summarize(parseClean(text).analysis);
    assert.equal(summary.totalParams + summary.nonTrainableParams, model.countParams());
    for (const layer of model.layers) {
      assert.deepEqual(summary.layers.find((l) => l.name === layer.name)?.outputShape, (layer.outputShape as number[]).slice(1));
    }
  });

  it('reads a batch-norm axis stored as [3], and ties the residual add', () => {
    const { graph, analysis } = parseClean(text);
    assert.equal(graph.name, 'tiny_keras2');
    assert.ok(graph.nodes.some((n) => n.type === 'batch_norm'));
    assert.equal(analysis.groupOf['conv2d'], analysis.groupOf['conv2d_1']);
    assert.deepEqual(graph.nodes.find((n) => n.name === 'add')?.inputs, ['activation', 'conv2d_1/activation']);
  });
});

describe('containers', () => {
  const keras2 = JSON.parse(fixture('keras2-converted.model.json'));
  const modelConfig = keras2.modelTopology.model_config;
  const graphOf = (value: unknown, fileName = 'model.json') => parseKerasJson(JSON.stringify(value), fileName);

  it('reads the same graph from Keras to_json, tfjs toJSON-style modelTopology and the converter layout', () => {
    const toJson = graphOf({ ...modelConfig, keras_version: '2.15.0', backend: 'tensorflow' });
    const saved = graphOf({ modelTopology: { ...modelConfig, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' }, weightsManifest: [] });
    const converted = graphOf(keras2);
    for (const r of [toJson, saved, converted]) {
      assert.deepEqual(r.diagnostics, []);
    }
    const shape = (r: typeof toJson) => r.graph!.nodes.map((n) => [n.name, n.type, n.inputs, n.attrs]);
    assert.deepEqual(shape(toJson), shape(converted));
    assert.deepEqual(shape(saved), shape(converted));
  });

  it('names the model after the file when the config has no name', () => {
    const { name: _unused, ...config } = modelConfig.config;
    const r = graphOf({ class_name: 'Model', config }, 'models/small-cnn.model.json');
    assert.equal(r.graph?.name, 'small-cnn');
  });

  it('refuses a TensorFlow.js graph model with a clear message', () => {
    const r = graphOf({ format: 'graph-model', modelTopology: { node: [], library: {}, versions: {} }, weightsManifest: [] });
    assert.equal(r.graph, undefined);
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['graph-model']);
  });

  it('reads a Keras 3 Sequential model with an InputLayer carrying batch_shape', () => {
    const layer = (class_name: string, config: object) => ({ module: 'keras.layers', class_name, config, registered_name: null });
    const r = graphOf({
      module: 'keras', class_name: 'Sequential', registered_name: null,
      config: {
        name: 'seq', trainable: true,
        layers: [
          layer('InputLayer', { batch_shape: [null, 6, 6, 1], name: 'input_layer' }),
          layer('Conv2D', { name: 'conv', filters: 2, kernel_size: [3, 3], activation: 'relu' }),
          layer('GlobalAveragePooling2D', { name: 'gap', keepdims: false }),
          layer('Dense', { name: 'fc', units: 3 }),
        ],
      },
    });
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.graph?.nodes.map((n) => [n.name, n.inputs]), [['input_layer', []], ['conv', ['input_layer']], ['conv/activation', ['conv']], ['gap', ['conv/activation']], ['fc', ['gap']]]);
    assert.deepEqual(r.graph?.outputs, ['fc']);
  });
});

describe('the shipped example', () => {
  it('reads examples/keras/small-cnn.model.json cleanly', () => {
    const { graph, analysis } = parseClean(example('small-cnn.model.json'), 'small-cnn.model.json');
    const summary = summarize(analysis);
    assert.deepEqual(graph.input, [28, 28, 1]);
    // What TensorFlow.js' countParams() reported when the file was generated.
    assert.equal(summary.totalParams + summary.nonTrainableParams, 24090);
    assert.deepEqual(analysis.groups.filter((g) => g.searchable).map((g) => g.id), ['conv1', 'conv2', 'conv3']);
  });
});
