import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeGraph } from '../../../src/model/analyze.js';
import { groupMacsGradient, macsGradient, summarize, totalMacs } from '../../../src/model/summary.js';
import { graphOf, node } from '../../helpers/graphs.js';

const codes = (g: ReturnType<typeof graphOf>) => analyzeGraph(g).diagnostics.map((d) => d.code);

describe('analysis: shapes and costs', () => {
  const graph = graphOf([8, 8, 3], [
    node('c1', 'conv2d', ['input'], {}, 4),
    node('bn1', 'batch_norm', ['c1']),
    node('c2', 'conv2d', ['bn1'], { stride: [2, 2] }, 6),
    node('gap', 'global_avg_pool', ['c2']),
    node('fc', 'dense', ['gap'], {}, 10),
  ]);
  const summary = summarize(analyzeGraph(graph));
  const row = (name: string) => summary.layers.find((l) => l.name === name)!;

  it('counts conv and dense MACs as k²·H·W·Cin·Cout and Cin·Cout', () => {
    assert.equal(row('c1').macs, 9 * 64 * 3 * 4);
    assert.equal(row('c2').macs, 9 * 16 * 4 * 6);
    assert.equal(row('fc').macs, 6 * 10);
    assert.equal(summary.totalMacs, 9 * 64 * 3 * 4 + 9 * 16 * 4 * 6 + 60);
  });

  it('counts kernels, biases and batch-norm gamma/beta as trainable, moving statistics as not', () => {
    assert.equal(row('c1').params, 9 * 3 * 4);
    assert.equal(row('bn1').params, 8);
    assert.equal(row('bn1').nonTrainableParams, 8);
    assert.equal(row('fc').params, 6 * 10 + 10);
  });

  it('infers output shapes, flattening at global pooling', () => {
    assert.deepEqual(row('c2').outputShape, [4, 4, 6]);
    assert.deepEqual(row('gap').outputShape, [6]);
  });

  it('never lets the search change the classifier width', () => {
    assert.equal(row('fc').searchable, false);
    assert.equal(row('c1').searchable, true);
  });
});

describe('analysis: coupling', () => {
  it('keeps zero-padded residual widths independent and the trunk at their maximum', () => {
    const g = graphOf([8, 8, 3], [node('a', 'conv2d', ['input'], {}, 4), node('b', 'conv2d', ['a'], {}, 6), node('sum', 'add', ['a', 'b'])]);
    const analysis = analyzeGraph(g);
    assert.notEqual(analysis.groupOf['a'], analysis.groupOf['b']);
    assert.equal(summarize(analysis).layers.find((l) => l.name === 'sum')!.outChannels, 6);
  });

  it('couples the inputs of a tied add into one group whose derivative is the sum of its members', () => {
    const g = graphOf([8, 8, 3], [
      node('a', 'conv2d', ['input'], {}, 4),
      node('b', 'conv2d', ['a'], {}, 4),
      node('sum', 'add', ['a', 'b'], { mode: 'tie' }),
      node('c', 'conv2d', ['sum'], {}, 5),
    ]);
    const analysis = analyzeGraph(g);
    assert.equal(analysis.groupOf['a'], analysis.groupOf['b']);
    const perVar = macsGradient(analysis, analysis.widths);
    assert.equal(groupMacsGradient(analysis, analysis.widths)['a'], perVar['a']! + perVar['b']!);
  });

  it('reports tied widths that disagree', () => {
    const g = graphOf([8, 8, 3], [node('a', 'conv2d', ['input'], {}, 4), node('b', 'conv2d', ['a'], {}, 8), node('sum', 'add', ['a', 'b'], { mode: 'tie' })]);
    assert.ok(codes(g).includes('coupled-mismatch'));
  });

  it('moves a depthwise convolution with the layer that feeds it', () => {
    const g = graphOf([8, 8, 3], [node('expand', 'conv2d', ['input'], {}, 12), node('dw', 'depthwise_conv2d', ['expand']), node('proj', 'conv2d', ['dw'], {}, 4)]);
    const dw = summarize(analyzeGraph(g)).layers.find((l) => l.name === 'dw')!;
    assert.equal(dw.group, 'expand');
    assert.equal(dw.macs, 9 * 64 * 12);
  });

  it('couples a grouped convolution that keeps its width and requires multiples of the group count', () => {
    const g = graphOf([8, 8, 3], [node('a', 'conv2d', ['input'], {}, 8), node('g', 'conv2d', ['a'], { groups: 4 }, 8), node('h', 'conv2d', ['g'], {}, 2)]);
    const analysis = analyzeGraph(g);
    assert.equal(analysis.groupOf['g'], 'a');
    assert.equal(analysis.groups.find((x) => x.id === 'a')!.divisor, 4);
    assert.equal(summarize(analysis).layers.find((l) => l.name === 'g')!.macs, (9 * 64 * 8 * 8) / 4);
  });

  it('treats concat as bookkeeping: widths add, nothing couples', () => {
    const g = graphOf([8, 8, 3], [node('a', 'conv2d', ['input'], {}, 4), node('b', 'conv2d', ['input'], {}, 6), node('cat', 'concat', ['a', 'b']), node('c', 'conv2d', ['cat'], {}, 2)]);
    const analysis = analyzeGraph(g);
    assert.notEqual(analysis.groupOf['a'], analysis.groupOf['b']);
    assert.equal(summarize(analysis).layers.find((l) => l.name === 'c')!.macs, 9 * 64 * 10 * 2);
  });
});

