/**
 * The variables of each layer type, shaped for the given channel counts. Shapes follow TensorFlow's layouts:
 * conv kernels `[kh, kw, cin/groups, cout]`, depthwise `[kh, kw, cin, multiplier]`, dense `[cin, cout]`.
 * Counts match the analyzer's parameter polynomials (src/model/layers.ts) term for term.
 */
import type * as tf from '@tensorflow/tfjs';
import type { LayerNode } from '../../model/graph.js';
import type { CanonicalTensorName } from '../weights/canonical.js';
import type { ParameterStore } from './init.js';

/** One layer's variables; which are present depends on the layer type and its bias/scale/center flags. */
export interface LayerParams {
  /** Conv, dense and separable pointwise kernel. */
  readonly kernel?: tf.Variable;
  /** Depthwise kernel (depthwise and separable layers). */
  readonly depthwise?: tf.Variable;
  readonly bias?: tf.Variable;
  readonly gamma?: tf.Variable;
  readonly beta?: tf.Variable;
  readonly movingMean?: tf.Variable;
  readonly movingVariance?: tf.Variable;
}

const zero = { kind: 'constant', value: 0 } as const;
const one = { kind: 'constant', value: 1 } as const;

/** Creates the layer's variables in `store`; `inChannels` is its (first) input's width, `outChannels` its own. */
export function createLayerParams(node: LayerNode, inChannels: number, outChannels: number, store: ParameterStore): LayerParams {
  const name = node.name;
  const bias = (has: boolean, n: number) => (has ? { bias: store.param(name, 'bias', [n], zero) } : {});
  switch (node.type) {
    case 'conv2d': {
      const [kh, kw] = node.attrs.kernel;
      const perGroup = inChannels / node.attrs.groups;
      const kernel = store.param(name, 'kernel', [kh, kw, perGroup, outChannels], { kind: 'he-uniform', fanIn: kh * kw * perGroup });
      return { kernel, ...bias(node.attrs.bias, outChannels) };
    }
    case 'depthwise_conv2d': {
      const [kh, kw] = node.attrs.kernel;
      const depthwise = store.param(name, 'depthwise', [kh, kw, inChannels, node.attrs.multiplier], { kind: 'he-uniform', fanIn: kh * kw });
      return { depthwise, ...bias(node.attrs.bias, outChannels) };
    }
    case 'separable_conv2d': {
      const [kh, kw] = node.attrs.kernel;
      const m = node.attrs.multiplier;
      const depthwise = store.param(name, 'depthwise', [kh, kw, inChannels, m], { kind: 'he-uniform', fanIn: kh * kw });
      const kernel = store.param(name, 'kernel', [1, 1, inChannels * m, outChannels], { kind: 'he-uniform', fanIn: inChannels * m });
      return { depthwise, kernel, ...bias(node.attrs.bias, outChannels) };
    }
    case 'dense': {
      const kernel = store.param(name, 'kernel', [inChannels, outChannels], { kind: 'glorot-uniform', fanIn: inChannels, fanOut: outChannels });
      return { kernel, ...bias(node.attrs.bias, outChannels) };
    }
    case 'batch_norm':
      return {
        ...(node.attrs.scale ? { gamma: store.param(name, 'gamma', [inChannels], one) } : {}),
        ...(node.attrs.center ? { beta: store.param(name, 'beta', [inChannels], zero) } : {}),
        movingMean: store.stateVariable([inChannels], 0),
        movingVariance: store.stateVariable([inChannels], 1),
      };
    default:
      return {};
  }
}

/** Canonical tensor name (src/engine/weights/canonical.ts) of each variable, in the canonical per-layer order. */
const CANONICAL_ORDER: readonly [keyof LayerParams, CanonicalTensorName][] = [
  ['depthwise', 'depthwise'],
  ['kernel', 'kernel'],
  ['bias', 'bias'],
  ['gamma', 'gamma'],
  ['beta', 'beta'],
  ['movingMean', 'mean'],
  ['movingVariance', 'var'],
];

/** The layer's variables under their canonical names, in the order `layerTensors` lists them. */
export function canonicalVariables(params: LayerParams): [CanonicalTensorName, tf.Variable][] {
  return CANONICAL_ORDER.flatMap(([field, name]) => {
    const v = params[field];
    return v === undefined ? [] : [[name, v] as [CanonicalTensorName, tf.Variable]];
  });
}
