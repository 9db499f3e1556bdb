/** Applying a run's widths to a model file's current text: the edits, and every refusal with its reason. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Proposal } from '../../../src/engine/runs/adjusted.js';
import type { RunStore } from '../../../src/engine/runs/store.js';
import { applyEdits } from '../../../src/model/format.js';
import { loadModel } from '../../../src/model/load.js';
import { planApply, widthChanges } from '../../../src/extension/runs/applyPlan.js';
import { layerRange } from '../../../src/extension/runs/layerRange.js';
import { analyzeFile, copyExample, startRun } from '../../helpers/extensionRuns.js';
import { cleanUp, tempWorkspace } from '../../helpers/runs.js';

const ORIGINAL = { conv1: 16, conv2: 32, conv3: 64, fc: 10 };
const ADJUSTED = { conv1: 24, conv2: 32, conv3: 56, fc: 10 };
const PROPOSAL: Proposal = { source: 'report', widths: ADJUSTED };

describe('apply plan', () => {
  let ws: string;
  let file: string;
  let text: string;
  let store: RunStore;

  before(() => {
    ws = tempWorkspace();
    file = copyExample(ws);
    text = fs.readFileSync(file, 'utf8');
    store = startRun(ws, file, analyzeFile(file), '2026-03-01T00:00:00Z');
  });
  after(() => cleanUp(ws));

  it("writes the run's widths and nothing else", () => {
    const plan = planApply(store, file, text, PROPOSAL);
    assert.equal(plan.kind, 'edits');
    if (plan.kind !== 'edits') {
      return;
    }
    assert.deepEqual(plan.changed, [
      { name: 'conv1', from: 16, to: 24 },
      { name: 'conv3', from: 64, to: 56 },
    ]);
    const written = applyEdits(text, plan.edits);
    assert.deepEqual(loadModel(file, written).analysis?.widths, ADJUSTED);
    assert.equal(written.replace('width: 24', 'width: 16').replace('width: 56', 'width: 64'), text);
  });

  it('says when the file already has the widths', () => {
    assert.deepEqual(planApply(store, file, text, { source: 'report', widths: ORIGINAL }), { kind: 'unchanged' });
  });

  it('refuses when the file changed its widths since the run, naming the layer', () => {
    const edited = text.replace('name: conv2, width: 32', 'name: conv2, width: 40');
    const plan = planApply(store, file, edited, PROPOSAL);
    assert.equal(plan.kind, 'refused');
    assert.match(plan.kind === 'refused' ? plan.message : '', new RegExp(`no longer matches run ${store.runId}: 'conv2' was 32 channels when the run started and is 40 now`));
  });

  it('refuses a file that no longer parses', () => {
    const plan = planApply(store, file, text.replace('type: gap', 'type: nonsense'), PROPOSAL);
    assert.equal(plan.kind, 'refused');
    assert.match(plan.kind === 'refused' ? plan.message : '', /it has errors/);
  });

  it("passes on the rewriter's refusal", () => {
    const plan = planApply(store, file, text, { source: 'report', widths: { ...ADJUSTED, fc: 12 } });
    assert.equal(plan.kind, 'refused');
    assert.match(plan.kind === 'refused' ? plan.message : '', /fixed width/);
  });

  it('lists width changes', () => {
    assert.deepEqual(widthChanges({ a: 1, b: 2 }, { a: 1, b: 3, c: 4 }), [{ name: 'b', from: 2, to: 3 }]);
  });

  it('finds a written layer, and expanded layers at their block', () => {
    const analysis = loadModel(file, text).analysis!;
    const conv2 = layerRange(analysis, 'conv2');
    assert.ok(conv2);
    assert.match(text.slice(conv2.start, conv2.end), /name: conv2/);
    assert.deepEqual(layerRange(analysis, 'conv2/bn'), conv2);
    assert.equal(layerRange(analysis, 'nope'), undefined);
  });
});
