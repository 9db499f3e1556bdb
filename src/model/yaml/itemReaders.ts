/** Readers for the single-layer item types (everything but `stage`): keys checked, defaults applied. */
import { error } from '../diagnostics.js';
import type { Activation, LayerAttrsByType } from '../graph.js';
import { missing, opt, readActivation, readWidth, type Fields, type ItemContext } from './fields.js';
import type { LayerSpec, SkipSpec } from './spec.js';
import { readBool, readEnum, readPad, readPositiveInt, readPositiveNumber, readRate, readSize, type Pair2, type Reading } from './values.js';
import { PADDING_VALUES, RESIDUAL_VALUES } from './vocabulary.js';

export type TypeReader = (r: Reading, fields: Fields, item: ItemContext) => LayerSpec;

export const SKIP: SkipSpec = { kind: 'skip' };

export const BN_DEFAULTS: LayerAttrsByType['batch_norm'] = { scale: true, center: true, epsilon: 1e-5, momentum: 0.9 };

const size = (r: Reading, fields: Fields, key: string, dflt: Pair2): Pair2 => opt(r, fields, key, readSize, dflt);
const padding = (r: Reading, fields: Fields, dflt: 'same' | 'valid') => opt(r, fields, 'padding', (rr, f) => readEnum(rr, f, PADDING_VALUES), dflt);
const act = (r: Reading, fields: Fields, dflt: Activation | null) => opt(r, fields, 'act', readActivation, dflt);

/** The window attributes shared by conv and dwconv. */
function window(r: Reading, fields: Fields) {
  return { kernel: size(r, fields, 'kernel', [3, 3]), stride: size(r, fields, 'stride', [1, 1]), padding: padding(r, fields, 'same'), dilation: size(r, fields, 'dilation', [1, 1]) };
}

const readConv: TypeReader = (r, fields, item) => {
  const w = fields.get('width');
  if (w === undefined) {
    missing(r, item, 'width', ', its number of output channels');
    return SKIP;
  }
  const width = readWidth(r, w);
  const bn = opt(r, fields, 'bn', readBool, true);
  const groups = opt(r, fields, 'groups', readPositiveInt, 1);
  const bias = opt(r, fields, 'bias', readBool, !bn);
  return { kind: 'conv', width, bn, act: act(r, fields, 'relu'), searchable: opt(r, fields, 'searchable', readBool, true), attrs: { ...window(r, fields), groups, bias } };
};

const readDwConv: TypeReader = (r, fields) => {
  const bn = opt(r, fields, 'bn', readBool, true);
  const multiplier = opt(r, fields, 'multiplier', readPositiveInt, 1);
  return { kind: 'dwconv', bn, act: act(r, fields, 'relu'), attrs: { ...window(r, fields), multiplier, bias: opt(r, fields, 'bias', readBool, !bn) } };
};

const readDense: TypeReader = (r, fields, item) => {
  const u = fields.get('units');
  if (u === undefined) {
    missing(r, item, 'units', ', its number of outputs');
    return SKIP;
  }
  return { kind: 'dense', units: readWidth(r, u), bias: opt(r, fields, 'bias', readBool, true), act: act(r, fields, null), searchable: opt(r, fields, 'searchable', readBool, true) };
};

const readBn: TypeReader = (r, fields) => ({
  kind: 'simple',
  type: 'batch_norm',
  attrs: {
    scale: opt(r, fields, 'scale', readBool, BN_DEFAULTS.scale),
    center: opt(r, fields, 'center', readBool, BN_DEFAULTS.center),
    epsilon: opt(r, fields, 'epsilon', readPositiveNumber, BN_DEFAULTS.epsilon),
    momentum: opt(r, fields, 'momentum', readRate, BN_DEFAULTS.momentum),
  },
});

const activation = (fn: Activation | null): LayerSpec => (fn === null ? SKIP : { kind: 'simple', type: 'activation', attrs: { fn } });

const pool = (type: 'max_pool' | 'avg_pool'): TypeReader => (r, fields) => {
  const s = size(r, fields, 'size', [2, 2]);
  return { kind: 'simple', type, attrs: { size: s, stride: size(r, fields, 'stride', s), padding: padding(r, fields, 'valid') } };
};

/** `add` and `concat` need at least two inputs; with fewer the item passes its input through. */
function hasTwoInputs(r: Reading, item: ItemContext): boolean {
  if (item.inputCount >= 2) {
    return true;
  }
  if (item.fromRange === undefined) {
    missing(r, item, 'from', ', the list of layers it combines');
  } else {
    r.diagnostics.push(error('bad-value', `'${item.type}' needs at least two layers in 'from'`, item.fromRange));
  }
  return false;
}

export const TYPE_READERS: Readonly<Record<string, TypeReader>> = {
  conv: readConv,
  dwconv: readDwConv,
  dense: readDense,
  bn: readBn,
  act: (r, fields) => activation(opt(r, fields, 'fn', readActivation, 'relu')),
  relu: () => activation('relu'),
  relu6: () => activation('relu6'),
  maxpool: pool('max_pool'),
  avgpool: pool('avg_pool'),
  gap: () => ({ kind: 'simple', type: 'global_avg_pool', attrs: {} }),
  flatten: () => ({ kind: 'simple', type: 'flatten', attrs: {} }),
  dropout: (r, fields) => ({ kind: 'simple', type: 'dropout', attrs: { rate: opt(r, fields, 'rate', readRate, 0.5) } }),
  pad: (r, fields) => ({ kind: 'simple', type: 'zero_pad', attrs: { pad: opt(r, fields, 'pad', readPad, [[1, 1], [1, 1]]) } }),
  add: (r, fields, item) => {
    const mode = opt(r, fields, 'mode', (rr, f) => readEnum(rr, f, RESIDUAL_VALUES), undefined);
    return hasTwoInputs(r, item) ? (mode ? { kind: 'add', mode } : { kind: 'add' }) : SKIP;
  },
  concat: (r, _fields, item) => (hasTwoInputs(r, item) ? { kind: 'simple', type: 'concat', attrs: {} } : SKIP),
};
