import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { evaluate } from '../../../../src/model/channels.js';
import { totalMacs } from '../../../../src/model/summary.js';
import { channelClasses } from '../../../../src/engine/prune/channelClasses.js';
import { keptPositions, planKeep } from '../../../../src/engine/prune/keepPlan.js';
import { sliceWeights } from '../../../../src/engine/prune/sliceWeights.js';
import { layerTensors, tensorKey } from '../../../../src/engine/weights/canonical.js';
import { f32, type Tensor } from '../../../../src/engine/weights/safetensors.js';
import { graphOf, node } from '../../../helpers/graphs.js';
import { EXAMPLE_FILES, exampleText, load } from '../../model/yaml/support.js';
import { tinyResNet } from '../tfjs/tinyGraphs.js';

/** Every tensor of the network at its written widths, each value encoding its own index (so slices can be traced). */
function numberedWeights(analysis: ReturnType<typeof analyzeGraph>): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  const channels = (name: string) => evaluate(analysis.layers.find((l) => l.node.name === name)!.shape!.channels, analysis.widths);
  for (const { node: n } of analysis.layers) {
    if (n.inputs.length === 0) {
      continue;
    }
    for (const [name, shape] of layerTensors(n, channels(n.inputs[0]!), channels(n.name))) {
      const size = shape.reduce((a, b) => a * b, 1);
      out.set(tensorKey(n.name, name), f32(shape, Float32Array.from({ length: size }, (_, i) => i)));
    }
  }
  return out;
}

describe('channel classes', () => {
  const analysis = analyzeGraph(tinyResNet([8, 8, 3], 3, [4, 6]));
  const classes = channelClasses(analysis, analysis.widths);

  it('ties the channels a residual add sums, a zero-padded shortcut covering a prefix of the wider side', () => {
    const stem = classes.classOf.get('stem')!;
    assert.deepEqual([...classes.classOf.get('b1c2')!], [...stem]);
    assert.deepEqual([...classes.classOf.get('b2c2')!].slice(0, 4), [...stem]);
    const extra = [...classes.classOf.get('b2c2')!].slice(4);
    assert.equal(extra.filter((id) => stem.includes(id)).length, 0);
  });

  it('keeps the classifier and leaves the inner convs of blocks independent', () => {
    assert.equal(classes.prunable.has('fc'), false);
    assert.deepEqual([...classes.prunable.keys()].sort(), ['b1c1', 'b1c2', 'b2c1', 'b2c2', 'stem']);
    const b1c1 = classes.classOf.get('b1c1')!;
    assert.equal([...b1c1].some((id) => classes.classOf.get('stem')!.includes(id)), false);
  });

  it('fixes grouped convolutions, and a depthwise conv follows its input', () => {
    const g = analyzeGraph(
      graphOf([8, 8, 3], [
        node('a', 'conv2d', ['input'], {}, 8),
        node('dw', 'depthwise_conv2d', ['a'], { multiplier: 2 }),
        node('g', 'conv2d', ['dw'], { groups: 2 }, 4),
        node('gap', 'global_avg_pool', ['g']),
        node('fc', 'dense', ['gap'], {}, 2),
      ]),
    );
    const c = channelClasses(g, g.widths);
    const a = c.classOf.get('a')!;
    assert.deepEqual([...c.classOf.get('dw')!], [...a].flatMap((id) => [id, id]));
    assert.equal(c.prunable.has('a'), false, 'a feeds a grouped conv through the depthwise: its channels stay');
    assert.equal(c.prunable.has('g'), false);
  });
});

describe('keep plan', () => {
  const analysis = analyzeGraph(tinyResNet([8, 8, 3], 3, [8, 12]));
  const classes = channelClasses(analysis, analysis.widths);
  const scores = new Map([...classes.prunable].map(([v, ids]) => [v, Float64Array.from(ids, (_, i) => ((i * 7 + v.length) % 11) + 1)]));
  const cost = (w: Record<string, number>) => totalMacs(analysis, w);
  const full = cost(analysis.widths);

  it('lands near the target cost and keeps at least the minimum width everywhere', () => {
    for (const ratio of [0.3, 0.5, 0.75]) {
      const plan = planKeep(classes, { widths: analysis.widths, scores, cost, target: ratio * full, minWidth: 2 });
      assert.ok(Math.abs(plan.cost / (ratio * full) - 1) < 0.12, `ratio ${ratio}: ${plan.cost} vs ${ratio * full}`);
      for (const v of classes.prunable.keys()) {
        assert.ok(plan.widths[v]! >= 2, `${v} keeps ${plan.widths[v]}`);
      }
      assert.equal(plan.widths['fc'], 3);
    }
  });

  it('keeps the residual stage aligned: the narrow side keeps a prefix of the wide side\'s kept positions', () => {
    const plan = planKeep(classes, { widths: analysis.widths, scores, cost, target: 0.5 * full, minWidth: 1 });
    const stem = keptPositions(classes, plan.kept, 'stem');
    const wide = keptPositions(classes, plan.kept, 'b2c2');
    assert.deepEqual(wide.slice(0, stem.length), stem);
    assert.ok(wide.slice(stem.length).every((p) => p >= 8));
    assert.deepEqual(keptPositions(classes, plan.kept, 'b1c2'), stem);
  });

  it('keeps the best-scored channels of an independent layer', () => {
    const plan = planKeep(classes, { widths: analysis.widths, scores, cost, target: 0.6 * full, minWidth: 1 });
    const s = scores.get('b1c1')!;
    const kept = keptPositions(classes, plan.kept, 'b1c1');
    const dropped = [...s.keys()].filter((i) => !kept.includes(i));
    assert.ok(dropped.every((d) => kept.every((k) => s[k]! >= s[d]!)), `kept ${kept} dropped ${dropped}`);
  });

  it('names a layer whose scores are missing', () => {
    const partial = new Map([...scores].filter(([v]) => v !== 'b2c1'));
    assert.throws(() => planKeep(classes, { widths: analysis.widths, scores: partial, cost, target: full / 2, minWidth: 1 }), /'b2c1' needs 12 channel scores/);
  });
});

