/**
 * Keras layer classes → primitive layer nodes. One converter per supported class; a converter reads the layer's
 * config with Keras' own defaults and returns nothing when a field is wrong (the diagnostics say which).
 */
import type { Node } from 'jsonc-parser';
import type { Activation, LayerNode, Padding, WidthVariable } from '../graph.js';
import { Fields, int, items, present, rangeOf, str } from './json.js';

/** One entry of the model's `layers` list, as far as the topology reader understood it. */
export interface KerasLayer {
  /** Position in the `layers` list, for messages. */
  readonly index: number;
  readonly name: string;
  readonly className: string;
  /** The layer's JSON object. */
  readonly node: Node;
  readonly config: Node | undefined;
}

export interface Converted {
  /** The layer itself first; a trailing `<name>/activation` node follows when the layer has a fused activation. */
  readonly nodes: readonly LayerNode[];
  readonly width?: WidthVariable;
  /** An axis that must be the channel axis; checked once the input's rank is known. */
  readonly channelAxis?: { readonly axis: number; readonly node: Node };
}

type Converter = (f: Fields, layer: KerasLayer, inputs: string[]) => Converted | undefined;

const ACTIVATIONS = new Map<string, Activation>([
  ['relu', 'relu'], ['relu6', 'relu6'], ['sigmoid', 'sigmoid'], ['tanh', 'tanh'], ['softmax', 'softmax'],
  ['swish', 'swish'], ['silu', 'swish'], ['gelu', 'gelu'], ['elu', 'elu'], ['linear', 'linear'],
]);

function activationOf(f: Fields): Activation {
  const node = f.get('activation');
  if (!node) {
    return 'linear';
  }
  // Keras 3 may write an activation as a serialised function object whose config is its name.
  const name = str(node) ?? str(present(node, 'config'));
  const fn = name === undefined ? undefined : ACTIVATIONS.get(name.toLowerCase());
  const known = [...ACTIVATIONS.keys()].join(', ');
  return fn ?? f.fail('unsupported-activation', `activation ${name === undefined ? 'of this form' : `'${name}'`} is not supported (supported: ${known})`, node, 'linear');
}

function channelsLast(f: Fields): void {
  const node = f.get('data_format');
  const v = str(node);
  if (node && v === 'channels_first') {
    f.fail('channels-first', "data_format 'channels_first' is not supported; netadjust reads channels-last (H×W×C) models only", node, undefined);
  } else if (node && v !== 'channels_last') {
    f.fail('bad-field', "'data_format' must be 'channels_last'", node, undefined);
  }
}

const padding = (f: Fields): Padding => f.choice('padding', ['valid', 'same'] as const, 'valid');

function convWindow(f: Fields) {
  channelsLast(f);
  return { kernel: f.pair('kernel_size'), stride: f.pair('strides', [1, 1]), padding: padding(f), dilation: f.pair('dilation_rate', [1, 1]), bias: f.bool('use_bias', true) };
}

/** The width variable of a conv/dense layer: its `filters`/`units` literal, searchable unless analysis says not. */
function widthOf(layer: KerasLayer, f: Fields, key: string, value: number, divisor: number): WidthVariable {
  const literal = f.get(key)!;
  return { name: layer.name, value, searchable: true, divisor, literal: { range: rangeOf(literal) } };
}

/** Splits a fused activation off into its own node, so that costs and the engine see primitive layers only. */
function withActivation(layer: KerasLayer, node: LayerNode, fn: Activation, width?: WidthVariable): Converted {
  const act: LayerNode = { name: `${layer.name}/activation`, type: 'activation', inputs: [layer.name], attrs: { fn }, range: rangeOf(layer.node), origin: layer.name };
  const nodes = fn === 'linear' ? [node] : [node, act];
  return width ? { nodes, width } : { nodes };
}

function base(layer: KerasLayer, inputs: string[]) {
  return { name: layer.name, inputs, range: rangeOf(layer.node) };
}

