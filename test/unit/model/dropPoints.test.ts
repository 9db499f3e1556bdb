import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeGraph } from '../../../src/model/analyze.js';
import { dropPoints } from '../../../src/model/dropPoints.js';
import { graphOf, node } from '../../helpers/graphs.js';

describe('dropPoints', () => {
  it('follows conv → BN → ReLU, and stops before the residual add', () => {
    const g = graphOf([8, 8, 3], [
      node('c1', 'conv2d', ['input'], {}, 4),
      node('bn1', 'batch_norm', ['c1']),
      node('r1', 'activation', ['bn1']),
      node('c2', 'conv2d', ['r1'], {}, 4),
      node('bn2', 'batch_norm', ['c2']),
      node('sum', 'add', ['r1', 'bn2']),
      node('out', 'activation', ['sum']),
      node('gap', 'global_avg_pool', ['out']),
      node('fc', 'dense', ['gap'], {}, 2),
    ]);
    assert.deepEqual(dropPoints(analyzeGraph(g)), { c1: 'r1', c2: 'bn2', fc: 'fc' });
  });

  it('stops at a layer read by two consumers, and never passes a dropout, pool or concat', () => {
    const g = graphOf([8, 8, 3], [
      node('a', 'conv2d', ['input'], {}, 4),
      node('bnA', 'batch_norm', ['a']),
      node('left', 'activation', ['bnA']),
      node('right', 'activation', ['bnA'], { fn: 'tanh' }),
      node('b', 'conv2d', ['left'], {}, 3),
      node('d', 'dropout', ['b']),
      node('c', 'conv2d', ['right'], {}, 3),
      node('mp', 'max_pool', ['c']),
      node('cat', 'concat', ['d', 'right']),
    ]);
    assert.deepEqual(dropPoints(analyzeGraph(g)), { a: 'bnA', b: 'b', c: 'c' });
  });

  it('does not follow a chain past a network output', () => {
    const g = graphOf([8, 8, 3], [node('a', 'conv2d', ['input'], {}, 4), node('bn', 'batch_norm', ['a']), node('r', 'activation', ['bn'])], ['bn', 'r']);
    assert.equal(dropPoints(analyzeGraph(g))['a'], 'bn');
  });
});
