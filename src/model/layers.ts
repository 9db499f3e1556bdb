/**
 * Per-layer-type rules: output shape and cost terms from the input shapes. One entry per primitive layer type.
 */
import { constant, maxOf, scaled, sumOf, variable, type ChannelExpr } from './channels.js';
import { NO_COST, type CostTerm, type LayerCostTerms } from './cost.js';
import type { LayerAttrsByType, LayerNode, LayerType } from './graph.js';
import { windowOutput, type TensorShape } from './shapes.js';

/** What a rule returns: the output shape and costs, or a reason the layer cannot take its inputs. */
export type LayerInference =
  | { readonly ok: true; readonly shape: TensorShape; readonly cost: LayerCostTerms }
  | { readonly ok: false; readonly message: string; readonly code: string };

type Rule<T extends LayerType> = (node: LayerNodeOf<T>, inputs: readonly TensorShape[]) => LayerInference;
type LayerNodeOf<T extends LayerType> = Extract<LayerNode, { type: T }>;

const fail = (code: string, message: string): LayerInference => ({ ok: false, code, message });
const ok = (shape: TensorShape, cost: LayerCostTerms = NO_COST): LayerInference => ({ ok: true, shape, cost });
const term = (coef: number, ...factors: ChannelExpr[]): CostTerm => ({ coef, factors });

function single(node: LayerNode, inputs: readonly TensorShape[]): TensorShape | string {
  if (inputs.length !== 1) {
    return `'${node.name}' takes exactly one input, got ${inputs.length}`;
  }
  return inputs[0]!;
}

function spatialInput(node: LayerNode, inputs: readonly TensorShape[]): { shape: TensorShape; spatial: [number, number] } | string {
  const input = single(node, inputs);
  if (typeof input === 'string') {
    return input;
  }
  if (!input.spatial) {
    return `'${node.name}' needs a spatial (H×W×C) input, but its input is already flat`;
  }
  return { shape: input, spatial: [input.spatial[0], input.spatial[1]] };
}

function checkSpatial(name: string, out: [number, number]): string | undefined {
  return out[0] > 0 && out[1] > 0 ? undefined : `'${name}' would output ${out[0]}×${out[1]}: the input is too small for this kernel and stride`;
}

type Windowed = LayerAttrsByType['conv2d' | 'depthwise_conv2d' | 'separable_conv2d'];

function convWindow(node: LayerNode & { attrs: Windowed }, inputs: readonly TensorShape[]) {
  const input = spatialInput(node, inputs);
  if (typeof input === 'string') {
    return input;
  }
  const out = windowOutput(input.spatial, node.attrs.kernel, node.attrs.stride, node.attrs.padding, node.attrs.dilation);
  const bad = checkSpatial(node.name, out);
  if (bad) {
    return bad;
  }
  return { input: input.shape, out, area: out[0] * out[1], taps: node.attrs.kernel[0] * node.attrs.kernel[1] };
}

const passThrough = (node: LayerNode, inputs: readonly TensorShape[]): LayerInference => {
  const input = single(node, inputs);
  return typeof input === 'string' ? fail('arity', input) : ok(input);
};

function ownWidth(node: LayerNode): ChannelExpr {
  return variable(node.width ?? node.name);
}

