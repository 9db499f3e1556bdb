/** Every layer type: what it expands to, with which attributes, and that the defaults are the documented ones. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LayerNode } from '../../../../src/model/graph.js';
import { summarize } from '../../../../src/model/summary.js';
import { LAYER_TYPES_SPEC } from '../../../../src/model/yaml/vocabulary.js';
import { load, model } from './support.js';

function nodesOf(layers: readonly string[]): Map<string, LayerNode> {
  return new Map(load(model(layers)).graph.nodes.map((n) => [n.name, n]));
}

describe('netadj layer items', () => {
  it('conv: defaults, bias without batch norm, grouped widths, [h, w] kernels', () => {
    const n = nodesOf(['  - {type: conv, name: a, width: 8}', '  - {type: conv, name: b, width: 8, bn: false, act: none, kernel: [1, 3], stride: [1, 2], padding: valid, groups: 4, dilation: 2}']);
    assert.deepEqual(n.get('a')?.attrs, { kernel: [3, 3], stride: [1, 1], padding: 'same', dilation: [1, 1], groups: 1, bias: false });
    assert.deepEqual(n.get('a/act')?.attrs, { fn: 'relu' });
    assert.deepEqual(n.get('a/bn')?.inputs, ['a']);
    assert.deepEqual(n.get('b')?.attrs, { kernel: [1, 3], stride: [1, 2], padding: 'valid', dilation: [2, 2], groups: 4, bias: true });
    assert.deepEqual(n.get('b')?.inputs, ['a/act']);
    assert.equal(n.has('b/bn') || n.has('b/act'), false);
    const { graph } = load(model(['  - {type: conv, name: a, width: 8}', '  - {type: conv, name: g, width: 8, groups: 4}']));
    assert.equal(graph.widths.find((w) => w.name === 'g')?.divisor, 4);
  });

  it('dwconv, dense, bn, act and the activation shorthands', () => {
    const n = nodesOf([
      '  - {type: conv, name: c, width: 8}',
      '  - {type: dwconv, name: d, multiplier: 2, stride: 2, act: relu6}',
      '  - {type: bn, name: n, epsilon: 0.001, momentum: 0.99}',
      '  - {type: act, name: s, fn: swish}',
      '  - relu6',
      '  - {type: gap, name: p}',
      '  - {type: dense, name: h, units: 32, act: relu}',
      '  - {type: dropout, name: x, rate: 0.2}',
      '  - {type: dense, name: fc, units: 10, act: softmax, bias: false}',
    ]);
    assert.deepEqual(n.get('d')?.attrs, { kernel: [3, 3], stride: [2, 2], padding: 'same', dilation: [1, 1], multiplier: 2, bias: false });
    assert.deepEqual(n.get('d/act')?.attrs, { fn: 'relu6' });
    assert.deepEqual(n.get('n')?.attrs, { scale: true, center: true, epsilon: 0.001, momentum: 0.99 });
    assert.deepEqual(n.get('s')?.attrs, { fn: 'swish' });
    assert.deepEqual(n.get('relu64')?.attrs, { fn: 'relu6' });
    assert.deepEqual(n.get('h')?.attrs, { bias: true });
    assert.deepEqual(n.get('h/act')?.inputs, ['h']);
    assert.deepEqual(n.get('x')?.attrs, { rate: 0.2 });
    assert.deepEqual(n.get('fc')?.attrs, { bias: false });
    assert.deepEqual(n.get('fc/act')?.attrs, { fn: 'softmax' });
  });

  it('pools, padding, flatten, add and concat', () => {
    const n = nodesOf([
      '  - {type: conv, name: a, width: 8}',
      '  - {type: maxpool, name: m, size: 3}',
      '  - {type: avgpool, name: v, stride: 1, padding: same}',
      '  - {type: pad, name: p1, pad: 1}',
      '  - {type: pad, name: p2, pad: [0, 2]}',
      '  - {type: pad, name: p3, pad: [[1, 0], [0, 1]]}',
      '  - {type: conv, name: b, width: 8, from: a}',
      '  - {type: add, name: s, from: [a, b]}',
      '  - {type: concat, name: k, from: [a, b, s]}',
      '  - flatten',
    ]);
    assert.deepEqual(n.get('m')?.attrs, { size: [3, 3], stride: [3, 3], padding: 'valid' });
    assert.deepEqual(n.get('v')?.attrs, { size: [2, 2], stride: [1, 1], padding: 'same' });
    assert.deepEqual([n.get('p1')?.attrs, n.get('p2')?.attrs, n.get('p3')?.attrs], [{ pad: [[1, 1], [1, 1]] }, { pad: [[0, 0], [2, 2]] }, { pad: [[1, 0], [0, 1]] }]);
    assert.deepEqual(n.get('b')?.inputs, ['a/act']);
    assert.deepEqual(n.get('s')?.inputs, ['a/act', 'b/act']);
    assert.deepEqual(n.get('s')?.attrs, { mode: 'pad' });
    assert.deepEqual(n.get('k')?.inputs, ['a/act', 'b/act', 's']);
    assert.equal(n.get('flatten9')?.type, 'flatten');
  });

  it('bottleneck stages: reduce, inner (strided), out, then add and ReLU', () => {
    const text = model(['  - {type: conv, name: stem, width: 16}', '  - {type: stage, name: s, block: bottleneck, repeat: 2, stride: 2, shortcut: projection, projection: 64, reduce: 16, inner: 16, out: 64}']);
    const { graph, analysis } = load(text);
    const names = graph.nodes.filter((n) => n.name.startsWith('s.0.') && !n.name.includes('/')).map((n) => n.name);
    assert.deepEqual(names, ['s.0.reduce', 's.0.inner', 's.0.out', 's.0.projection', 's.0.add', 's.0.relu']);
    const inner = graph.nodes.find((n) => n.name === 's.0.inner');
    assert.ok(inner?.type === 'conv2d');
    assert.deepEqual(inner.attrs.stride, [2, 2]);
    assert.deepEqual(graph.nodes.find((n) => n.name === 's.1.add')?.inputs, ['s.0.relu', 's.1.out/bn']);
    const macs = summarize(analysis).layers.find((l) => l.name === 's.0.projection')?.macs;
    assert.equal(macs, 16 * 64 * 16 * 16);
  });

  it('written defaults agree with the vocabulary', () => {
    const n = nodesOf(['  - {type: conv, name: a, width: 8}', '  - {type: maxpool, name: m}', '  - {type: dropout, name: d}', '  - {type: bn, name: b}']);
    const dflt = (type: string, key: string) => LAYER_TYPES_SPEC[type]!.keys[key]!.default;
    const conv = n.get('a')!;
    assert.ok(conv.type === 'conv2d');
    assert.deepEqual([conv.attrs.kernel[0], conv.attrs.stride[0], conv.attrs.padding, conv.attrs.groups, conv.attrs.dilation[0]], ['kernel', 'stride', 'padding', 'groups', 'dilation'].map((k) => dflt('conv', k)));
    const pool = n.get('m')!;
    assert.ok(pool.type === 'max_pool');
    assert.deepEqual([pool.attrs.size[0], pool.attrs.padding], [dflt('maxpool', 'size'), dflt('maxpool', 'padding')]);
    assert.deepEqual(n.get('d')?.attrs, { rate: dflt('dropout', 'rate') });
    assert.deepEqual(n.get('b')?.attrs, { epsilon: dflt('bn', 'epsilon'), momentum: dflt('bn', 'momentum'), scale: dflt('bn', 'scale'), center: dflt('bn', 'center') });
  });
});