const conv2d: Converter = (f, layer, inputs) => {
  const filters = f.int('filters');
  const w = convWindow(f);
  const groups = f.int('groups', 1);
  const fn = activationOf(f);
  if (f.failed) {
    return undefined;
  }
  const node: LayerNode = { ...base(layer, inputs), type: 'conv2d', attrs: { ...w, groups }, width: layer.name };
  return withActivation(layer, node, fn, widthOf(layer, f, 'filters', filters, groups));
};

const depthwise: Converter = (f, layer, inputs) => {
  const w = convWindow(f);
  const multiplier = f.int('depth_multiplier', 1);
  const fn = activationOf(f);
  return f.failed ? undefined : withActivation(layer, { ...base(layer, inputs), type: 'depthwise_conv2d', attrs: { ...w, multiplier } }, fn);
};

const separable: Converter = (f, layer, inputs) => {
  const filters = f.int('filters');
  const w = convWindow(f);
  const multiplier = f.int('depth_multiplier', 1);
  const fn = activationOf(f);
  if (f.failed) {
    return undefined;
  }
  const node: LayerNode = { ...base(layer, inputs), type: 'separable_conv2d', attrs: { ...w, multiplier }, width: layer.name };
  return withActivation(layer, node, fn, widthOf(layer, f, 'filters', filters, 1));
};

const dense: Converter = (f, layer, inputs) => {
  const units = f.int('units');
  const bias = f.bool('use_bias', true);
  const fn = activationOf(f);
  if (f.failed) {
    return undefined;
  }
  return withActivation(layer, { ...base(layer, inputs), type: 'dense', attrs: { bias }, width: layer.name }, fn, widthOf(layer, f, 'units', units, 1));
};

/** `axis` as an integer or a one-element list (Keras 2 stores the built axis as `[3]`). */
function axisOf(f: Fields): { axis: number; node: Node } | undefined {
  const node = f.get('axis');
  if (!node) {
    return { axis: -1, node: f.where };
  }
  const only = items(node).length === 1 ? items(node)[0] : node;
  const axis = int(only, Number.MIN_SAFE_INTEGER);
  return axis === undefined ? f.fail('unsupported-axis', "'axis' must be one integer: the channel axis", node, undefined) : { axis, node };
}

const batchNorm: Converter = (f, layer, inputs) => {
  const attrs = { scale: f.bool('scale', true), center: f.bool('center', true), epsilon: f.num('epsilon', 1e-3), momentum: f.num('momentum', 0.99) };
  const channelAxis = axisOf(f);
  return f.failed || !channelAxis ? undefined : { nodes: [{ ...base(layer, inputs), type: 'batch_norm', attrs }], channelAxis };
};

const activation: Converter = (f, layer, inputs) => {
  const fn = activationOf(f);
  return f.failed ? undefined : { nodes: [{ ...base(layer, inputs), type: 'activation', attrs: { fn } }] };
};

/** Keras' ReLU layer: plain, or capped at 6 (MobileNet's relu6); leaky or thresholded variants are not primitives. */
const relu: Converter = (f, layer, inputs) => {
  const max = f.get('max_value');
  // A malformed cap is reported by `num`; falling back to 6 keeps it from being reported twice.
  const cap = max ? f.num('max_value', 6) : undefined;
  if (max && cap !== 6) {
    f.fail('unsupported-activation', `a ReLU capped at ${cap} is not supported (only uncapped or 6)`, max, undefined);
  }
  if (f.num('negative_slope', 0) !== 0 || f.num('threshold', 0) !== 0) {
    f.fail('unsupported-activation', 'a ReLU with a negative slope or threshold is not supported', f.where, undefined);
  }
  return f.failed ? undefined : { nodes: [{ ...base(layer, inputs), type: 'activation', attrs: { fn: cap === 6 ? 'relu6' : 'relu' } }] };
};

const add: Converter = (_f, layer, inputs) => ({ nodes: [{ ...base(layer, inputs), type: 'add', attrs: { mode: 'tie' } }] });

const concat: Converter = (f, layer, inputs) => {
  const channelAxis = axisOf(f);
  return f.failed || !channelAxis ? undefined : { nodes: [{ ...base(layer, inputs), type: 'concat', attrs: {} }], channelAxis };
};

