import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scaleToBudget } from '../../../../src/engine/budget/scale.js';
import { analyzeGraph, type ModelAnalysis } from '../../../../src/model/analyze.js';
import { loadModel } from '../../../../src/model/load.js';
import { totalMacs } from '../../../../src/model/summary.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';
import { REPO_ROOT } from '../../../helpers/cli.js';
import { graphOf, node } from '../../../helpers/graphs.js';

const S = DEFAULT_SEARCH_SETTINGS;

function example(name: string): ModelAnalysis {
  const file = path.join(REPO_ROOT, 'examples', name);
  return loadModel(file, readFileSync(file, 'utf8')).analysis!;
}

function searchableWidths(a: ModelAnalysis, widths: Record<string, number>): [string, number][] {
  return a.groups.filter((g) => g.searchable).map((g) => [g.id, widths[g.id]!]);
}

describe('scaleToBudget (uniform width scaling to a MAC budget)', () => {
  const resnet20 = example('resnet20-cifar100.netadj.yaml');
  const original = totalMacs(resnet20, resnet20.widths);

  it('lands ResNet-20 within 1 % of 0.5×, one multiplier for every searchable width, fixed layers untouched', () => {
    const r = scaleToBudget(resnet20, 0.5 * original, S);
    assert.ok(r.withinTolerance && Math.abs(r.ratio - 0.5) <= 0.005, `ratio ${r.ratio}`);
    assert.equal(r.macs, totalMacs(resnet20, r.variableWidths));
    assert.equal(r.widths['stem'], 16);
    assert.equal(r.widths['fc'], 100);
    // The documented fallback: with 8, ResNet-20 jumps from 0.31× to 0.67× (every stage crosses the +divisor
    // correction at the same m), so the ladder takes 4.
    assert.equal(r.divisor, 4);
    for (const [id, w] of searchableWidths(resnet20, r.widths)) {
      assert.equal(w % 4, 0, `${id} = ${w}`);
    }
    // Uniform: the same rounded width for every group of the same written width.
    assert.deepEqual([...new Set(searchableWidths(resnet20, r.widths).map(([id, w]) => `${id.slice(0, 6)}:${w}`))], ['stage1:12', 'stage2:20', 'stage3:40']);
    assert.ok(Math.abs(r.multiplier - 0.66) < 0.02, `m = ${r.multiplier}`);
  });

  it('rounds to multiples of 8 where they land within tolerance (VGG-16)', () => {
    const wide = example('vgg16-cifar10.netadj.yaml');
    const r = scaleToBudget(wide, 0.5 * totalMacs(wide, wide.widths), S);
    assert.equal(r.divisor, 8);
    assert.ok(r.withinTolerance, `ratio ${r.ratio}`);
    for (const [id, w] of searchableWidths(wide, r.widths)) {
      assert.equal(w % 8, 0, `${id} = ${w}`);
    }
  });

  it('keeps the network at a target equal to its MACs, and never rounds a width above the written one', () => {
    const same = scaleToBudget(resnet20, original, S);
    assert.deepEqual(same.variableWidths, resnet20.widths);
    assert.equal(same.multiplier, 1);
    // 12 is not a multiple of 8: it rounds to multiples of 4 (gcd), so 0.9× cannot make it 16.
    const tiny = analyzeGraph(graphOf([28, 28, 1], [node('a', 'conv2d', ['input'], { stride: [2, 2] }, 8), node('b', 'conv2d', ['a'], { stride: [2, 2] }, 12), node('c', 'conv2d', ['b'], {}, 16), node('gap', 'global_avg_pool', ['c']), node('fc', 'dense', ['gap'], {}, 10)]));
    for (const ratio of [0.95, 0.9, 0.8, 0.7, 0.6, 0.5]) {
      const r = scaleToBudget(tiny, ratio * totalMacs(tiny, tiny.widths), S);
      assert.ok(r.widths['b']! <= 12 && r.widths['a']! <= 8 && r.widths['c']! <= 16, `${ratio}: ${JSON.stringify(r.widths)}`);
      assert.ok(r.macs <= totalMacs(tiny, tiny.widths));
    }
  });

  it('honours group divisors: lcm with the rounding divisor', () => {
    const grouped = analyzeGraph(
      graphOf([16, 16, 3], [
        node('a', 'conv2d', ['input'], {}, 48),
        node('g', 'conv2d', ['a'], { groups: 3 }, 96),
        node('b', 'conv2d', ['g'], {}, 64),
        node('gap', 'global_avg_pool', ['b']),
        node('fc', 'dense', ['gap'], {}, 10),
      ]),
    );
    const divisors = Object.fromEntries(grouped.groups.map((g) => [g.id, g.divisor]));
    assert.equal(divisors['g'], 3, JSON.stringify(divisors));
    const r = scaleToBudget(grouped, 0.5 * totalMacs(grouped, grouped.widths), S);
    for (const g of grouped.groups.filter((x) => x.searchable)) {
      const w = r.widths[g.id]!;
      assert.equal(w % g.divisor, 0, `${g.id} = ${w} is not a multiple of its group divisor ${g.divisor}`);
      if (r.divisor === 8) {
        assert.equal(w % (g.divisor === 1 ? 8 : 24), 0, `${g.id} = ${w}`);
      }
    }
    assert.ok(Math.abs(r.ratio - 0.5) < 0.1, `ratio ${r.ratio}`);
  });
});
