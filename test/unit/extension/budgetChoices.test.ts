/** The budget questions of "Adjust network" and "Compare methods", and the settings they default from. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadModel } from '../../../src/model/load.js';
import {
  budgetDefaults,
  budgetFromSettings,
  compareTarget,
  describeTarget,
  finalTrainings,
  originalMacsOf,
  parseTargetInput,
  targetProblem,
  targetPrompt,
  targetText,
} from '../../../src/extension/runs/budgetChoices.js';
import { configFromValues } from '../../../src/extension/runs/configValues.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../src/protocol/settings.js';
import { TINY_MODEL } from '../../helpers/tinyModel.js';

const tiny = loadModel('tiny.netadj.yaml', TINY_MODEL).analysis!;
const CONFIGURED = { targetMacs: 0.25, budget: 'macs', distillWeight: 0 } as const;

describe('target input', () => {
  it('reads a ratio in (0, 1] or a MAC count, as --target-macs does', () => {
    assert.deepEqual(parseTargetInput(' 0.5 ', false), { ok: true, value: 0.5 });
    assert.deepEqual(parseTargetInput('1', false), { ok: true, value: 1 });
    assert.deepEqual(parseTargetInput('0.75x', false), { ok: true, value: 0.75 });
    assert.deepEqual(parseTargetInput('20M', false), { ok: true, value: 20_000_000 });
    assert.deepEqual(parseTargetInput('1.5G', false), { ok: true, value: 1_500_000_000 });
    assert.deepEqual(parseTargetInput('800k', false), { ok: true, value: 800_000 });
    assert.deepEqual(parseTargetInput('70000', false), { ok: true, value: 70_000 });
  });

  it('takes 0 (or nothing) as "keep the original MACs" only where the run may keep them', () => {
    assert.deepEqual(parseTargetInput('0', true), { ok: true, value: 0 });
    assert.deepEqual(parseTargetInput('', true), { ok: true, value: 0 });
    assert.equal(parseTargetInput('0', false).ok, false);
    assert.equal(parseTargetInput('', false).ok, false);
  });

  it('refuses what is not a target, saying what is one', () => {
    for (const bad of ['half', '-0.5', '0.5.1', '20 MB', '1e', 'x']) {
      const parsed = parseTargetInput(bad, false);
      assert.equal(parsed.ok, false, bad);
      assert.match(parsed.ok ? '' : parsed.message, /ratio of the original MACs in \(0, 1\] such as 0\.5, or a MAC count such as 20M/, bad);
    }
    assert.match(JSON.stringify(parseTargetInput('nothing', true)), /or 0 to keep the original MACs/);
  });

  it('refuses a ratio above 1: that would grow the network', () => {
    assert.match(JSON.stringify(parseTargetInput('2', false)), /A ratio of 2 would grow the network/);
    assert.match(JSON.stringify(parseTargetInput('1.5x', true)), /A ratio of 1\.5 would grow the network/);
  });

  it('checks the target against the model: not above it, not below its fixed layers, no width under the minimum', () => {
    assert.equal(originalMacsOf(tiny), 141_280);
    assert.equal(targetProblem(tiny, 0.5, 'macs'), undefined);
    assert.equal(targetProblem(tiny, 100_000, 'macs'), undefined);
    assert.equal(targetProblem(tiny, 0, 'macs'), undefined, 'the original MACs need no check');
    assert.match(targetProblem(tiny, 200_000, 'macs')!, /^The target \(200\.00 k MACs\) is larger than the network \(141\.28 k MACs\)/);
    assert.match(targetProblem(tiny, 0.05, 'macs')!, /below the minimum width 4; the smallest reachable target is about .* MACs \(ratio 0\.\d+\)\.$/);
    // The model file's minWidth bounds the shrink: 0.5 puts `a` at about 5.6 channels.
    assert.match(targetProblem(tiny, 0.5, 'macs', { minWidth: 6 })!, /the layer 'a' would be 5\.\d channels, below the minimum width 6/);
    assert.equal(targetProblem(tiny, 0.05, 'latency'), undefined, 'a latency target is checked by the engine');
  });

  it('describes and writes back targets as people write them', () => {
    assert.equal(describeTarget(0.5, 71_666_176), '0.5× the original (35.83 M MACs)');
    assert.equal(describeTarget(20_000_000, 71_666_176), '20.00 M MACs (0.279× the original)');
    assert.equal(describeTarget(0, 71_666_176), 'the original MACs (71.67 M)');
    assert.deepEqual([0, 0.5, 20_000_000, 1_500_000_000, 800_000, 35_833_088].map(targetText), ['0', '0.5', '20M', '1.5G', '800k', '35833088']);
    for (const value of [0.5, 20_000_000, 1_500_000_000, 35_833_088]) {
      assert.deepEqual(parseTargetInput(targetText(value), false), { ok: true, value }, 'what the box starts with reads back as the same target');
    }
    assert.equal(targetPrompt(141_280, true), 'MAC budget: a ratio of the original 141.28 k MACs such as 0.5, or a MAC count such as 20M; 0 keeps the original MACs');
  });
});

describe('budget defaults', () => {
  it("takes the model file's search block over the settings, where it is valid there", () => {
    const d = budgetDefaults({ targetMacs: 0.6, budget: 'latency', distillWeight: 2 }, CONFIGURED);
    assert.deepEqual(d.values, { targetMacs: 0.6, budget: 'latency', distillWeight: 0 });
    assert.deepEqual(d.sources, { targetMacs: 'model file', budget: 'model file', distillWeight: 'settings' });
    assert.deepEqual(budgetDefaults(undefined, CONFIGURED).values, CONFIGURED);
    assert.deepEqual(budgetDefaults({ targetMacs: 0 }, CONFIGURED).values.targetMacs, 0, 'a file may ask for the original MACs');
    for (const bad of [-1, 1.5, 500, Number.NaN, '0.5']) {
      assert.equal(budgetDefaults({ targetMacs: bad }, CONFIGURED).values.targetMacs, 0.25, String(bad));
    }
  });

  it('a comparison proposes the configured target, or half the MACs where that keeps the original', () => {
    assert.equal(compareTarget(0), 0.5);
    assert.equal(compareTarget(0.3), 0.3);
    assert.equal(compareTarget(20_000_000), 20_000_000);
  });

  it('counts the final trainings: the uniform one under a budget, the distilled one, each pruned one, as the engine trains them', () => {
    assert.equal(finalTrainings({ targetMacs: 0, budget: 'macs', distillWeight: 0 }), 2);
    assert.equal(finalTrainings({ targetMacs: 0.5, budget: 'macs', distillWeight: 0 }), 3);
    assert.equal(finalTrainings({ targetMacs: 0.5, budget: 'macs', distillWeight: 0.5 }, ['uniform', 'l1', 'chip', 'hrel']), 7);
    assert.equal(finalTrainings({ targetMacs: 0.5, budget: 'macs', distillWeight: 0 }, ['chip']), 3, 'a comparison without uniform scaling leaves it out');
  });
});

describe('settings', () => {
  const read = (values: Record<string, unknown>) => configFromValues((key) => values[key]);

  it('defaults every setting as DEFAULT_SEARCH_SETTINGS does', () => {
    const c = read({});
    assert.deepEqual(c.budget, { targetMacs: DEFAULT_SEARCH_SETTINGS.targetMacs, budget: DEFAULT_SEARCH_SETTINGS.budget, distillWeight: DEFAULT_SEARCH_SETTINGS.distillWeight });
    assert.deepEqual(c.search, { iterations: 10, epochsPerIteration: 20, finalEpochs: 200 });
    assert.deepEqual([c.engine, c.tfjsBackend, c.pythonPath, c.torchMixedPrecision, c.codeLens, c.inlayHints], ['auto', 'auto', '', false, true, true]);
  });

  it('reads the budget settings under search.*', () => {
    const c = read({ 'search.targetMacs': 0.5, 'search.budget': 'latency', 'search.distillWeight': 0.3, 'search.iterations': 4, engine: 'torch', 'torch.pythonPath': ' /venv/bin/python ' });
    assert.deepEqual(c.budget, { targetMacs: 0.5, budget: 'latency', distillWeight: 0.3 });
    assert.equal(c.search.iterations, 4);
    assert.equal(c.engine, 'torch');
    assert.equal(c.pythonPath, '/venv/bin/python');
  });

  it('falls back to the default for a value of the wrong type or out of range', () => {
    const c = read({ 'search.targetMacs': -2, 'search.budget': 'flops', 'search.distillWeight': 1.5, 'search.finalEpochs': 0, engine: 'gpu', 'tfjs.backend': 'webgl' });
    assert.deepEqual(c.budget, { targetMacs: 0, budget: 'macs', distillWeight: 0 });
    assert.equal(c.search.finalEpochs, 200);
    assert.deepEqual([c.engine, c.tfjsBackend], ['auto', 'auto']);
    assert.deepEqual(budgetFromSettings((key) => ({ targetMacs: 20_000_000, budget: 'macs', distillWeight: 1 })[key]), { targetMacs: 20_000_000, budget: 'macs', distillWeight: 1 });
  });
});
