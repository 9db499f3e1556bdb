/** The shipped examples: they read without a diagnostic, expand as documented, and cost what the papers say. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarize } from '../../../../src/model/summary.js';
import { EXAMPLE_FILES, exampleText, load } from './support.js';

/** CIFAR ResNet-(6n+2) MACs: stem, stage 1 (2n convs 16→16 at 32×32), stages 2 and 3 (a strided conv, then 2n−1). */
function resnetMacs(n: number): number {
  const conv = (cin: number, cout: number, hw: number) => 9 * cin * cout * hw * hw;
  return conv(3, 16, 32) + 2 * n * conv(16, 16, 32) + conv(16, 32, 16) + (2 * n - 1) * conv(32, 32, 16) + conv(32, 64, 8) + (2 * n - 1) * conv(64, 64, 8) + 64 * 100;
}

describe('netadj examples', () => {
  it('every example reads and analyses without a diagnostic', () => {
    assert.ok(EXAMPLE_FILES.length >= 7);
    for (const file of EXAMPLE_FILES) {
      const { graph } = load(exampleText(file), file);
      assert.equal(graph.format, 'netadj-yaml');
      assert.match(exampleText(file), /^# /, `${file} starts with a comment saying what it is`);
    }
  });

  it('ResNet-20 (CIFAR-100) costs 40,556,800 MACs and 275,572 trainable parameters', () => {
    const s = summarize(load(exampleText('resnet20-cifar100.netadj.yaml')).analysis);
    assert.equal(s.totalMacs, 40_556_800);
    assert.equal(s.totalMacs, resnetMacs(3));
    // By hand (PyTorch count, option-A shortcuts): conv kernels 432 + 6·2,304 + (4,608 + 5·9,216) + (18,432 + 5·36,864)
    // = 267,696; BN gamma/beta 2·(16 + 6·16 + 6·32 + 6·64) = 1,376; fc 64·100 + 100 = 6,500. Total 275,572.
    // (278,324 is the same network with 1×1 projection shortcuts, checked below.)
    assert.equal(s.totalParams, 275_572);
    assert.equal(s.nonTrainableParams, 1_376);
  });

  it('ResNet-32, -56 and -110 cost what the closed form says (ResNet-56: 125,491,456 MACs)', () => {
    const macs = (file: string) => summarize(load(exampleText(file)).analysis).totalMacs;
    assert.equal(macs('resnet56-cifar100.netadj.yaml'), 125_491_456);
    assert.equal(macs('resnet32-cifar100.netadj.yaml'), resnetMacs(5));
    assert.equal(macs('resnet56-cifar100.netadj.yaml'), resnetMacs(9));
    assert.equal(macs('resnet110-cifar100.netadj.yaml'), resnetMacs(18));
  });

  it('projection shortcuts add two 1×1 conv+BN: 278,324 parameters and 262,144 more MACs', () => {
    const text = exampleText('resnet20-cifar100.netadj.yaml')
      .replace('stride: 2, inner: 32', 'stride: 2, shortcut: projection, projection: 32, inner: 32')
      .replace('stride: 2, inner: [64', 'stride: 2, shortcut: projection, projection: 64, inner: [64');
    const { graph, analysis } = load(text);
    const s = summarize(analysis);
    // 16·32 + 2·32 and 32·64 + 2·64 parameters; 16·32·16·16 and 32·64·8·8 MACs.
    assert.equal(s.totalParams, 275_572 + 512 + 64 + 2_048 + 128);
    assert.equal(s.totalParams, 278_324);
    assert.equal(s.totalMacs, 40_556_800 + 131_072 + 131_072);
    const proj = graph.nodes.find((n) => n.name === 'stage2.0.projection');
    assert.ok(proj && proj.type === 'conv2d');
    assert.deepEqual([proj.attrs.kernel, proj.attrs.stride], [[1, 1], [2, 2]]);
    assert.deepEqual(graph.nodes.find((n) => n.name === 'stage2.0.add')?.inputs, ['stage2.0.projection/bn', 'stage2.0.out/bn']);
    assert.equal(graph.nodes.some((n) => n.name === 'stage2.0.pool'), false);
  });

  it('VGG-16 (CIFAR-10) costs 313,201,664 MACs', () => {
    // 32×32: 3→64, 64→64; 16×16: 64→128, 128→128; 8×8: 128→256, 2× 256→256; 4×4: 256→512, 2× 512→512;
    // 2×2: 3× 512→512; fc 512→10.
    const c = (cin: number, cout: number, hw: number) => 9 * cin * cout * hw * hw;
    const expected = c(3, 64, 32) + c(64, 64, 32) + c(64, 128, 16) + c(128, 128, 16) + c(128, 256, 8) + 2 * c(256, 256, 8) + c(256, 512, 4) + 2 * c(512, 512, 4) + 3 * c(512, 512, 2) + 5_120;
    assert.equal(expected, 313_201_664);
    assert.equal(summarize(load(exampleText('vgg16-cifar10.netadj.yaml')).analysis).totalMacs, expected);
  });

  it('expands a basic stage into named nodes, shortcut first, pointing at the stage item', () => {
    const text = exampleText('resnet20-cifar100.netadj.yaml');
    const { graph } = load(text);
    const byName = new Map(graph.nodes.map((n) => [n.name, n]));
    const block = graph.nodes.filter((n) => n.name.startsWith('stage2.0.')).map((n) => n.name);
    assert.deepEqual(block, ['stage2.0.inner', 'stage2.0.inner/bn', 'stage2.0.inner/act', 'stage2.0.out', 'stage2.0.out/bn', 'stage2.0.pool', 'stage2.0.add', 'stage2.0.relu']);
    assert.deepEqual(byName.get('stage2.0.add')?.inputs, ['stage2.0.pool', 'stage2.0.out/bn']);
    assert.deepEqual(byName.get('stage2.0.pool')?.inputs, ['stage1.2.relu']);
    assert.deepEqual(byName.get('stage1.1.add')?.inputs, ['stage1.0.relu', 'stage1.1.out/bn']);
    const pool = byName.get('stage2.0.pool');
    assert.ok(pool?.type === 'avg_pool');
    assert.deepEqual([pool.attrs.size, pool.attrs.stride], [[2, 2], [2, 2]]);
    for (const n of graph.nodes.filter((x) => x.name.startsWith('stage2.'))) {
      assert.equal(n.origin, 'stage2');
      assert.ok(text.slice(n.range!.start, n.range!.end).startsWith('{type: stage, name: stage2,'));
    }
    assert.equal(byName.get('stem')?.origin, undefined);
    assert.equal(byName.get('stem/act')?.origin, 'stem');
    assert.deepEqual(graph.outputs, ['fc']);
    assert.deepEqual(graph.input, [32, 32, 3]);
    assert.deepEqual(graph.dataset, { format: 'cifar100', path: './data/cifar-100-binary' });
    assert.deepEqual(graph.search, { iterations: 10, epochsPerIteration: 20 });
  });

  it('gives shared scalars and list elements their own literal ranges', () => {
    const text = exampleText('resnet20-cifar100.netadj.yaml');
    const { graph } = load(text);
    const w = new Map(graph.widths.map((v) => [v.name, v]));
    const lit = (name: string) => w.get(name)!.literal!;
    assert.equal(text.slice(lit('stage1.1.inner').range.start, lit('stage1.1.inner').range.end), '16');
    assert.deepEqual(lit('stage1.1.inner').shared, { index: 1, count: 3 });
    assert.deepEqual(lit('stage1.0.inner').range, lit('stage1.2.inner').range);
    assert.equal(lit('stage3.2.out').shared, undefined);
    const line = text.split('\n').find((l) => l.includes('name: stage3'))!;
    const lineStart = text.indexOf(line);
    assert.equal(lit('stage3.2.out').range.start - lineStart, line.lastIndexOf('64'));
    assert.equal(w.get('stem')!.searchable, false);
    assert.equal(w.get('fc')!.value, 100);
    assert.deepEqual(graph.widths.map((v) => v.name).slice(0, 4), ['stem', 'stage1.0.inner', 'stage1.0.out', 'stage1.1.inner']);
  });

  it('expands MobileNetV2 inverted stages: no residual in the first block, linear bottlenecks', () => {
    const { graph } = load(exampleText('mobilenetv2-cifar10.netadj.yaml'));
    const names = new Set(graph.nodes.map((n) => n.name));
    assert.equal(names.has('stage3.0.add'), false);
    assert.deepEqual(graph.nodes.find((n) => n.name === 'stage3.1.add')?.inputs, ['stage3.0.out/bn', 'stage3.1.out/bn']);
    assert.equal(names.has('stage3.1.out/act'), false);
    assert.equal(names.has('stage3.1.relu'), false);
    const dw = graph.nodes.find((n) => n.name === 'stage3.0.dw');
    assert.ok(dw?.type === 'depthwise_conv2d');
    assert.deepEqual(dw.attrs.stride, [2, 2]);
    assert.deepEqual(graph.nodes.find((n) => n.name === 'stage3.0.expand/act')?.attrs, { fn: 'relu6' });
    assert.deepEqual(graph.widths.filter((v) => v.name.startsWith('stage4.') && v.name.endsWith('.expand')).map((v) => v.value), [192, 384, 384, 384]);
  });
});
