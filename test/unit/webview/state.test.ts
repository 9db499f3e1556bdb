/** The panel's reducer: replaying a recorded run, stray and repeated messages, saved state. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProgressEvent } from '../../../src/protocol/types.js';
import type { HostToWebview } from '../../../src/protocol/webview.js';
import { addEpoch, persistedState, reduce, restoreState, type PanelState } from '../../../webview/state.js';
import { finishedSnapshot, recordedMessages, replay } from '../../helpers/panelFixture.js';

const messages = recordedMessages();
const start = messages[0] as Extract<HostToWebview, { kind: 'snapshot' }>;
const runId = start.snapshot.manifest.runId;

function epoch(phase: ProgressEvent['phase'], iteration: number | undefined, n: number, loss = 1): ProgressEvent {
  return { runId, phase, ...(iteration === undefined ? {} : { iteration }), epoch: n, epochs: 4, batch: 4, batches: 4, loss, accuracy: 0.5, learningRate: 0.1, imagesPerSecond: 100, etaSeconds: 60, epochEnd: true };
}

/** Freezes a value deeply, so a reducer that mutates its input throws. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(frozen);
    Object.freeze(value);
  }
  return value;
}

describe('reduce', () => {
  it('replays the recorded run into the finished snapshot', () => {
    const s = finishedSnapshot();
    assert.equal(s.state, 'done');
    // 3 iterations × 4 epochs, then 6 epochs each for the original and the adjusted network.
    assert.equal(s.epochs.length, 3 * 4 + 2 * 6);
    assert.deepEqual(s.iterations.map((r) => r.iteration), [0, 1, 2]);
    assert.equal(s.report?.runId, runId);
  });

  it('keeps only training epoch ends: FUR probe passes and the closing event are not epochs', () => {
    const s = finishedSnapshot();
    assert.ok(s.epochs.every((e) => e.epochEnd && e.phase !== 'fur' && e.phase !== 'done'));
  });

  it('never mutates the state it is given', () => {
    let state: PanelState = {};
    for (const m of messages) {
      state = reduce(frozen(state), frozen(structuredClone(m)));
    }
    assert.equal(state.snapshot?.state, 'done');
  });

  it('tracks the latest progress event, batch-level included, without touching the snapshot', () => {
    const before = replay(messages.slice(0, 2));
    const batch = { ...epoch('search-train', 0, 1), epochEnd: false, batch: 2 };
    const after = reduce(before, { kind: 'progress', event: batch });
    assert.equal(after.snapshot, before.snapshot);
    assert.deepEqual(after.live, batch);
  });

  it('ignores messages about another run, and everything before the first snapshot', () => {
    const state = replay(messages.slice(0, 1));
    const other = { ...epoch('search-train', 0, 1), runId: 'other-run' };
    assert.equal(reduce(state, { kind: 'progress', event: other }), state);
    assert.equal(reduce(state, { kind: 'runEnded', runId: 'other-run', state: 'failed' }), state);
    assert.deepEqual(reduce({}, { kind: 'progress', event: epoch('search-train', 0, 1) }), {});
    assert.deepEqual(reduce({}, { kind: 'report', report: finishedSnapshot().report! }), {});
  });

  it('a new snapshot replaces the shown run and forgets the live event', () => {
    const state = replay(messages.slice(0, 10));
    const next = reduce(state, { kind: 'snapshot', snapshot: finishedSnapshot() });
    assert.equal(next.live, undefined);
    assert.equal(next.snapshot?.state, 'done');
  });

  it('a repeated iteration replaces the earlier record and keeps iteration order', () => {
    const s = finishedSnapshot();
    const state = reduce({ snapshot: { ...s, iterations: [s.iterations[2]!, s.iterations[0]!] } }, { kind: 'iteration', record: { ...s.iterations[0]!, macs: 1 } });
    assert.deepEqual(state.snapshot?.iterations.map((r) => [r.iteration, r.macs]), [[0, 1], [2, s.iterations[2]!.macs]]);
  });

  it('runEnded sets the state and the failure message, and a later end without one clears it', () => {
    const running = replay(messages.slice(0, 30));
    const failed = reduce(running, { kind: 'runEnded', runId, state: 'failed', message: 'out of memory' });
    assert.equal(failed.snapshot?.state, 'failed');
    assert.equal(failed.snapshot?.message, 'out of memory');
    assert.equal(failed.live, undefined);
    const cancelled = reduce(failed, { kind: 'runEnded', runId, state: 'cancelled' });
    assert.equal(cancelled.snapshot?.message, undefined);
    assert.ok(!('message' in cancelled.snapshot!));
  });
});

describe('addEpoch', () => {
  it('drops the stale tail of a training that restarted (a resumed run retrains its iteration)', () => {
    let epochs = [1, 2, 3].map((n) => epoch('search-train', 1, n, 2));
    epochs = addEpoch([epoch('search-train', 0, 4), ...epochs], epoch('search-train', 1, 1, 9));
    assert.deepEqual(epochs.map((e) => [e.iteration, e.epoch, e.loss]), [[0, 4, 1], [1, 1, 9]]);
  });

  it('keeps the same epoch number of other trainings', () => {
    const epochs = addEpoch([epoch('final-original', undefined, 1)], epoch('final-adjusted', undefined, 1));
    assert.equal(epochs.length, 2);
  });
});

describe('saved state', () => {
  it('round-trips through JSON (what setState stores) to the same snapshot', () => {
    const state = replay(messages);
    const restored = restoreState(JSON.parse(JSON.stringify(persistedState(state))));
    assert.deepEqual(restored, { snapshot: state.snapshot });
  });

  it('keeps no live event and nothing when no run is shown', () => {
    assert.deepEqual(persistedState({}), {});
    assert.ok(!('live' in persistedState(replay(messages.slice(0, 5)))));
  });

  it('drops saved state that is not shaped like a snapshot', () => {
    for (const junk of [undefined, null, 3, 'x', [], {}, { snapshot: {} }, { snapshot: { manifest: { runId: 1 } } }, { snapshot: { ...finishedSnapshot(), epochs: 'no' } }]) {
      assert.deepEqual(restoreState(junk), {}, JSON.stringify(junk));
    }
  });
});
