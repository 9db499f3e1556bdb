/** Engine selection: what `auto`, `tfjs` and `torch` resolve to, and why. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTrainer, probeEngine, resolveEngine } from '../../../../src/engine/host/engines.js';
import { tinyResNet } from '../tfjs/tinyGraphs.js';
import { torchPython } from '../conformance/trainers.js';

const nowhere = { env: { NETADJUST_PYTHON: '/no/such/python' }, searchSystem: false } as const;

describe('engine selection', () => {
  it('auto picks PyTorch where it is importable and tfjs-node-gpu is not installed, saying why', async () => {
    await torchPython();
    const info = await probeEngine('auto');
    assert.equal(info.engine, 'torch');
    assert.match(info.reason, /^auto: PyTorch \S+ is importable \((CPU|CUDA GPU.*|Apple MPS)\); passed over tfjs-node-gpu: /);
    const trainer = await createTrainer('auto', tinyResNet([8, 8, 1], 4));
    try {
      assert.equal(trainer.info.engine, 'torch');
      assert.match(trainer.info.reason, /^auto: PyTorch.*; PyTorch \S+ on .*\d+ threads?/);
    } finally {
      await trainer.dispose();
    }
  });

  it('auto falls back to the built-in TensorFlow.js without PyTorch, saying what to install', async () => {
    const s = await resolveEngine('auto', nowhere);
    assert.equal(s.engine, 'tfjs');
    assert.match(s.reason, /PyTorch: \/no\/such\/python \(NETADJUST_PYTHON\): not found \(to use it: apt-get install -y python3-torch/);
  });

  it('--engine torch without PyTorch is an error that says what to install', async () => {
    await assert.rejects(resolveEngine('torch', nowhere), /the PyTorch engine was requested, but no Python with PyTorch ≥ 1\.13 was found .*apt-get install -y python3-torch/);
  });

  it('--engine tfjs is TensorFlow.js, whatever else is installed', async () => {
    assert.deepEqual(await resolveEngine('tfjs'), { engine: 'tfjs', reason: 'requested (--engine tfjs)' });
    const trainer = await createTrainer('tfjs', tinyResNet([8, 8, 1], 4));
    assert.equal(trainer.info.engine, 'tfjs');
    assert.match(trainer.info.reason, /^requested \(--engine tfjs\); /);
    await trainer.dispose();
  });
});
