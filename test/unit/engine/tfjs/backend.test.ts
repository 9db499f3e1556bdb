import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import util from 'node:util';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { backendChoice, initBackend } from '../../../../src/engine/tfjs/backend.js';
import { cudaGpuVisible, loadNative, shimNodeUtil } from '../../../../src/engine/tfjs/nodeBindings.js';
import { locateWasmDir, WASM_BINARIES } from '../../../../src/engine/tfjs/wasmFiles.js';

describe('tfjs backend selection', () => {
  it('picks wasm with its gradient kernels when tfjs-node is not installed, and says why', async () => {
    const info = await initBackend({ env: {} });
    assert.equal(info.engine, 'tfjs');
    assert.equal(info.backend, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.match(info.reason, /tfjs-node not installed/);
    assert.match(info.reason, /wasm backend .*convolution-gradient kernels/);
    assert.equal(info.version, tf.version_core);
    assert.ok(tf.getKernel('Conv2DBackpropFilter', 'wasm'));
  });

  it('honours a forced backend, from the option or NETADJUST_TFJS_BACKEND', async () => {
    assert.equal(backendChoice({ env: { NETADJUST_TFJS_BACKEND: 'CPU' } }), 'cpu');
    assert.equal(backendChoice({ backend: 'wasm', env: { NETADJUST_TFJS_BACKEND: 'cpu' } }), 'wasm');
    assert.equal(backendChoice({ env: {} }), 'auto');
    assert.throws(() => backendChoice({ env: { NETADJUST_TFJS_BACKEND: 'webgl' } }), /unknown tfjs backend 'webgl'.*auto, node-gpu, node, wasm, cpu/);
    const cpu = await initBackend({ env: { NETADJUST_TFJS_BACKEND: 'cpu' } });
    assert.equal(cpu.backend, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    assert.match(cpu.reason, /requested/);
  });

  it('fails clearly when a forced native backend is not installed', async () => {
    await assert.rejects(initBackend({ backend: 'node', env: {} }), /'node' was requested but cannot start: @tensorflow\/tfjs-node not installed/);
    assert.deepEqual(loadNative('@tensorflow/tfjs-node-gpu'), { ok: false, reason: '@tensorflow/tfjs-node-gpu not installed' });
  });

  it('finds the wasm binaries in the installed package, or where NETADJUST_WASM_DIR says', () => {
    const dir = locateWasmDir({});
    assert.ok(dir !== null);
    WASM_BINARIES.forEach((f) => assert.ok(existsSync(join(dir, f)), f));
    assert.equal(locateWasmDir({ NETADJUST_WASM_DIR: dir }), dir);
  });

  it('hides the GPU when CUDA_VISIBLE_DEVICES is empty or -1', () => {
    assert.equal(cudaGpuVisible({ CUDA_VISIBLE_DEVICES: '-1' }), false);
    assert.equal(cudaGpuVisible({ CUDA_VISIBLE_DEVICES: '' }), false);
  });

  it('puts util.isNullOrUndefined back where Node removed it (Node 23+), for tfjs-node', () => {
    const target = util as unknown as Record<string, unknown>;
    const original = target['isNullOrUndefined'];
    delete target['isNullOrUndefined'];
    try {
      shimNodeUtil();
      const shim = target['isNullOrUndefined'] as (v: unknown) => boolean;
      assert.deepEqual([shim(null), shim(undefined), shim(0), shim('')], [true, true, false, false]);
    } finally {
      target['isNullOrUndefined'] = original;
    }
  });
});
