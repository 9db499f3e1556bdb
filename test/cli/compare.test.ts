import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadModel } from '../../src/model/load.js';
import type { NetworkResult, RunManifest } from '../../src/protocol/types.js';
import { hasStackTrace, REPO_ROOT, runCli, untilJsonEvent } from '../helpers/cli.js';
import { readJson, reportOf } from '../helpers/runFiles.js';
import { FASHION_MNIST, tinyWorkspace } from '../helpers/tinyModel.js';

/** A two-stage residual network: the stem, a block at 8 and a strided block at 12, zero-padded shortcuts. */
const TINY_RESNET = `netadjust: 1
name: tinyres
input: [28, 28, 1]
residual: pad
dataset: {format: idx, path: ${JSON.stringify(FASHION_MNIST)}}
layers:
  - {type: conv, name: stem, width: 8, stride: 2}
  - {type: stage, name: s1, block: basic, repeat: 1, inner: 8, out: 8}
  - {type: stage, name: s2, block: basic, repeat: 1, stride: 2, inner: 12, out: 12}
  - {type: gap}
  - {type: dense, name: fc, units: 10}
`;

const QUICK = ['--iterations', '1', '--epochs', '1', '--final-epochs', '3', '--lr', '0.05', '--max-train-images', '1000', '--max-test-images', '200', '--batch-size', '50', '--set', 'probeRepeats=1', '--set', 'pruneImages=32'];

function residualWorkspace(): { dir: string; model: string } {
  const ws = tinyWorkspace('netadjust-compare-');
  const model = path.join(ws.dir, 'tinyres.netadj.yaml');
  writeFileSync(model, TINY_RESNET);
  return { dir: ws.dir, model };
}

function compare(ws: { dir: string; model: string }, extra: string[]) {
  return runCli(['compare', ws.model, '--workspace', ws.dir, ...QUICK, '--json', ...extra], { timeoutMs: 300_000 });
}

function runDirOf(stdout: string): string {
  const done = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event: string; runDir?: string }).at(-1)!;
  assert.equal(done.event, 'done');
  return done.runDir!;
}

