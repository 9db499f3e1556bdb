/** The header's text and buttons through a recorded run, and the report table's rows. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostToWebview } from '../../../src/protocol/webview.js';
import { actions, headerView, waitingForFirstEpoch } from '../../../webview/headerModel.js';
import { reportView } from '../../../webview/reportModel.js';
import { reduce } from '../../../webview/state.js';
import { finishedSnapshot, recordedMessages, replay } from '../../helpers/panelFixture.js';

const messages = recordedMessages();

/** The state right after the first message matching `pick`. */
function at(pick: (m: HostToWebview) => boolean) {
  return replay(messages.slice(0, messages.findIndex(pick) + 1));
}

describe('headerView', () => {
  it('says the run is starting before any progress', () => {
    const view = headerView(replay(messages.slice(0, 1)))!;
    assert.equal(view.phase, 'starting');
    assert.equal(view.iteration, 'iteration 1/3');
    assert.equal(view.eta, undefined);
    assert.equal(view.engine, 'tfjs 4.22.0 · wasm');
    assert.match(view.engineReason, /wasm/);
  });

  it('follows the live event: phase, iteration i/T, epoch, ETA and throughput', () => {
    const view = headerView(at((m) => m.kind === 'progress' && m.event.phase === 'search-train' && m.event.iteration === 1 && m.event.epoch === 2))!;
    assert.equal(view.phase, 'training (search)');
    assert.equal(view.iteration, 'iteration 2/3');
    assert.equal(view.step, 'epoch 2/4');
    assert.match(view.eta!, /^\d+ s$|min/);
    assert.equal(view.imagesPerSecond, '500 images/s');
  });

  it('counts probe passes while measuring FUR, and shows T/T in the final phase', () => {
    const fur = headerView(at((m) => m.kind === 'progress' && m.event.phase === 'fur'))!;
    assert.equal(fur.phase, 'measuring FUR');
    assert.match(fur.step!, /^probe pass 1\/\d+$/);
    const final = headerView(at((m) => m.kind === 'progress' && m.event.phase === 'final-adjusted'))!;
    assert.equal(final.phase, 'final training: adjusted');
    assert.equal(final.iteration, 'iteration 3/3');
  });

  it('after a reload (no live event) falls back to the last finished epoch', () => {
    const state = at((m) => m.kind === 'progress' && m.event.phase === 'final-original' && m.event.epochEnd);
    const view = headerView({ snapshot: state.snapshot! })!;
    assert.equal(view.phase, 'final training: original');
    assert.equal(view.step, 'epoch 1/6');
  });

  it('shows the end state without a time estimate, with the failure message', () => {
    const done = headerView({ snapshot: finishedSnapshot() })!;
    assert.deepEqual([done.phase, done.eta, done.iteration], ['done', undefined, undefined]);
    const failed = headerView(reduce(replay(messages.slice(0, 20)), { kind: 'runEnded', runId: done.runId, state: 'failed', message: 'disk full' }))!;
    assert.deepEqual([failed.phase, failed.message], ['failed', 'disk full']);
  });

  it('is absent when no run is shown', () => {
    assert.equal(headerView({}), undefined);
  });
});

describe('actions', () => {
  it('offers Cancel while running, Resume after a stop, Apply and Open report when done', () => {
    const s = finishedSnapshot();
    assert.deepEqual(actions({ ...s, state: 'running', report: undefined }), { cancel: true, resume: false, apply: false, openReport: false });
    assert.deepEqual(actions({ ...s, state: 'cancelled', report: undefined }), { cancel: false, resume: true, apply: false, openReport: false });
    assert.deepEqual(actions({ ...s, state: 'failed', report: undefined }), { cancel: false, resume: true, apply: false, openReport: false });
    assert.deepEqual(actions(s), { cancel: false, resume: false, apply: true, openReport: true });
    assert.deepEqual(actions(undefined), { cancel: false, resume: false, apply: false, openReport: false });
  });
});

describe('waitingForFirstEpoch', () => {
  it('holds from the start until the first training epoch ends', () => {
    assert.equal(waitingForFirstEpoch(replay(messages.slice(0, 1)).snapshot), true);
    assert.equal(waitingForFirstEpoch(at((m) => m.kind === 'progress' && m.event.epochEnd).snapshot), false);
    assert.equal(waitingForFirstEpoch(undefined), false);
    assert.equal(waitingForFirstEpoch({ ...finishedSnapshot(), epochs: [], iterations: [] }), false, 'a finished run never waits');
  });
});

describe('reportView', () => {
  it('compares original and adjusted with signed changes and tones', () => {
    const view = reportView(finishedSnapshot().report!);
    const byName = Object.fromEntries(view.metrics.map((r) => [r.name, r]));
    assert.deepEqual(byName['MACs'], { name: 'MACs', original: '71.67 M', adjusted: '71.73 M', delta: '+0.09 %', tone: 'same' });
    assert.deepEqual(byName['params'], { name: 'params', original: '1.91 M', adjusted: '1.43 M', delta: '\u221225.13 %', tone: 'better' });
    assert.equal(byName['test accuracy']!.original, '57.47 %');
    assert.equal(byName['test accuracy']!.delta, '+0.49 pp');
    assert.equal(byName['test accuracy']!.tone, 'better');
    assert.equal(byName['test loss']!.tone, 'better');
    assert.deepEqual(view.layers.find((r) => r.name === 'conv9'), { name: 'conv9', original: '256', adjusted: '220', delta: '\u221236', tone: 'same' });
    assert.equal(view.layers.find((r) => r.name === 'fc')!.delta, '±0');
    assert.equal(view.adjustedModelFile, 'adjusted-widths.json');
  });
});
