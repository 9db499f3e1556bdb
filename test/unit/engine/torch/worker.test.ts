/** The worker process and its protocol: framing, cancellation, failures, and finding a Python. */
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { atLeast, findTorchPython, pythonCandidates } from '../../../../src/engine/torch/python.js';
import { locateWorkerDir, TorchWorker } from '../../../../src/engine/torch/worker.js';
import { createTorchTrainer } from '../../../../src/engine/torch/trainer.js';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';
import type { BatchProgress, Trainer } from '../../../../src/engine/trainer.js';
import { cleanup, tempDir, write } from '../../../helpers/datasets.js';
import { writeToyIdx } from '../conformance/toyFiles.js';
import { torchPython } from '../conformance/trainers.js';
import { tinyResNet } from '../tfjs/tinyGraphs.js';

/** An executable that answers the interpreter probe with `answer` (a stand-in for a Python). */
function fakePython(answer: object | string): string {
  const file = join(tempDir(), 'python');
  write(file, `#!/bin/sh\necho '${typeof answer === 'string' ? answer : JSON.stringify(answer)}'\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('finding a Python with PyTorch', () => {
  after(cleanup);

  it('tries the setting, the environment, then python3 on the PATH and the system python3', () => {
    const env = { NETADJUST_PYTHON: '/opt/py/bin/python', NETADJUST_PYTHON_EXTENSION: '/venv/bin/python' };
    assert.deepEqual(
      pythonCandidates({ pythonPath: '/x/python3', env }).map((c) => c.command),
      ['/x/python3', '/opt/py/bin/python', '/venv/bin/python', 'python3', '/usr/bin/python3', 'python'],
    );
  });

  it('compares versions by major and minor, whatever the local suffix', () => {
    assert.ok(atLeast('1.13.0a0+git', [1, 13]) && atLeast('2.3.1+cu121', [1, 13]) && atLeast('3.9.18', [3, 9]));
    assert.ok(!atLeast('1.12.1', [1, 13]) && !atLeast('3.8.10', [3, 9]) && !atLeast('weird', [1, 0]));
  });

  it('says why each candidate failed and what to install', async () => {
    const old = fakePython({ executable: '/old', python: '3.11.0', torch: '1.12.1', cuda: false, mps: false });
    const none = fakePython({ executable: '/none', python: '3.10.2', error: "ModuleNotFoundError: No module named 'torch'" });
    const ancient = fakePython({ executable: '/ancient', python: '3.7.1', torch: '1.13.0' });
    const search = await findTorchPython({ pythonPath: old, env: { NETADJUST_PYTHON: none, NETADJUST_PYTHON_EXTENSION: ancient }, searchSystem: false });
    assert.equal(search.ok, false);
    const message = search.ok ? '' : search.message;
    assert.match(message, /torch 1\.12\.1 is older than 1\.13/);
    assert.match(message, /cannot import torch and numpy \(ModuleNotFoundError: No module named/);
    assert.match(message, /Python 3\.7\.1 is older than 3\.9/);
    assert.match(message, /apt-get install -y python3-torch/);
    const missing = await findTorchPython({ pythonPath: '/no/such/python', searchSystem: false });
    assert.match(missing.ok ? '' : missing.message, /\/no\/such\/python \(the pythonPath option\): not found/);
  });

  it('takes the first usable candidate, reporting the accelerators torch sees', async () => {
    const gpu = fakePython({ executable: '/venv/bin/python', python: '3.12.1', torch: '2.4.0+cu121', cuda: true, mps: false, gpu: 'NVIDIA H100' });
    const search = await findTorchPython({ pythonPath: gpu, searchSystem: false });
    assert.ok(search.ok);
    assert.deepEqual(search.ok && { ...search.found, command: '' }, { command: '', source: 'the pythonPath option', executable: '/venv/bin/python', python: '3.12.1', torch: '2.4.0+cu121', cuda: true, mps: false, gpu: 'NVIDIA H100' });
  });
});

describe('torch worker process', () => {
  let trainer: Trainer;
  const graph = tinyResNet([8, 8, 1], 4);
  const settings = { ...DEFAULT_SEARCH_SETTINGS, batchSize: 4, heldOutFraction: 0.25 };
  const dropLayers = ['stem', 'b1c1', 'b1c2', 'b2c1', 'b2c2'];
  before(async () => {
    trainer = await createTorchTrainer(graph, { python: await torchPython() });
    await trainer.open({ format: 'idx', path: writeToyIdx(8, 4, 400, 8) }, settings);
    await trainer.build(analyzeGraph(graph).widths, 1);
  });
  after(async () => {
    await trainer?.dispose();
    cleanup();
  });

  it('stops within a batch of an abort, with an AbortError, and stays usable', async () => {
    const controller = new AbortController();
    let batches = 0;
    let atAbort = -1;
    const onProgress = (p: BatchProgress) => {
      batches++;
      if (p.epoch === 2 && p.batch === 3) {
        atAbort = batches;
        controller.abort();
      }
    };
    await assert.rejects(trainer.train({ split: 'search', epochs: 50, settings, dropLayers, seed: 1, signal: controller.signal, onProgress }), { name: 'AbortError' });
    assert.ok(atAbort > 0 && batches - atAbort <= 2, `${batches - atAbort} batches ran after the abort`);
    await assert.rejects(trainer.evaluate('test', { signal: controller.signal }), { name: 'AbortError' });
    assert.equal((await trainer.evaluate('test')).images, 8);
  });

  it('reports a diverged loss as a number that is not finite (JSON has no NaN)', async () => {
    const losses: number[] = [];
    const wild = { ...settings, learningRate: 1e30, minLearningRate: 1e30 };
    const result = await trainer.train({ split: 'search', epochs: 1, settings: wild, dropLayers, seed: 2, onProgress: (p) => losses.push(p.loss) });
    assert.ok(losses.some((l) => !Number.isFinite(l)) && !Number.isFinite(result.loss), `${losses.slice(-3)}`);
    await trainer.build(analyzeGraph(graph).widths, 1);
  });

  it('refuses drop rates for names that are not width variables, as the tfjs trainer does', async () => {
    await assert.rejects(trainer.evaluate('heldout', { dropRates: { nope: 0.1 } }), /'nope', which is not a width variable/);
  });

  it('keeps the protocol clean when something prints at start-up, and answers unknown requests with an error', async () => {
    const noisy = tempDir();
    write(join(noisy, 'sitecustomize.py'), 'print("hello from sitecustomize")\n');
    const lines: string[] = [];
    const worker = new TorchWorker({ python: (await torchPython()).command, env: { ...process.env, PYTHONPATH: noisy }, onLog: (l) => lines.push(l) });
    try {
      const hello = await worker.request<{ device: string }>('hello', {});
      assert.equal(hello.device, 'cpu');
      await assert.rejects(worker.request('teleport', {}), /unknown request 'teleport'/);
      await assert.rejects(worker.request('open', { dataset: { format: 'idx', path: '/no/such/folder' }, settings }), { name: 'DatasetError', message: /Dataset folder not found: \/no\/such\/folder/ });
    } finally {
      await worker.dispose();
    }
  });

  it('fails every open request clearly when the worker dies', async () => {
    const worker = new TorchWorker({ python: (await torchPython()).command, workerDir: locateWorkerDir(), onLog: () => undefined });
    await worker.request('hello', {});
    const pending = worker.request('open', { dataset: { format: 'idx', path: '/tmp' }, settings });
    process.kill(worker.pid!, 'SIGKILL');
    await assert.rejects(pending, /the PyTorch worker was killed \(SIGKILL: the system does this when it runs out of memory\)/);
    await assert.rejects(worker.request('hello', {}), /the PyTorch worker was killed/);
    await worker.dispose();
  });
});
