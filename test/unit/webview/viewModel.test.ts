/** What the charts and tables show, from the recorded run and from hand-made snapshots. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costSeries, furView, trainingCurves, trainingLabel, widthGrid } from '../../../webview/viewModel.js';
import { finishedSnapshot, recordedMessages, replay } from '../../helpers/panelFixture.js';

const done = finishedSnapshot();
const LAYERS = ['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'conv6', 'conv7', 'conv8', 'conv9', 'conv10'];

/** The state just after the n-th iteration message of the recording. */
function afterIteration(n: number) {
  const messages = recordedMessages();
  const at = messages.findIndex((m) => m.kind === 'iteration' && m.record.iteration === n);
  return replay(messages.slice(0, at + 1)).snapshot!;
}

describe('trainingCurves', () => {
  it('draws one series per training, labelled by phase, in the order they ran', () => {
    const { loss, accuracy } = trainingCurves(done.epochs);
    assert.deepEqual(loss.map((s) => s.label), ['iteration 1', 'iteration 2', 'iteration 3', 'final original', 'final adjusted']);
    assert.deepEqual(loss.map((s) => s.kind), ['iteration', 'iteration', 'iteration', 'final', 'final']);
    assert.deepEqual(loss.map((s) => s.network), [undefined, undefined, undefined, 'original', 'adjusted']);
    assert.deepEqual(loss.map((s) => s.points.length), [4, 4, 4, 6, 6]);
    assert.deepEqual(loss[3]!.points.map((p) => p.x), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(accuracy.map((s) => s.points.length), [4, 4, 4, 6, 6]);
    assert.equal(loss[1]!.iteration, 1);
  });

  it('takes the values from the epoch-end events', () => {
    const first = done.epochs[0]!;
    const { loss, accuracy } = trainingCurves(done.epochs);
    assert.deepEqual(loss[0]!.points[0], { x: first.epoch, y: first.loss });
    assert.deepEqual(accuracy[0]!.points[0], { x: first.epoch, y: first.accuracy });
  });

  it('ignores FUR probe passes even when a snapshot carries them', () => {
    const probe = { ...done.epochs[0]!, phase: 'fur' as const, epoch: 9 };
    assert.deepEqual(trainingCurves([...done.epochs, probe]), trainingCurves(done.epochs));
  });

  it('labels are 1-based like the header', () => {
    assert.equal(trainingLabel({ phase: 'search-train', iteration: 0 }), 'iteration 1');
    assert.equal(trainingLabel({ phase: 'final-adjusted' }), 'final adjusted');
    assert.equal(trainingLabel({ phase: 'final-uniform' }), 'final uniformly scaled');
    assert.equal(trainingLabel({ phase: 'final-adjusted-distilled' }), 'final adjusted + distillation');
    assert.equal(trainingLabel({ phase: 'final-l1' }), 'final L1-norm pruned');
  });
});

describe('costSeries', () => {
  it('has every iteration, then the adjusted network once the report is in', () => {
    const c = costSeries(done);
    assert.deepEqual(c.labels, ['1', '2', '3', 'adjusted']);
    assert.equal(c.macs[0], done.manifest.originalMacs);
    assert.equal(c.budgetMacs, done.manifest.originalMacs);
    assert.equal(c.params.at(-1), done.report!.adjusted.params);
    assert.deepEqual(costSeries(afterIteration(1)).labels, ['1', '2']);
  });

  it("draws the budget at the run's target when it shrinks the network", () => {
    const budget = { targetMacs: done.manifest.originalMacs / 2, multiplier: 0.7, divisor: 8, startWidths: {}, startMacs: 0, startParams: 0 };
    assert.equal(costSeries({ ...done, manifest: { ...done.manifest, budget } }).budgetMacs, done.manifest.originalMacs / 2);
  });
});

describe('furView', () => {
  it('sorts the latest iteration most useful first and marks what the update did', () => {
    const view = furView(done.iterations)!;
    const last = done.iterations.at(-1)!;
    assert.equal(view.iteration, 2);
    assert.equal(view.bars.length, Object.keys(last.fur).length);
    assert.ok(view.bars.every((b, i) => i === 0 || view.bars[i - 1]!.fur >= b.fur));
    const action = Object.fromEntries(view.bars.map((b) => [b.group, b.action]));
    for (const g of last.grown ?? []) assert.equal(action[g], 'grow');
    for (const g of last.shrunk ?? []) assert.equal(action[g], 'shrink');
    assert.equal(view.bars.filter((b) => b.action === 'keep').length, view.bars.length - (last.grown?.length ?? 0) - (last.shrunk?.length ?? 0));
    const conv1 = view.bars.find((b) => b.group === 'conv1')!;
    assert.deepEqual([conv1.width, conv1.nextWidth], [last.widths['conv1'], last.nextWidths['conv1']]);
  });

  it('is absent before the first iteration', () => {
    assert.equal(furView([]), undefined);
  });
});

describe('widthGrid', () => {
  it('has a column per iteration and the adjusted widths, a row per searchable layer', () => {
    const grid = widthGrid(done);
    assert.deepEqual(grid.columns, ['it 1', 'it 2', 'it 3', 'adjusted']);
    // The classifier's units are fixed: no row.
    assert.deepEqual(grid.rows.map((r) => r.layer), LAYERS);
    const conv1 = grid.rows[0]!;
    assert.equal(conv1.original, 32);
    assert.equal(conv1.widths[0], 32, 'the first iteration trains the original widths');
    assert.equal(conv1.widths.at(-1), done.report!.adjusted.widths['conv1']);
  });

  it('shows the proposed next widths while the run goes on', () => {
    const s = afterIteration(0);
    const grid = widthGrid(s);
    assert.deepEqual(grid.columns, ['it 1', 'next']);
    assert.equal(grid.rows[0]!.widths[1], s.iterations[0]!.nextWidths['conv1']);
  });

  it('is empty before the first iteration', () => {
    assert.deepEqual(widthGrid({ ...done, iterations: [], report: undefined }), { columns: [], rows: [] });
  });
});
