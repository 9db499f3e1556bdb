import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { hasStackTrace, runCli } from '../helpers/cli.js';

interface AnalyzeJson {
  model: string;
  input: number[];
  totalMacs: number;
  totalParams: number;
  nonTrainableParams: number;
  layers: { name: string; type: string; outChannels: number | null; macs: number; params: number; searchable: boolean; group: string | null }[];
}

describe('netadjust analyze', () => {
  it('prints the documented JSON shape for ResNet-20 (CIFAR-100): 40,556,800 MACs', () => {
    const run = runCli(['analyze', 'examples/resnet20-cifar100.netadj.yaml', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as AnalyzeJson;
    assert.equal(out.totalMacs, 40_556_800);
    assert.deepEqual(out.input, [32, 32, 3]);
    assert.equal(typeof out.model, 'string');
    assert.ok(Number.isInteger(out.totalParams) && Number.isInteger(out.nonTrainableParams));
    for (const l of out.layers) {
      assert.deepEqual(Object.keys(l).filter((k) => ['name', 'type', 'outChannels', 'macs', 'params', 'searchable', 'group'].includes(k)).length, 7);
    }
    assert.equal(out.layers.reduce((a, l) => a + l.macs, 0), out.totalMacs);
  });

  it('prints a readable table with totals', () => {
    const run = runCli(['analyze', 'examples/resnet20-cifar100.netadj.yaml']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /40,556,800 MACs/);
    assert.match(run.stdout, /^layer\s+type\s+output\s+MACs/m);
  });

  it('analyses a TensorFlow.js model.json', () => {
    const run = runCli(['analyze', 'examples/keras/small-cnn.model.json', '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.ok((JSON.parse(run.stdout) as AnalyzeJson).totalMacs > 0);
  });

  it('exits 2 with file:line:col and no stack trace on a broken file, still reporting what it can', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netadjust-cli-'));
    const file = path.join(dir, 'broken.netadj.yaml');
    writeFileSync(file, ['netadjust: 1', 'name: broken', 'input: [8, 8, 3]', 'layers:', '  - {type: conv, width: 4}', '  - {type: warp, width: 4}', '  - {type: conv, width: 0}', ''].join('\n'));
    const run = runCli(['analyze', file, '--json']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /broken\.netadj\.yaml:6:\d+: error: .*warp/);
    assert.match(run.stderr, /broken\.netadj\.yaml:7:\d+: error: /);
    assert.ok(!hasStackTrace(run.stderr), run.stderr);
    assert.ok((JSON.parse(run.stdout) as AnalyzeJson).layers.length >= 1);
  });

  it('exits 2 on malformed YAML and on a missing file, without a stack trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netadjust-cli-'));
    const file = path.join(dir, 'bad.netadj.yaml');
    writeFileSync(file, 'netadjust: 1\nlayers: [ {type: conv, width: 4\n');
    for (const args of [['analyze', file], ['analyze', path.join(dir, 'absent.netadj.yaml')]]) {
      const run = runCli(args);
      assert.equal(run.status, 2, run.stderr);
      assert.ok(!hasStackTrace(run.stderr), run.stderr);
      assert.match(run.stderr, /netadjust|bad\.netadj\.yaml:\d+:\d+/);
    }
  });

  it('exits 2 on a usage error', () => {
    const run = runCli(['analyze']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /missing required argument/);
  });
});
