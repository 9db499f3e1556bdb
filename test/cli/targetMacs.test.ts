import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { RunManifest, RunReport } from '../../src/protocol/types.js';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { tinyWorkspace } from '../helpers/tinyModel.js';

const QUICK = ['--iterations', '1', '--epochs', '1', '--final-epochs', '1', '--max-train-images', '200', '--max-test-images', '50', '--batch-size', '50', '--set', 'probeRepeats=1'];

const workspace = () => tinyWorkspace('netadjust-target-');

function adjust(ws: { dir: string; model: string }, target: string) {
  return runCli(['adjust', ws.model, '--workspace', ws.dir, '--target-macs', target, ...QUICK, '--json'], { timeoutMs: 120_000 });
}

function noRunFolder(ws: { dir: string }): boolean {
  const runs = path.join(ws.dir, '.netadjust', 'runs');
  return !existsSync(runs) || readdirSync(runs).length === 0;
}

describe('netadjust adjust --target-macs', () => {
  it('refuses a target larger than the network, as a ratio or as a count: exit 2, one clear message, no run folder', () => {
    const ws = workspace();
    const ratio = adjust(ws, '2');
    assert.equal(ratio.status, 2, ratio.stderr);
    assert.equal(ratio.stderr.trim(), "netadjust: the target (2× the network's MACs) is larger than the network; netadjust shrinks or keeps, it does not grow the budget (--target-macs takes a ratio in (0, 1] or a MAC count like 20M)");
    const count = adjust(ws, '100M');
    assert.equal(count.status, 2, count.stderr);
    assert.match(count.stderr, /netadjust: the target \(100\.00 M MACs\) is larger than the network \(141\.28 k MACs\); netadjust shrinks or keeps, it does not grow the budget/);
    assert.ok(!hasStackTrace(ratio.stderr + count.stderr));
    assert.ok(noRunFolder(ws));
  });

  it('refuses a target that would push a layer below the minimum width, and bad syntax', () => {
    const ws = workspace();
    const small = adjust(ws, '0.01');
    assert.equal(small.status, 2, small.stderr);
    assert.match(small.stderr, /netadjust: at 0\.01× the layer 'a' would be 0\.\d channels, below the minimum width 4; the smallest reachable target is about [\d.]+ k MACs \(ratio 0\.\d+\)/);
    const bad = adjust(ws, '20MB');
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trim(), "netadjust: --target-macs takes a ratio in (0, 1] or a MAC count like 20M; got '20MB'");
    assert.ok(noRunFolder(ws));
  });

  it('runs at half the MACs: scaled start in run.json, the uniform baseline in the report', () => {
    const ws = workspace();
    const run = adjust(ws, '0.5');
    assert.equal(run.status, 0, run.stderr);
    const [runDir] = readdirSync(path.join(ws.dir, '.netadjust', 'runs')).map((d) => path.join(ws.dir, '.netadjust', 'runs', d));
    const manifest = JSON.parse(readFileSync(path.join(runDir!, 'run.json'), 'utf8')) as RunManifest;
    assert.equal(manifest.settings.targetMacs, 0.5);
    assert.equal(manifest.budget!.targetMacs, 70_640);
    assert.deepEqual(manifest.budget!.startWidths, { a: 8, b: 8, c: 8, fc: 10 });
    const report = JSON.parse(readFileSync(path.join(runDir!, 'report.json'), 'utf8')) as RunReport;
    assert.deepEqual(report.uniform!.widths, manifest.budget!.startWidths);
    // One channel of this network is about 2 % of its MACs: the budget holds to that grain (see adjust.test.ts).
    assert.ok(Math.abs(report.adjusted.macs / 70_640 - 1) <= 0.03, `${report.adjusted.macs}`);
    assert.match(readFileSync(path.join(runDir!, 'report.md'), 'utf8'), /## Budget/);
  });
});