describe('netadjust compare', () => {
  for (const engine of ['torch', 'tfjs'] as const) {
    it(`puts the adjusted network, uniform scaling, L1, CHIP and HRel at half the MACs in one report and one chart (${engine})`, () => {
      const ws = residualWorkspace();
      const run = compare(ws, ['--target-macs', '0.5', '--engine', engine, ...(engine === 'torch' ? ['--distill', '0.5'] : [])]);
      assert.equal(run.status, 0, run.stderr);
      const runDir = runDirOf(run.stdout);
      const report = reportOf(runDir);
      const manifest = readJson<RunManifest>(path.join(runDir, 'run.json'));
      assert.deepEqual(manifest.compare, { methods: ['uniform', 'l1', 'chip', 'hrel'] });
      const networks: [string, NetworkResult | undefined][] = [
        ['uniform', report.uniform],
        ['l1', report.pruned?.l1],
        ['chip', report.pruned?.chip],
        ['hrel', report.pruned?.hrel],
        ...(engine === 'torch' ? [['distilled', report.distilled] as [string, NetworkResult | undefined]] : []),
      ];
      const target = manifest.budget!.targetMacs;
      for (const [name, r] of [['adjusted', report.adjusted], ...networks] as const) {
        assert.ok(r, `${name} is in the report`);
        // One channel of this tiny network is a few % of its MACs: the budget holds to that grain.
        assert.ok(Math.abs(r.macs / target - 1) < 0.15, `${name}: ${r.macs} MACs vs the target ${target}`);
        assert.ok(r.testAccuracy > 0.25, `${name} learned something: ${r.testAccuracy}`);
        assert.ok(r.latency && r.latency.medianMs > 0 && r.latency.p25Ms <= r.latency.medianMs && r.latency.medianMs <= r.latency.p75Ms, `${name} was timed`);
        assert.ok(r.params < report.original.params);
      }
      assert.equal(report.pruned!.l1!.recipe, 'fine-tune');
      assert.ok(report.pruned!.l1!.beforeFineTune!.testAccuracy >= 0 && report.pruned!.l1!.beforeFineTune!.testAccuracy <= 1);
      assert.equal(report.testImages, 200);
      assert.equal(report.uniform!.recipe, 'scratch');
      // The residual stage was pruned as one: the shortcut's add sums the same kept channels.
      const w = report.pruned!.chip!.widths;
      assert.equal(w['s1.0.out'], w['stem']);
      assert.ok(w['s2.0.out']! >= w['stem']!);
      for (const file of ['weights/original.safetensors', 'weights/l1-cut.safetensors', 'weights/chip-cut.safetensors', 'weights/features.safetensors', 'final/hrel.json', 'accuracy-vs-macs.svg']) {
        assert.ok(existsSync(path.join(runDir, file)), file);
      }
      // Every network leaves its model file (the input's format, only widths changed) and its trained weights.
      for (const [name, r] of [['adjusted', report.adjusted], ...networks] as const) {
        assert.ok(r!.weightsFile && existsSync(path.join(runDir, r!.weightsFile)), `${name} weights`);
        assert.ok(r!.modelFile && existsSync(path.join(runDir, r!.modelFile)), `${name} model file`);
      }
      assert.equal(report.pruned!.hrel!.modelFile, 'hrel.netadj.yaml');
      const hrelModel = loadModel('hrel.netadj.yaml', readFileSync(path.join(runDir, 'hrel.netadj.yaml'), 'utf8')).analysis!;
      assert.deepEqual({ ...hrelModel.widths }, report.pruned!.hrel!.widths);
      assert.equal(report.adjustedModelFile, 'adjusted.netadj.yaml');
      const svg = readFileSync(path.join(runDir, 'accuracy-vs-macs.svg'), 'utf8');
      assert.equal(svg.match(/<circle [^>]*><title>/g)?.length, 2 + networks.length, 'one point per network');
      assert.equal(svg.match(/<circle [^>]*\/>/g)?.length, 2 + networks.length, 'one legend row per network');
      const markdown = readFileSync(path.join(runDir, 'report.md'), 'utf8');
      assert.match(markdown, /\| test accuracy \| before fine-tuning \| test loss \|/);
      assert.match(markdown, /On 200 test images one standard error of a test accuracy near [\d.]+ % is ±[\d.]+ points/);
      for (const row of ['| uniformly scaled |', '| L1-norm pruned |', '| CHIP pruned |', '| HRel pruned |', 'accuracy-vs-macs.svg']) {
        assert.ok(markdown.includes(row), row);
      }
    });
  }

  it('resumes a comparison killed with SIGKILL while fine-tuning a pruned network, keeping what was trained', async () => {
    const ws = residualWorkspace();
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'netadjust.js'), 'compare', ws.model, '--workspace', ws.dir, ...QUICK, '--target-macs', '0.5', '--methods', 'l1,chip', '--engine', 'torch', '--json'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const runDir = await untilJsonEvent(child, (e) => e.event === 'progress' && e.phase === 'final-chip', 'fine-tuning the CHIP baseline');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    const original = readJson<{ result: NetworkResult }>(path.join(runDir, 'final', 'original.json'));
    assert.ok(!existsSync(path.join(runDir, 'report.json')));
    const resumed = compare(ws, ['--resume', 'latest', '--engine', 'torch']);
    assert.equal(resumed.status, 0, resumed.stderr);
    const report = reportOf(runDirOf(resumed.stdout));
    assert.deepEqual(report.original, original.result, 'the original was not trained again');
    assert.ok(report.pruned?.l1 && report.pruned.chip && !report.pruned.hrel && !report.uniform);
  });

  it('refuses a comparison without a target, with unknown methods, or beyond the network: exit 2, no stack trace, no run folder', () => {
    const ws = residualWorkspace();
    const none = compare(ws, []);
    assert.equal(none.status, 2);
    assert.equal(none.stderr.trim(), 'netadjust: compare needs a budget: --target-macs 0.5 (half the MACs) or a MAC count such as --target-macs 20M');
    const unknown = compare(ws, ['--target-macs', '0.5', '--methods', 'l1,magic']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /netadjust: --methods takes a comma-separated list of uniform, l1, chip, hrel, not 'magic'/);
    const beyond = compare(ws, ['--target-macs', '3']);
    assert.equal(beyond.status, 2);
    assert.match(beyond.stderr, /larger than the network/);
    for (const r of [none, unknown, beyond]) {
      assert.ok(!hasStackTrace(r.stderr), r.stderr);
    }
    const runs = path.join(ws.dir, '.netadjust', 'runs');
    assert.ok(!existsSync(runs) || readdirSync(runs).length === 0);
  });
});
