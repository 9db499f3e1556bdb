import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { readJsonFile, writeJsonAtomic, writeTextAtomic } from '../../../../src/engine/runs/atomic.js';
import { appendEvent, readEvents, repairEventLog } from '../../../../src/engine/runs/events.js';
import { latestRun, listRuns } from '../../../../src/engine/runs/list.js';
import { baseRunId, slug } from '../../../../src/engine/runs/runId.js';
import { openRun, RUNS_FOLDER } from '../../../../src/engine/runs/store.js';
import { FakeTrainer } from '../../../helpers/fakeTrainer.js';
import { cleanUp, filesUnder, newRun, QUICK, search, START, tempWorkspace } from '../../../helpers/runs.js';
import { resnetCifar } from '../../../helpers/resnet.js';

const analysis = analyzeGraph(resnetCifar(1, 10));

describe('atomic files', () => {
  const dir = tempWorkspace();
  after(() => cleanUp(dir));

  it('writes JSON that reads back, leaving no temporary file', () => {
    const file = path.join(dir, 'a.json');
    writeJsonAtomic(file, { x: 1 });
    writeJsonAtomic(file, { x: 2 });
    assert.deepEqual(readJsonFile(file), { x: 2 });
    assert.deepEqual(fs.readdirSync(dir), ['a.json']);
  });

  it('cleans up its temporary file when the rename fails, keeping the old content', () => {
    const target = path.join(dir, 'occupied');
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true });
    assert.throws(() => writeTextAtomic(target, 'text'));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.json', 'occupied']);
  });

  it('reads a missing file as undefined and names a damaged one', () => {
    assert.equal(readJsonFile(path.join(dir, 'missing.json')), undefined);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"x":');
    assert.throws(() => readJsonFile(path.join(dir, 'bad.json')), /bad\.json is not valid JSON/);
  });
});

describe('events.jsonl', () => {
  const dir = tempWorkspace();
  after(() => cleanUp(dir));
  const file = path.join(dir, 'events.jsonl');

  it('appends one line per event and tolerates a torn last line', () => {
    appendEvent(file, { event: 'log', level: 'info', message: 'one' }, START);
    appendEvent(file, { event: 'ended', state: 'cancelled' }, START);
    fs.appendFileSync(file, '{"event":"log","lev');
    const log = readEvents(file);
    assert.equal(log.skipped, 1);
    assert.deepEqual(log.events[1], { event: 'ended', state: 'cancelled', time: START.toISOString() });
  });

  it('cuts the torn line before appending again', () => {
    assert.equal(repairEventLog(file), true);
    assert.equal(repairEventLog(file), false);
    appendEvent(file, { event: 'log', level: 'info', message: 'two' });
    const log = readEvents(file);
    assert.equal(log.skipped, 0);
    assert.deepEqual(log.events.map((e) => e.event), ['log', 'ended', 'log']);
  });

  it('reads a missing log as empty', () => {
    assert.deepEqual(readEvents(path.join(dir, 'none.jsonl')), { events: [], skipped: 0 });
  });
});

describe('run ids', () => {
  it('are a sortable UTC timestamp and the model name', () => {
    assert.equal(baseRunId('ResNet 20', new Date('2026-11-23T13:15:00Z')), '20261123-131500-resnet-20');
    assert.equal(slug('../../etc'), 'etc');
    assert.equal(slug('∆∆'), 'model');
  });

  it('stay unique for two runs started in the same second', () => {
    const ws = tempWorkspace();
    try {
      const a = newRun(ws, analysis);
      const b = newRun(ws, analysis);
      assert.equal(a.runId, '20261123-131500-test');
      assert.equal(b.runId, '20261123-131500-test-2');
      assert.equal(path.dirname(a.dir), path.join(ws, RUNS_FOLDER));
    } finally {
      cleanUp(ws);
    }
  });
});

describe('listing and opening runs', () => {
  const ws = tempWorkspace();
  after(() => cleanUp(ws));

  it('lists runs oldest first with their state, and finds the latest', async () => {
    assert.deepEqual(listRuns(ws), []);
    const done = newRun(ws, analysis, QUICK, new Date('2026-01-01T00:00:00Z'));
    assert.equal((await search(done, analysis, new FakeTrainer(analysis))).state, 'done');
    const cancelled = newRun(ws, analysis, QUICK, new Date('2026-01-02T00:00:00Z'));
    const controller = new AbortController();
    await search(cancelled, analysis, new FakeTrainer(analysis, { abortAt: { tick: 30, controller } }), { signal: controller.signal });
    const fresh = newRun(ws, analysis, QUICK, new Date('2026-01-03T00:00:00Z'));
    fs.mkdirSync(path.join(ws, RUNS_FOLDER, 'not-a-run'));
    const runs = listRuns(ws);
    assert.deepEqual(runs.map((r) => [r.runId, r.state, r.completedIterations]), [
      [done.runId, 'done', 4],
      [cancelled.runId, 'cancelled', 1],
      [fresh.runId, 'running', 0],
    ]);
    assert.equal(latestRun(ws)?.runId, fresh.runId);
  });

  it('refuses a folder without a valid manifest, naming the file', () => {
    const dir = path.join(ws, 'x');
    fs.mkdirSync(dir);
    assert.throws(() => openRun(dir), /has no run\.json/);
    fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ runId: 'x' }));
    assert.throws(() => openRun(dir), /run\.json is not a valid run manifest: 'createdAt' must be a string/);
  });

  it('refuses a damaged iteration file', () => {
    const store = newRun(ws, analysis, QUICK, new Date('2026-01-04T00:00:00Z'));
    fs.mkdirSync(path.join(store.dir, 'iterations'));
    fs.writeFileSync(path.join(store.dir, 'iterations', '0.json'), JSON.stringify({ iteration: 3 }));
    assert.throws(() => openRun(store.dir), /0\.json is not a valid iteration record for iteration 0/);
  });

  it('writes every run file atomically: no temporary file is ever left', () => {
    for (const run of listRuns(ws)) {
      assert.deepEqual(filesUnder(run.dir).filter((f) => f.includes('.tmp')), []);
    }
  });
});