function pool(type: 'max_pool' | 'avg_pool'): Converter {
  return (f, layer, inputs) => {
    channelsLast(f);
    const size = f.pair('pool_size', [2, 2]);
    const stride = f.pair('strides', size);
    const attrs = { size, stride, padding: padding(f) };
    return f.failed ? undefined : { nodes: [{ ...base(layer, inputs), type, attrs }] };
  };
}

const globalAvgPool: Converter = (f, layer, inputs) => {
  channelsLast(f);
  if (f.bool('keepdims', false)) {
    f.fail('unsupported-option', "'keepdims': true is not supported; the pooled output must be flat", f.get('keepdims')!, undefined);
  }
  return f.failed ? undefined : { nodes: [{ ...base(layer, inputs), type: 'global_avg_pool', attrs: {} }] };
};

const flatten: Converter = (_f, layer, inputs) => ({ nodes: [{ ...base(layer, inputs), type: 'flatten', attrs: {} }] });

const dropout: Converter = (f, layer, inputs) => {
  const rate = f.num('rate', 0.5);
  return f.failed ? undefined : { nodes: [{ ...base(layer, inputs), type: 'dropout', attrs: { rate } }] };
};

const spatialDropout: Converter = (f, layer, inputs) => {
  channelsLast(f);
  return dropout(f, layer, inputs);
};

/** ZeroPadding2D's `padding`: one integer, a symmetric `[height, width]` pair, or `[[top, bottom], [left, right]]`. */
function zeroPadAmounts(f: Fields): [[number, number], [number, number]] {
  const node = f.get('padding');
  if (!node) {
    return [[1, 1], [1, 1]];
  }
  const one = int(node, 0);
  if (one !== undefined) {
    return [[one, one], [one, one]];
  }
  const parts = items(node);
  const flat = parts.map((p) => int(p, 0));
  const nested = parts.map((p) => (items(p).length === 2 ? items(p).map((q) => int(q, 0)) : []));
  const [h, w] = flat;
  const [[t, b] = [], [l, r] = []] = nested;
  if (parts.length === 2 && h !== undefined && w !== undefined) {
    return [[h, h], [w, w]];
  }
  if (parts.length === 2 && t !== undefined && b !== undefined && l !== undefined && r !== undefined) {
    return [[t, b], [l, r]];
  }
  return f.fail('bad-field', "'padding' must be a whole number, a pair, or a pair of pairs", node, [[0, 0], [0, 0]]);
}

const zeroPad: Converter = (f, layer, inputs) => {
  channelsLast(f);
  const pad = zeroPadAmounts(f);
  return f.failed ? undefined : { nodes: [{ ...base(layer, inputs), type: 'zero_pad', attrs: { pad } }] };
};

const CONVERTERS = new Map<string, Converter>([
  ['Conv2D', conv2d], ['Convolution2D', conv2d],
  ['DepthwiseConv2D', depthwise],
  ['SeparableConv2D', separable], ['SeparableConvolution2D', separable],
  ['Dense', dense],
  ['BatchNormalization', batchNorm],
  ['Activation', activation], ['ReLU', relu],
  ['Add', add], ['Concatenate', concat],
  ['MaxPooling2D', pool('max_pool')], ['MaxPool2D', pool('max_pool')],
  ['AveragePooling2D', pool('avg_pool')], ['AvgPool2D', pool('avg_pool')],
  ['GlobalAveragePooling2D', globalAvgPool], ['GlobalAvgPool2D', globalAvgPool],
  ['Flatten', flatten],
  ['Dropout', dropout], ['SpatialDropout2D', spatialDropout],
  ['ZeroPadding2D', zeroPad],
]);

export const SUPPORTED_CLASSES: readonly string[] = ['InputLayer', ...CONVERTERS.keys()];

/** The converter for a Keras class name, or undefined for an unsupported one. */
export function converterFor(className: string): Converter | undefined {
  return CONVERTERS.get(className);
}