describe('weight slicing', () => {
  it('gives every tensor the pruned network needs, with the kept channels\' values', () => {
    const analysis = analyzeGraph(tinyResNet([8, 8, 3], 3, [4, 6], true));
    const classes = channelClasses(analysis, analysis.widths);
    const scores = new Map([...classes.prunable].map(([v, ids]) => [v, Float64Array.from(ids, (_, i) => (i % 3) + 1)]));
    const plan = planKeep(classes, { widths: analysis.widths, scores, cost: (w) => totalMacs(analysis, w), target: 0.5 * totalMacs(analysis, analysis.widths), minWidth: 1 });
    const weights = numberedWeights(analysis);
    const sliced = sliceWeights(analysis, classes, plan.kept, weights, 'original.safetensors');
    const channels = (name: string) => evaluate(analysis.layers.find((l) => l.node.name === name)!.shape!.channels, plan.widths);
    for (const { node: n } of analysis.layers) {
      if (n.inputs.length === 0) {
        continue;
      }
      for (const [name, shape] of layerTensors(n, channels(n.inputs[0]!), channels(n.name))) {
        assert.deepEqual(sliced.get(tensorKey(n.name, name))?.shape, shape, `${n.name}/${name}`);
      }
    }
    // b1c1's kernel [3, 3, 4, 4]: value = index; kept output o and input i at spatial 0 is i·4 + o.
    const kin = keptPositions(classes, plan.kept, 'stem_relu');
    const kout = keptPositions(classes, plan.kept, 'b1c1');
    const k = sliced.get('b1c1/kernel')!;
    assert.equal(k.data[0], kin[0]! * 4 + kout[0]!);
    assert.equal(k.data[1], kin[0]! * 4 + kout[1]!);
    // The dense layer after flatten keeps, at every position, the kept channels of b2out (6 wide before).
    const fc = sliced.get('fc/kernel')!;
    const kept6 = keptPositions(classes, plan.kept, 'b2out');
    assert.equal(fc.shape[0], 16 * kept6.length);
    assert.equal(fc.data[3 * kept6.length * 3], (3 * 6 + kept6[0]!) * 3);
  });

  it('names a tensor of the wrong shape', () => {
    const analysis = analyzeGraph(tinyResNet([8, 8, 3], 3, [4, 6]));
    const classes = channelClasses(analysis, analysis.widths);
    const weights = numberedWeights(analysis);
    weights.set('b1c1/kernel', f32([1], new Float32Array(1)));
    assert.throws(() => sliceWeights(analysis, classes, new Set(classes.fixed), weights, 'w.safetensors'), /w\.safetensors: tensor 'b1c1\/kernel' should be float32 \[3, 3, 4, 4\], found F32 \[1\]/);
  });
});

describe('pruning the shipped examples', () => {
  for (const file of EXAMPLE_FILES) {
    it(`${file}: half the MACs within 2 %, every layer at least the minimum, every tensor sliced to its pruned shape`, () => {
      const { analysis } = load(exampleText(file), file);
      const classes = channelClasses(analysis, analysis.widths);
      const scores = new Map([...classes.prunable].map(([v, ids]) => [v, Float64Array.from(ids, (_, i) => ((i * 37 + v.length * 11) % 101) + 1)]));
      const full = totalMacs(analysis, analysis.widths);
      const plan = planKeep(classes, { widths: analysis.widths, scores, cost: (w) => totalMacs(analysis, w), target: full / 2, minWidth: 4 });
      assert.ok(Math.abs(plan.cost / (full / 2) - 1) < 0.02, `${plan.cost} vs ${full / 2}`);
      assert.ok([...classes.prunable.keys()].every((v) => plan.widths[v]! >= Math.min(4, analysis.widths[v]!)));
      const sliced = sliceWeights(analysis, classes, plan.kept, numberedWeights(analysis), file);
      const channels = (name: string) => evaluate(analysis.layers.find((l) => l.node.name === name)!.shape!.channels, plan.widths);
      for (const { node: n } of analysis.layers) {
        if (n.inputs.length > 0) {
          for (const [name, shape] of layerTensors(n, channels(n.inputs[0]!), channels(n.name))) {
            assert.deepEqual(sliced.get(tensorKey(n.name, name))?.shape, shape, `${n.name}/${name}`);
          }
        }
      }
    });
  }
});
