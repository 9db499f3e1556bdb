import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capabilityProblem } from '../../../../src/engine/capabilities.js';
import { compareProblem } from '../../../../src/engine/host/compare.js';
import { resolveSettings } from '../../../../src/engine/host/settings.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';
import type { BaselineMethod } from '../../../../src/protocol/types.js';
import type { Trainer } from '../../../../src/engine/trainer.js';

const half = { ...DEFAULT_SEARCH_SETTINGS, targetMacs: 0.5 };
const layer = (values: Record<string, unknown>) => [{ source: 'the requested settings', values }];

describe('comparison requests', () => {
  it('need methods, known ones, each once, and a budget', () => {
    assert.equal(compareProblem(undefined, DEFAULT_SEARCH_SETTINGS), undefined);
    assert.equal(compareProblem({ methods: ['uniform', 'l1', 'chip', 'hrel'] }, half), undefined);
    assert.equal(compareProblem({ methods: [] }, half), 'a comparison needs at least one method (uniform, l1, chip, hrel)');
    assert.equal(compareProblem({ methods: ['l1', 'taylor' as BaselineMethod] }, half), "unknown comparison method 'taylor': choose from uniform, l1, chip, hrel");
    assert.equal(compareProblem({ methods: ['l1', 'l1'] }, half), 'each comparison method may be named once, not l1, l1');
    assert.match(compareProblem({ methods: ['l1'] }, DEFAULT_SEARCH_SETTINGS)!, /^a comparison needs a budget: give a target/);
  });

  it('are refused on an engine that cannot do what they need, naming it', () => {
    const info = { engine: 'tfjs', backend: 'cpu', version: '4', reason: '' } as const;
    const bare = { info } as unknown as Trainer;
    const weightsOnly = { info, saveWeights: async () => undefined, loadWeights: async () => undefined } as unknown as Trainer;
    assert.equal(capabilityProblem({ methods: ['uniform'] }, half, bare), undefined);
    assert.equal(capabilityProblem({ methods: ['l1'] }, half, bare), 'the tfjs engine (cpu) cannot save and load weights, which the pruning baselines need; choose another engine');
    assert.equal(capabilityProblem({ methods: ['l1'] }, half, weightsOnly), undefined);
    assert.equal(capabilityProblem({ methods: ['chip'] }, half, weightsOnly), 'the tfjs engine (cpu) cannot record feature maps, which the pruning baselines need; choose another engine');
    assert.equal(capabilityProblem(undefined, { ...half, distillWeight: 0.5 }, bare), 'the tfjs engine (cpu) cannot save and load weights, which distillation needs; choose another engine');
  });
});

describe('the distillation and pruning settings', () => {
  it('are checked with the key and the reason', () => {
    assert.equal(resolveSettings(layer({ distillWeight: 1, distillTemperature: 2, fineTuneLearningRate: 0.001, pruneImages: 2 })).distillWeight, 1);
    assert.throws(() => resolveSettings(layer({ distillWeight: 1.5 })), /'distillWeight' must be from 0 to 1, not 1\.5/);
    assert.throws(() => resolveSettings(layer({ distillTemperature: 0 })), /'distillTemperature' must be above 0, not 0/);
    assert.throws(() => resolveSettings(layer({ fineTuneLearningRate: -1 })), /'fineTuneLearningRate' must be above 0, not -1/);
    assert.throws(() => resolveSettings(layer({ pruneImages: 1 })), /'pruneImages' must be a whole number ≥ 2, not 1/);
  });
});