const RULES: { [T in LayerType]: Rule<T> } = {
  input: (node) => ok({ spatial: [node.attrs.shape[0], node.attrs.shape[1]], channels: constant(node.attrs.shape[2]) }),

  conv2d: (node, inputs) => {
    const w = convWindow(node, inputs);
    if (typeof w === 'string') {
      return fail('shape', w);
    }
    const out = ownWidth(node);
    const perGroup = 1 / node.attrs.groups;
    return ok(
      { spatial: w.out, channels: out },
      {
        macs: [term(w.taps * w.area * perGroup, w.input.channels, out)],
        params: [term(w.taps * perGroup, w.input.channels, out), ...(node.attrs.bias ? [term(1, out)] : [])],
        nonTrainableParams: [],
      },
    );
  },

  depthwise_conv2d: (node, inputs) => {
    const w = convWindow(node, inputs);
    if (typeof w === 'string') {
      return fail('shape', w);
    }
    const out = scaled(node.attrs.multiplier, w.input.channels);
    return ok(
      { spatial: w.out, channels: out },
      {
        macs: [term(w.taps * w.area * node.attrs.multiplier, w.input.channels)],
        params: [term(w.taps * node.attrs.multiplier, w.input.channels), ...(node.attrs.bias ? [term(1, out)] : [])],
        nonTrainableParams: [],
      },
    );
  },

  separable_conv2d: (node, inputs) => {
    const w = convWindow(node, inputs);
    if (typeof w === 'string') {
      return fail('shape', w);
    }
    const m = node.attrs.multiplier;
    const out = ownWidth(node);
    return ok(
      { spatial: w.out, channels: out },
      {
        macs: [term(w.taps * w.area * m, w.input.channels), term(w.area * m, w.input.channels, out)],
        params: [term(w.taps * m, w.input.channels), term(m, w.input.channels, out), ...(node.attrs.bias ? [term(1, out)] : [])],
        nonTrainableParams: [],
      },
    );
  },

  dense: (node, inputs) => {
    const input = single(node, inputs);
    if (typeof input === 'string') {
      return fail('arity', input);
    }
    // On a spatial input a dense layer acts on the channel axis at every position, as in Keras.
    const positions = input.spatial ? input.spatial[0] * input.spatial[1] : 1;
    const out = ownWidth(node);
    return ok(
      { spatial: input.spatial, channels: out },
      {
        macs: [term(positions, input.channels, out)],
        params: [term(1, input.channels, out), ...(node.attrs.bias ? [term(1, out)] : [])],
        nonTrainableParams: [],
      },
    );
  },

  batch_norm: (node, inputs) => {
    const input = single(node, inputs);
    if (typeof input === 'string') {
      return fail('arity', input);
    }
    const affine = (node.attrs.scale ? 1 : 0) + (node.attrs.center ? 1 : 0);
    return ok(input, {
      macs: [],
      params: affine > 0 ? [term(affine, input.channels)] : [],
      nonTrainableParams: [term(2, input.channels)],
    });
  },

  activation: passThrough,
  dropout: passThrough,

  add: (node, inputs) => {
    const merged = mergeSpatial(node, inputs, 'add');
    if (typeof merged === 'string') {
      return fail('shape-mismatch', merged);
    }
    // Under `tie` the inputs' widths are coupled (the analyzer unites them), so the first one stands for all.
    const channels = node.attrs.mode === 'tie' ? inputs[0]!.channels : maxOf(flattenMax(inputs.map((i) => i.channels)));
    return ok({ spatial: merged, channels });
  },

  concat: (node, inputs) => {
    const merged = mergeSpatial(node, inputs, 'concat');
    return typeof merged === 'string' ? fail('shape-mismatch', merged) : ok({ spatial: merged, channels: sumOf(inputs.map((i) => i.channels)) });
  },

  max_pool: (node, inputs) => pool(node, inputs),
  avg_pool: (node, inputs) => pool(node, inputs),

  global_avg_pool: (node, inputs) => {
    const input = spatialInput(node, inputs);
    return typeof input === 'string' ? fail('shape', input) : ok({ spatial: null, channels: input.shape.channels });
  },

  flatten: (node, inputs) => {
    const input = single(node, inputs);
    if (typeof input === 'string') {
      return fail('arity', input);
    }
    return ok(input.spatial ? { spatial: null, channels: scaled(input.spatial[0] * input.spatial[1], input.channels) } : input);
  },

  zero_pad: (node, inputs) => {
    const input = spatialInput(node, inputs);
    if (typeof input === 'string') {
      return fail('shape', input);
    }
    const [[top, bottom], [left, right]] = node.attrs.pad;
    return ok({ spatial: [input.spatial[0] + top + bottom, input.spatial[1] + left + right], channels: input.shape.channels });
  },
};

function pool(node: Extract<LayerNode, { type: 'max_pool' | 'avg_pool' }>, inputs: readonly TensorShape[]): LayerInference {
  const input = spatialInput(node, inputs);
  if (typeof input === 'string') {
    return fail('shape', input);
  }
  const out = windowOutput(input.spatial, node.attrs.size, node.attrs.stride, node.attrs.padding);
  const bad = checkSpatial(node.name, out);
  return bad ? fail('shape', bad) : ok({ spatial: out, channels: input.shape.channels });
}

function mergeSpatial(node: LayerNode, inputs: readonly TensorShape[], what: string): readonly [number, number] | null | string {
  if (inputs.length < 2) {
    return `'${node.name}' (${what}) needs at least two inputs, got ${inputs.length}`;
  }
  const first = inputs[0]!.spatial;
  for (const other of inputs.slice(1)) {
    const same = first === null ? other.spatial === null : other.spatial !== null && other.spatial[0] === first[0] && other.spatial[1] === first[1];
    if (!same) {
      return `'${node.name}' (${what}) has inputs of different spatial sizes: ${describeSpatial(first)} and ${describeSpatial(other.spatial)}`;
    }
  }
  return first;
}

function describeSpatial(s: readonly [number, number] | null): string {
  return s ? `${s[0]}×${s[1]}` : 'flat';
}

function flattenMax(exprs: readonly ChannelExpr[]): ChannelExpr[] {
  return exprs.flatMap((e) => (e.kind === 'max' ? flattenMax(e.args) : [e]));
}

export function inferLayer(node: LayerNode, inputs: readonly TensorShape[]): LayerInference {
  const rule = RULES[node.type] as Rule<LayerType>;
  return rule(node as never, inputs);
}
