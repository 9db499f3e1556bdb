/** Coupling groups and cost derivatives of netadj models: the search's view of a file. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeGraph, type ModelAnalysis } from '../../../../src/model/analyze.js';
import { macsGradient, summarize, totalMacs } from '../../../../src/model/summary.js';
import { parseNetadjYaml } from '../../../../src/model/yaml/parse.js';
import { exampleText, load, model } from './support.js';

const RESNET20 = exampleText('resnet20-cifar100.netadj.yaml');

/** ResNet-20 under `tie`: stages 2 and 3 widen through projections, so their identity adds can be coupled. */
const RESNET20_TIE = RESNET20.replace('residual: pad', 'residual: tie')
  .replace('stride: 2, inner: 32', 'stride: 2, shortcut: projection, projection: 32, inner: 32')
  .replace('stride: 2, inner: [64', 'stride: 2, shortcut: projection, projection: 64, inner: [64');

const groupOf = (a: ModelAnalysis, v: string) => a.groupOf[v];

describe('netadj coupling groups', () => {
  it('pad mode: no coupling anywhere, every width is its own group', () => {
    const { graph, analysis } = load(RESNET20);
    assert.equal(analysis.groups.length, graph.widths.length);
    assert.equal(analysis.groups.find((g) => g.id === 'stem')?.searchable, false);
    assert.equal(analysis.groups.find((g) => g.id === 'fc')?.searchable, false);
    assert.equal(analysis.groups.find((g) => g.id === 'stage1.0.out')?.searchable, true);
  });

  it('tie mode: every block output of a stage is coupled with the stage input', () => {
    const { analysis } = load(RESNET20_TIE);
    assert.deepEqual(analysis.groups.find((g) => g.id === 'stem')?.members, ['stem', 'stage1.0.out', 'stage1.1.out', 'stage1.2.out']);
    assert.deepEqual(analysis.groups.find((g) => g.id === 'stage2.0.out')?.members, ['stage2.0.out', 'stage2.0.projection', 'stage2.1.out', 'stage2.2.out']);
    assert.equal(groupOf(analysis, 'stage3.2.out'), groupOf(analysis, 'stage3.0.projection'));
    assert.notEqual(groupOf(analysis, 'stage1.0.inner'), groupOf(analysis, 'stem'));
    // Coupled with the fixed stem, stage 1's outputs cannot move either.
    assert.equal(analysis.groups.find((g) => g.id === 'stem')?.searchable, false);
  });

  it('tie mode with an identity shortcut that widens reports the coupled mismatch at the width literal', () => {
    const text = RESNET20.replace('residual: pad', 'residual: tie');
    const parsed = parseNetadjYaml(text, 't.netadj.yaml');
    const mismatch = analyzeGraph(parsed.graph!).diagnostics.filter((d) => d.code === 'coupled-mismatch');
    assert.ok(mismatch.length > 0);
    assert.equal(text.slice(mismatch[0]!.range!.start, mismatch[0]!.range!.end), '32');
  });

  it('an add item may override the residual mode', () => {
    const text = model(['  - {type: conv, name: a, width: 8}', '  - {type: conv, name: b, width: 8}', '  - {type: add, from: [a, b], mode: tie}', '  - {type: conv, name: c, width: 8}', '  - {type: add, from: [b, c]}']);
    const { graph, analysis } = load(text);
    assert.equal(groupOf(analysis, 'b'), groupOf(analysis, 'a'));
    assert.notEqual(groupOf(analysis, 'c'), groupOf(analysis, 'a'));
    assert.deepEqual(graph.nodes.filter((n) => n.type === 'add').map((n) => n.type === 'add' && n.attrs.mode), ['tie', 'pad']);
  });

  it('depthwise layers report the group of the conv that feeds them', () => {
    const s = summarize(load(exampleText('mobilenetv2-cifar10.netadj.yaml')).analysis);
    const row = (name: string) => s.layers.find((l) => l.name === name)!;
    assert.equal(row('stage2.0.dw').group, row('stage2.0.expand').group);
    assert.equal(row('stage2.0.dw').group, 'stage2.0.expand');
    assert.equal(row('stage1.0.dw').group, 'stem');
  });

  it('per-instance list widths set each block on its own', () => {
    const text = model(['  - {type: conv, name: stem, width: 8}', '  - {type: stage, name: s, block: basic, repeat: 3, inner: [8, 16, 24], out: 8}']);
    const { graph, analysis } = load(text);
    assert.deepEqual(graph.widths.filter((w) => w.name.endsWith('.inner')).map((w) => w.value), [8, 16, 24]);
    const s = summarize(analysis);
    assert.equal(s.layers.find((l) => l.name === 's.2.inner')?.macs, 9 * 8 * 24 * 32 * 32);
    assert.equal(s.layers.find((l) => l.name === 's.2.out')?.macs, 9 * 24 * 8 * 32 * 32);
  });
});

describe('netadj MACs derivative', () => {
  it('matches the ResNet-20 worked example at the written widths', () => {
    const { analysis } = load(RESNET20);
    const g = macsGradient(analysis, analysis.widths);
    // An inner conv owns its output: its own MACs plus its consumer's, 2·(9·16·16·32·32).
    assert.equal(16 * g['stage1.1.inner']!, 4_718_592);
    // At equal widths the trunk (first add input) owns the stage width, so an output conv pays only for itself.
    assert.equal(16 * g['stage1.1.out']!, 2_359_296);
  });

  for (const [label, text] of [['ResNet-20 (pad)', RESNET20], ['ResNet-20 (tie, projections)', RESNET20_TIE], ['MobileNetV2', exampleText('mobilenetv2-cifar10.netadj.yaml')]] as const) {
    it(`equals finite differences at random widths without near-ties: ${label}`, () => {
      const { graph, analysis } = load(text);
      const names = graph.widths.map((w) => w.name);
      // Widths pairwise at least 3 apart: a ±1 step never changes which input of a max() is widest.
      const candidates = Array.from({ length: names.length + 24 }, (_, i) => 8 + 3 * i);
      fc.assert(
        fc.property(fc.shuffledSubarray(candidates, { minLength: names.length, maxLength: names.length }), fc.shuffledSubarray(names, { minLength: 1, maxLength: 4 }), (values, probe) => {
          const widths = Object.fromEntries(names.map((n, i) => [n, values[i]!]));
          const grad = macsGradient(analysis, widths);
          for (const v of probe) {
            const up = totalMacs(analysis, { ...widths, [v]: widths[v]! + 1 });
            const down = totalMacs(analysis, { ...widths, [v]: widths[v]! - 1 });
            // MACs are bilinear in the widths away from ties, so the central difference is exact.
            assert.equal(grad[v], (up - down) / 2, v);
          }
        }),
        { numRuns: 40, seed: 20200614 },
      );
    });
  }
});
