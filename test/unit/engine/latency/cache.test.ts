import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { buildLatencyTable, LatencyTableError, TIMING } from '../../../../src/engine/latency/build.js';
import { cacheFile, LATENCY_FOLDER } from '../../../../src/engine/latency/cache.js';
import { keyHash, machineKey, validateTableFile } from '../../../../src/engine/latency/tableFile.js';
import { FakeTrainer } from '../../../helpers/fakeTrainer.js';
import { resnetCifar } from '../../../helpers/resnet.js';
import { filesUnder, suiteWorkspaces } from '../../../helpers/runs.js';
import { fakeLayerMs, TimingTrainer } from './fakeTiming.js';

const analysis = analyzeGraph(resnetCifar(1, 10));
const settings = { latencyBatchSize: 2, minWidth: 4 };

describe('building a latency table', () => {
  const workspace = suiteWorkspaces();

  it('times every grid point once, with the batch size and the timing protocol, and caches them', async () => {
    const ws = workspace();
    const trainer = new TimingTrainer(analysis);
    const progress: [number, number][] = [];
    const build = await buildLatencyTable(analysis, trainer, { workspace: ws, settings, onProgress: (done, all) => progress.push([done, all]) });
    const entries = Object.keys(build.table.entries);
    assert.equal(build.cached, 0);
    assert.equal(build.timed, entries.length);
    assert.equal(trainer.timedCases, entries.length, 'each signature timed once');
    assert.ok(trainer.timingCalls.every((c) => c.options.batchSize === 2 && c.options.warmup === TIMING.warmup && c.options.repeats === TIMING.repeats));
    assert.deepEqual(progress.at(-1), [entries.length, entries.length]);
    assert.ok(progress.length > 1, 'progress comes per call, not once at the end');
    // Each entry is what the engine answered for that case.
    const first = trainer.timingCalls[0]!.cases[0]!;
    assert.equal(Object.values(build.table.entries).includes(fakeLayerMs(first)), true);
    const key = machineKey(trainer.info, 2);
    assert.equal(build.cacheFile, path.join(ws, LATENCY_FOLDER, `${keyHash(key)}.json`));
    const cached = validateTableFile(JSON.parse(fs.readFileSync(build.cacheFile, 'utf8')), build.cacheFile);
    assert.deepEqual(cached.entries, build.table.entries);
    assert.deepEqual(cached.machine, key);
    assert.deepEqual(filesUnder(path.join(ws, LATENCY_FOLDER)), [`${keyHash(key)}.json`], 'atomic writes leave no temporary files');
  });

  it('times nothing when the cache holds every entry, and gives the same table', async () => {
    const ws = workspace();
    const first = await buildLatencyTable(analysis, new TimingTrainer(analysis), { workspace: ws, settings });
    const again = new TimingTrainer(analysis);
    again.failTiming = true;
    const second = await buildLatencyTable(analysis, again, { workspace: ws, settings });
    assert.equal(second.timed, 0);
    assert.equal(second.cached, Object.keys(first.table.entries).length);
    assert.deepEqual(second.table, first.table);
  });

  it('times only the entries missing from the cache', async () => {
    const ws = workspace();
    const first = await buildLatencyTable(analysis, new TimingTrainer(analysis), { workspace: ws, settings });
    const file = first.cacheFile;
    const table = JSON.parse(fs.readFileSync(file, 'utf8'));
    const dropped = Object.keys(table.entries).filter((_, i) => i % 5 === 0);
    dropped.forEach((k) => delete table.entries[k]);
    fs.writeFileSync(file, JSON.stringify(table));
    const trainer = new TimingTrainer(analysis);
    const second = await buildLatencyTable(analysis, trainer, { workspace: ws, settings });
    assert.equal(second.timed, dropped.length);
    const timed = trainer.timingCalls.flatMap((c) => c.cases.map(fakeLayerMs));
    assert.deepEqual(timed.sort(), dropped.map((k) => first.table.entries[k]!).sort());
    assert.deepEqual(second.table, first.table);
    assert.equal(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).entries).length, Object.keys(first.table.entries).length, 'the cache is whole again');
  });

  it('shares entries between models with layers of the same shapes, and keeps other models\' entries', async () => {
    const ws = workspace();
    await buildLatencyTable(analysis, new TimingTrainer(analysis), { workspace: ws, settings });
    const other = analyzeGraph(resnetCifar(2, 100)); // the same convolutions, another classifier
    const trainer = new TimingTrainer(other);
    const build = await buildLatencyTable(other, trainer, { workspace: ws, settings });
    assert.ok(build.cached > 0 && build.timed > 0, `${build.cached} cached, ${build.timed} timed`);
    const cache = JSON.parse(fs.readFileSync(build.cacheFile, 'utf8'));
    assert.ok(Object.keys(cache.entries).length > Object.keys(build.table.entries).length, 'the cache holds both models\' entries');
  });

  it('ignores a corrupt cache with a warning, times everything and writes a good cache', async () => {
    const ws = workspace();
    const trainer = new TimingTrainer(analysis);
    const file = cacheFile(ws, machineKey(trainer.info, 2));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const corrupt of ['{"format": "netadjust-latency-table", "entr', JSON.stringify({ format: 'netadjust-latency-table', version: 1, machine: {}, timing: {}, entries: {} })]) {
      fs.writeFileSync(file, corrupt);
      const warnings: string[] = [];
      const t = new TimingTrainer(analysis);
      const build = await buildLatencyTable(analysis, t, { workspace: ws, settings, warn: (m) => warnings.push(m) });
      assert.equal(build.cached, 0);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, new RegExp(`^ignoring the latency cache: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (is not valid JSON|is not a latency table)`));
      assert.doesNotThrow(() => validateTableFile(JSON.parse(fs.readFileSync(file, 'utf8')), file));
    }
  });

  it('keys the cache by engine, backend, version, machine and batch size', () => {
    const info = { engine: 'tfjs' as const, backend: 'tensorflow', version: '4.22.0', reason: '' };
    const cpus = [{ model: 'Some CPU  ', speed: 1, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }];
    const base = machineKey(info, 1, cpus, 'host-a');
    assert.equal(base.cpu, 'Some CPU');
    assert.equal(base.device, 'tensorflow', 'a CPU backend is identified by the CPU');
    assert.equal(keyHash(machineKey(info, 1, cpus, 'host-b')), keyHash(base));
    const others = [
      machineKey(info, 8, cpus, 'host-a'),
      machineKey({ ...info, backend: 'wasm' }, 1, cpus, 'host-a'),
      machineKey({ ...info, version: '4.23.0' }, 1, cpus, 'host-a'),
      machineKey(info, 1, [...cpus, ...cpus], 'host-a'),
      machineKey({ ...info, engine: 'torch' }, 1, cpus, 'host-a'),
    ];
    others.forEach((k) => assert.notEqual(keyHash(k), keyHash(base), JSON.stringify(k)));
    // An accelerator is not in EngineInfo: the host stands in for it.
    const gpu = { ...info, engine: 'torch' as const, backend: 'cuda' };
    assert.notEqual(keyHash(machineKey(gpu, 1, cpus, 'host-a')), keyHash(machineKey(gpu, 1, cpus, 'host-b')));
  });

  it('refuses a trainer that cannot time layers, naming the engine', async () => {
    await assert.rejects(
      buildLatencyTable(analysis, new FakeTrainer(analysis), { workspace: workspace(), settings }),
      (e: unknown) => e instanceof LatencyTableError && /^the tfjs engine \(fake backend\) cannot time single layers, which budget 'latency' needs/.test((e as Error).message),
    );
  });

  it('refuses timings that are not times, naming the layer', async () => {
    const trainer = new TimingTrainer(analysis);
    trainer.timeLayers = async (cases) => cases.map((_, i) => (i === 3 ? NaN : 1));
    await assert.rejects(buildLatencyTable(analysis, trainer, { workspace: workspace(), settings }), /^Error: the tfjs engine \(fake\) timed 'conv2d k3x3 .*' at NaN ms, which is not a time$/);
  });
});