describe('analysis: bad graphs', () => {
  it('reports unknown references and still analyses the rest', () => {
    const g = graphOf([8, 8, 3], [node('a', 'conv2d', ['input'], {}, 4), node('b', 'conv2d', ['nowhere'], {}, 4), node('c', 'conv2d', ['a'], {}, 4)]);
    const analysis = analyzeGraph(g);
    assert.ok(analysis.diagnostics.some((d) => d.code === 'unknown-reference' && d.message.includes("'nowhere'")));
    assert.equal(summarize(analysis).layers.find((l) => l.name === 'c')!.macs, 9 * 64 * 16);
  });

  it('reports cycles', () => {
    const g = graphOf([8, 8, 3], [node('a', 'conv2d', ['b'], {}, 4), node('b', 'conv2d', ['a'], {}, 4)]);
    assert.deepEqual(codes(g).filter((c) => c === 'cycle').length, 2);
  });

  it('reports an add of different spatial sizes', () => {
    const g = graphOf([8, 8, 3], [node('a', 'conv2d', ['input'], {}, 4), node('b', 'conv2d', ['a'], { stride: [2, 2] }, 4), node('sum', 'add', ['a', 'b'])]);
    const d = analyzeGraph(g).diagnostics.find((x) => x.code === 'shape-mismatch');
    assert.match(d!.message, /8×8 and 4×4/);
  });

  it('reports zero and negative widths', () => {
    const g = graphOf([8, 8, 3], [node('a', 'conv2d', ['input'], {}, 0), node('b', 'conv2d', ['a'], {}, -2)]);
    assert.equal(codes(g).filter((c) => c === 'bad-width').length, 2);
  });

  it('reports a window larger than its input', () => {
    const g = graphOf([2, 2, 3], [node('a', 'conv2d', ['input'], { kernel: [3, 3], padding: 'valid' }, 4)]);
    assert.ok(codes(g).includes('shape'));
  });
});

describe('analysis: MACs derivative', () => {
  it('matches central finite differences on a zero-padded residual network', () => {
    const g = graphOf([8, 8, 3], [
      node('stem', 'conv2d', ['input'], {}, 5),
      node('i1', 'conv2d', ['stem'], {}, 7),
      node('o1', 'conv2d', ['i1'], {}, 9),
      node('add1', 'add', ['stem', 'o1']),
      node('i2', 'conv2d', ['add1'], { stride: [2, 2] }, 11),
      node('o2', 'conv2d', ['i2'], {}, 13),
      node('pool', 'avg_pool', ['add1']),
      node('add2', 'add', ['pool', 'o2']),
      node('gap', 'global_avg_pool', ['add2']),
      node('fc', 'dense', ['gap'], {}, 10),
    ]);
    const analysis = analyzeGraph(g);
    const grad = macsGradient(analysis, analysis.widths);
    for (const name of Object.keys(analysis.widths)) {
      const at = (delta: number) => totalMacs(analysis, { ...analysis.widths, [name]: analysis.widths[name]! + delta });
      assert.equal(grad[name], (at(1) - at(-1)) / 2, name);
    }
  });
});
