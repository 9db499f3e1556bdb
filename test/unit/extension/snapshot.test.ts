/** Building the progress panel's RunSnapshot from a run folder, and finding run folders by id. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildSnapshot, epochEnds, findRunDir, isSafeRunId } from '../../../src/extension/runs/snapshot.js';
import { addIteration, analyzeFile, copyExample, finish, progress, startRun } from '../../helpers/extensionRuns.js';
import { cleanUp, tempWorkspace } from '../../helpers/runs.js';
import type { RunStore } from '../../../src/engine/runs/store.js';

const W0 = { conv1: 16, conv2: 32, conv3: 64, fc: 10 };
const W1 = { conv1: 24, conv2: 32, conv3: 56, fc: 10 };

describe('run snapshots', () => {
  let ws: string;
  let store: RunStore;

  before(() => {
    ws = tempWorkspace();
    const model = copyExample(ws);
    store = startRun(ws, model, analyzeFile(model), '2026-02-01T00:00:00Z');
  });
  after(() => cleanUp(ws));

  it('shows a fresh run as running with nothing yet', () => {
    const s = buildSnapshot(store.dir);
    assert.equal(s.manifest.runId, store.runId);
    assert.equal(s.state, 'running');
    assert.deepEqual([s.epochs, s.iterations, s.report, s.message], [[], [], undefined, undefined]);
  });

  it('keeps epoch ends of trainings only, without the event-log fields', () => {
    progress(store, 'search-train', 0, 1, false);
    const e1 = progress(store, 'search-train', 0, 1);
    const e2 = progress(store, 'search-train', 0, 2);
    progress(store, 'fur', 0, 1);
    addIteration(store, 0, W0, W1);
    store.appendEvent({ event: 'log', level: 'info', message: 'hello' });
    const s = buildSnapshot(store.dir);
    assert.deepEqual(s.epochs, [e1, e2]);
    assert.equal(s.iterations.length, 1);
    assert.deepEqual(s.iterations[0]?.nextWidths, W1);
  });

  it('keeps only the last attempt of a training that a resume started again', () => {
    const first = progress(store, 'search-train', 1, 1);
    store.appendEvent({ event: 'ended', state: 'failed', message: 'out of memory in iteration 1' });
    let s = buildSnapshot(store.dir);
    assert.equal(s.state, 'failed');
    assert.equal(s.message, 'out of memory in iteration 1');
    assert.equal(s.epochs.at(-1)?.epoch, first.epoch);
    // Resumed: iteration 1 trains again from epoch 1.
    const again1 = progress(store, 'search-train', 1, 1);
    const again2 = progress(store, 'search-train', 1, 2);
    s = buildSnapshot(store.dir);
    assert.equal(s.state, 'running');
    assert.equal(s.message, undefined);
    assert.deepEqual(s.epochs.filter((e) => e.iteration === 1), [again1, again2]);
    assert.equal(s.epochs.filter((e) => e.iteration === 0).length, 2, 'other trainings are untouched');
  });

  it('includes the report once the run is done', () => {
    addIteration(store, 1, W1, W1);
    const final = progress(store, 'final-original', undefined, 1);
    progress(store, 'done', undefined, 0);
    const report = finish(store, W1);
    const s = buildSnapshot(store.dir);
    assert.equal(s.state, 'done');
    assert.deepEqual(s.report, report);
    assert.deepEqual(s.epochs.at(-1), final);
    assert.equal(s.iterations.length, 2);
  });

  it('drops nothing from a log without restarts', () => {
    assert.deepEqual(epochEnds([]), []);
  });

  it('names a damaged run file', () => {
    const broken = path.join(ws, 'broken');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, 'run.json'), '{');
    assert.throws(() => buildSnapshot(broken), /run\.json/);
  });

  it('finds a run folder by id, and never outside the runs folder', () => {
    const other = tempWorkspace();
    try {
      assert.equal(findRunDir([other, ws], store.runId), store.dir);
      assert.equal(findRunDir([other], store.runId), undefined);
      for (const bad of ['', '.', '..', '../x', 'a/b', 'a\\b']) {
        assert.equal(isSafeRunId(bad), false, bad);
        assert.equal(findRunDir([ws], bad), undefined);
      }
      assert.ok(isSafeRunId(store.runId));
    } finally {
      cleanUp(other);
    }
  });
});
