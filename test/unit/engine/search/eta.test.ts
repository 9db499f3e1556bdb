import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { remainingWork, Throughput, type WorkPlan } from '../../../../src/engine/search/eta.js';

const plan: WorkPlan = { iterations: 3, epochsPerIteration: 2, searchImages: 900, heldOutImages: 100, passesPerIteration: 5, finalEpochs: 4, fullImages: 1000, testImages: 200 };

describe('time estimate', () => {
  it('counts every epoch and probe pass left in the whole run', () => {
    const start = remainingWork(plan, { stage: 'search-train', iteration: 0, epochsDone: 0, passesDone: 0, finalsDone: 0 });
    assert.deepEqual(start, { trainImages: 3 * 2 * 900 + 2 * 4 * 1000, evalImages: 3 * 5 * 100 + 2 * 200 });
    const probing = remainingWork(plan, { stage: 'fur', iteration: 2, epochsDone: 2, passesDone: 3, finalsDone: 0 });
    assert.deepEqual(probing, { trainImages: 2 * 4 * 1000, evalImages: 2 * 100 + 2 * 200 });
    const lastFinal = remainingWork(plan, { stage: 'final', iteration: 3, epochsDone: 3.5, passesDone: 0, finalsDone: 1 });
    assert.deepEqual(lastFinal, { trainImages: 0.5 * 1000, evalImages: 200 });
  });

  it('counts the uniformly scaled network as a third final training under a MAC budget', () => {
    const budgeted: WorkPlan = { ...plan, finalTrainings: 3 };
    const start = remainingWork(budgeted, { stage: 'search-train', iteration: 0, epochsDone: 0, passesDone: 0, finalsDone: 0 });
    assert.deepEqual(start, { trainImages: 3 * 2 * 900 + 3 * 4 * 1000, evalImages: 3 * 5 * 100 + 3 * 200 });
    const inUniform = remainingWork(budgeted, { stage: 'final', iteration: 3, epochsDone: 1, passesDone: 0, finalsDone: 1 });
    assert.deepEqual(inUniform, { trainImages: 3 * 1000 + 4 * 1000, evalImages: 2 * 200 });
  });

  it('divides by measured rates, taking evaluation as 3× training until it is timed', () => {
    const t = new Throughput();
    assert.equal(t.seconds({ trainImages: 100, evalImages: 300 }), 0);
    t.observeTrain(100);
    assert.equal(t.seconds({ trainImages: 100, evalImages: 300 }), 2);
    t.observeEval(600, 1);
    assert.equal(t.seconds({ trainImages: 100, evalImages: 300 }), 1.5);
    t.observeTrain(NaN);
    assert.equal(t.seconds({ trainImages: 100, evalImages: 0 }), 1);
  });
});
