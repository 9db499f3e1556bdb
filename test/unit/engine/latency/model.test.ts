import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeGraph, type ModelAnalysis } from '../../../../src/model/analyze.js';
import { buildLatencyTable } from '../../../../src/engine/latency/build.js';
import { layerGrids, WIDTH_FACTORS } from '../../../../src/engine/latency/grid.js';
import { timedLayers } from '../../../../src/engine/latency/layers.js';
import { latencyCostModel } from '../../../../src/engine/latency/model.js';
import { graphOf, node } from '../../../helpers/graphs.js';
import { resnetCifar } from '../../../helpers/resnet.js';
import { suiteWorkspaces } from '../../../helpers/runs.js';
import { fakeNetworkMs, TimingTrainer } from './fakeTiming.js';

const MIN_WIDTH = 4;
const settings = { latencyBatchSize: 1, minWidth: MIN_WIDTH };

/** Stem, a depthwise and a separable convolution, a grouped one, a flatten and two dense layers. */
function mixed(): ModelAnalysis {
  return analyzeGraph(
    graphOf([8, 8, 3], [
      node('stem', 'conv2d', ['input'], {}, 16),
      node('dw', 'depthwise_conv2d', ['stem'], { multiplier: 2 }),
      node('sep', 'separable_conv2d', ['dw'], { stride: [2, 2] }, 24),
      node('grp', 'conv2d', ['sep'], { groups: 4, bias: true }, 32),
      node('flat', 'flatten', ['grp']),
      node('hidden', 'dense', ['flat'], {}, 20),
      node('fc', 'dense', ['hidden'], {}, 10),
    ]),
  );
}

async function modelOf(analysis: ModelAnalysis, workspace: string) {
  const build = await buildLatencyTable(analysis, new TimingTrainer(analysis), { workspace, settings });
  return { build, cost: latencyCostModel(analysis, build.table, MIN_WIDTH) };
}

const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol * Math.max(1e-3, Math.abs(b)), `${a} vs ${b}`);

describe('the latency cost model', () => {
  const workspace = suiteWorkspaces();
  const resnet = analyzeGraph(resnetCifar(1, 10));
  const net = mixed();

  it('times every width-owning layer (and the depthwise one) on a grid around its original widths', () => {
    const grids = layerGrids(net, timedLayers(net), MIN_WIDTH);
    assert.deepEqual(grids.map((g) => g.layer.node.name), ['stem', 'dw', 'sep', 'grp', 'hidden', 'fc']);
    const byName = Object.fromEntries(grids.map((g) => [g.layer.node.name, g]));
    // The input image is fixed: one input value; the stem's own width takes every factor (at least minWidth).
    assert.deepEqual(byName['stem']!.inChannels, [3]);
    assert.deepEqual(byName['stem']!.outChannels, [4, 8, 12, 16, 20, 24, 32]);
    assert.equal(WIDTH_FACTORS.length, 7);
    // The depthwise layer follows its input: a 1-D grid over the stem's candidates.
    assert.deepEqual(byName['dw']!.inChannels, [4, 8, 12, 16, 20, 24, 32]);
    assert.deepEqual(byName['dw']!.outChannels, []);
    // Its input is the depthwise output (× 2); the grouped conv's widths stay multiples of its 4 groups.
    assert.deepEqual(byName['sep']!.inChannels, [8, 16, 24, 32, 40, 48, 64]);
    assert.ok(byName['grp']!.inChannels.every((c) => c % 4 === 0) && byName['grp']!.outChannels.every((c) => c % 4 === 0));
    // The classifier's width is fixed: one output value.
    assert.deepEqual(byName['fc']!.outChannels, [10]);
  });

  it('predicts the sum of the layers\' timings exactly at the original and the grid widths', async () => {
    for (const analysis of [resnet, net]) {
      const { cost } = await modelOf(analysis, workspace());
      close(cost.total(analysis.widths), fakeNetworkMs(analysis, analysis.widths), 1e-12);
      const half = Object.fromEntries(Object.entries(analysis.widths).map(([k, v]) => [k, analysis.groups.find((g) => g.id === analysis.groupOf[k])!.searchable ? v / 2 : v]));
      close(cost.total(half), fakeNetworkMs(analysis, half), 1e-12);
    }
  });

  it('interpolates between grid widths close to the true timings', async () => {
    const { cost } = await modelOf(resnet, workspace());
    const off = { ...resnet.widths, c0: 19, c1: 13, c3: 37 };
    close(cost.total(off), fakeNetworkMs(resnet, off), 0.01);
  });

  it('has a gradient equal to central finite differences of its total', async () => {
    // Widths with no ties: at a tie of a padded residual's max() the derivative goes to its first argument, as the
    // MACs model's does, while a central difference sees half of it.
    const untied = (analysis: ModelAnalysis) => Object.fromEntries(Object.entries(analysis.widths).map(([k, v], i) => [k, v * 0.9 + 0.37 + 0.11 * i]));
    const cases = [
      { analysis: net, points: [net.widths, untied(net)] }, // on the grid (kinks: the mean of the slopes either side), and off it
      { analysis: resnet, points: [untied(resnet)] },
    ];
    for (const { analysis, points } of cases) {
      const { cost } = await modelOf(analysis, workspace());
      for (const widths of points) {
        const gradient = cost.gradient(widths);
        for (const name of Object.keys(widths)) {
          const h = 1e-4;
          const fd = (cost.total({ ...widths, [name]: widths[name]! + h }) - cost.total({ ...widths, [name]: widths[name]! - h })) / (2 * h);
          close(gradient[name]!, fd, 1e-5);
        }
      }
    }
  });

  it('refuses a table that lacks one of its timings, naming it', async () => {
    const { build } = await modelOf(net, workspace());
    const [first] = Object.keys(build.table.entries);
    const entries = { ...build.table.entries };
    delete entries[first!];
    assert.throws(() => latencyCostModel(net, { ...build.table, entries }, MIN_WIDTH, 'run/latency-table.json'), new RegExp(`^Error: run/latency-table\\.json has no timing for '${first!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`));
  });
});
