/** Choosing runs for a model file: apply source, resumable runs, path matching. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { latestRunResults, noResults } from '../../../src/extension/runs/results.js';
import { allRuns, applySource, resumableRuns, runModelPath, runsForModel, samePath, stateLabel, workspaceOfRun } from '../../../src/extension/runs/select.js';
import { addIteration, analyzeFile, copyExample, finish, startRun } from '../../helpers/extensionRuns.js';
import { cleanUp, tempWorkspace } from '../../helpers/runs.js';

const W0 = { conv1: 16, conv2: 32, conv3: 64, fc: 10 };
const W1 = { conv1: 24, conv2: 32, conv3: 56, fc: 10 };
const W2 = { conv1: 24, conv2: 40, conv3: 48, fc: 10 };

describe('runs of a model file', () => {
  let ws: string;
  let model: string;
  let other: string;
  const ids: Record<string, string> = {};

  before(() => {
    ws = tempWorkspace();
    model = copyExample(ws);
    other = path.join(ws, 'models', 'other.netadj.yaml');
    const analysis = analyzeFile(model);
    // Oldest first: done (absolute path), cancelled, other model, interrupted (relative path, no end recorded).
    const done = startRun(ws, model, analysis, '2026-01-01T00:00:00Z');
    addIteration(done, 0, W0, W1);
    finish(done, W2);
    const cancelled = startRun(ws, model, analysis, '2026-01-02T00:00:00Z');
    addIteration(cancelled, 0, W0, W1);
    cancelled.appendEvent({ event: 'ended', state: 'cancelled' });
    startRun(ws, other, analysis, '2026-01-03T00:00:00Z');
    const interrupted = startRun(ws, path.join('models', path.basename(model)), analysis, '2026-01-04T00:00:00Z');
    Object.assign(ids, { done: done.runId, cancelled: cancelled.runId, interrupted: interrupted.runId });
  });
  after(() => cleanUp(ws));

  it('matches paths resolved, and case-insensitively only on Windows', () => {
    assert.ok(samePath('/a/b/../c.yaml', '/a/c.yaml'));
    assert.ok(!samePath('/a/C.yaml', '/a/c.yaml', 'linux'));
    assert.ok(samePath('/a/C.yaml', '/a/c.yaml', 'win32'));
  });

  it("resolves a relative modelFile against the run's workspace", () => {
    const runs = allRuns([ws]);
    assert.equal(workspaceOfRun(runs[0]!.dir), path.resolve(ws));
    assert.ok(runs.every((r) => path.isAbsolute(runModelPath(r))));
    assert.deepEqual(
      runsForModel(runs, model).map((r) => r.runId),
      [ids['done'], ids['cancelled'], ids['interrupted']],
    );
  });

  it('lists each run once when a folder is given twice', () => {
    assert.equal(allRuns([ws, ws + path.sep]).length, 4);
  });

  it("applies the latest done run's report before any newer unfinished run", () => {
    const source = applySource(runsForModel(allRuns([ws]), model));
    assert.equal(source?.proposal.source, 'report');
    assert.equal(source?.run.runId, ids['done']);
    assert.equal(source?.store.runId, ids['done']);
    assert.deepEqual(source?.proposal.widths, W2);
  });

  it("falls back to the latest iteration's next widths, and honours a run id", () => {
    const runs = runsForModel(allRuns([ws]), model);
    const source = applySource(runs, ids['cancelled']);
    assert.deepEqual(source?.proposal, { source: 'iteration', iteration: 0, widths: W1 });
    assert.equal(applySource(runs, ids['interrupted']), undefined, 'a run without iterations has nothing to apply');
    assert.equal(applySource(runs.filter((r) => r.runId === ids['interrupted'])), undefined);
  });

  it('offers cancelled, failed and interrupted runs for resume, newest first, but not the active one', () => {
    const runs = allRuns([ws]);
    const resumable = resumableRuns(runs).map((r) => [r.runId === ids['interrupted'] || r.runId === ids['cancelled'] ? r.runId : 'other', stateLabel(r)]);
    assert.deepEqual(resumable, [[ids['interrupted'], 'interrupted'], ['other', 'interrupted'], [ids['cancelled'], 'cancelled']]);
    assert.ok(!resumableRuns(runs, ids['interrupted']).some((r) => r.runId === ids['interrupted']));
    const active = runs.find((r) => r.runId === ids['interrupted'])!;
    assert.equal(stateLabel(active, ids['interrupted']), 'running');
  });

  it("sends the newest run with an iteration to the server, proposing the report's widths once done", () => {
    const runs = runsForModel(allRuns([ws]), model);
    const newest = latestRunResults('file:///m', runs);
    assert.equal(newest?.runId, ids['cancelled'], 'the interrupted run has no iteration yet');
    assert.deepEqual(newest?.proposed, W1);
    assert.deepEqual(newest?.widths, W0);
    assert.equal(newest?.uri, 'file:///m');
    const done = latestRunResults('file:///m', runs.filter((r) => r.runId === ids['done']));
    assert.deepEqual(done?.proposed, W2);
    assert.deepEqual(Object.keys(done?.fur ?? {}), Object.keys(W0));
    assert.equal(latestRunResults('file:///m', []), undefined);
    assert.deepEqual(noResults('u'), { uri: 'u', runId: '', iteration: 0, fur: {}, widths: {}, proposed: {} });
  });
});
