import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { hasStackTrace, REPO_ROOT, runCli, untilJsonEvent } from '../helpers/cli.js';
import { FASHION_MNIST, tinyWorkspace } from '../helpers/tinyModel.js';
import { eventsOf, iterationsOf, reportOf } from '../helpers/runFiles.js';

const QUICK = ['--epochs', '1', '--final-epochs', '1', '--max-train-images', '400', '--max-test-images', '100', '--batch-size', '50', '--set', 'probeRepeats=2'];

const workspace = () => tinyWorkspace('netadjust-adjust-');

function jsonLines(stdout: string): { event: string; runDir?: string; runId?: string; iteration?: number }[] {
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event: string });
}

function adjust(ws: { dir: string; model: string }, extra: string[] = []) {
  return runCli(['adjust', ws.model, '--workspace', ws.dir, '--iterations', '2', ...QUICK, '--json', ...extra], { timeoutMs: 180_000 });
}

describe('netadjust adjust', () => {
  it('runs a 2-iteration search on real Fashion-MNIST and leaves a complete run folder', () => {
    const ws = workspace();
    const run = adjust(ws);
    assert.equal(run.status, 0, run.stderr);
    const last = jsonLines(run.stdout).at(-1)!;
    assert.equal(last.event, 'done');
    const runDir = last.runDir!;
    for (const file of ['run.json', 'events.jsonl', 'report.json', 'report.md', 'iterations/0.json', 'iterations/1.json', 'adjusted.netadj.yaml']) {
      assert.ok(existsSync(path.join(runDir, file)), file);
    }
    const [first] = iterationsOf(runDir);
    assert.deepEqual(Object.keys(first!.fur).sort(), ['a', 'b', 'c']);
    assert.ok(Object.values(first!.fur).every(Number.isFinite));
    assert.deepEqual(Object.keys(first!.widths).sort(), ['a', 'b', 'c', 'fc']);
    const report = reportOf(runDir);
    // One channel of this tiny network is about 2 % of its MACs, so the budget holds to that grain here; the unit
    // tests of the rescale check the 1 % tolerance on networks fine enough to reach it.
    assert.ok(Math.abs(report.adjusted.macs / report.original.macs - 1) <= 0.03, `${report.adjusted.macs} vs ${report.original.macs}`);
    assert.ok(report.original.testAccuracy > 0.1 && report.adjusted.testAccuracy > 0.1);
    // The adjusted model is the original text with only width literals changed: comments survive.
    const adjusted = readFileSync(path.join(runDir, 'adjusted.netadj.yaml'), 'utf8');
    assert.match(adjusted, /# first conv/);
    assert.equal(eventsOf(runDir).at(-1)!.state, 'done');
  });

  it('resumes a run killed with SIGKILL and reaches the widths of an uninterrupted run', async () => {
    const reference = workspace();
    const full = adjust(reference, ['--iterations', '3']);
    assert.equal(full.status, 0, full.stderr);
    const referenceDir = jsonLines(full.stdout).at(-1)!.runDir!;

    const ws = workspace();
    const runDir = await killAfterFirstIteration(ws, ['--iterations', '3']);
    assert.ok(iterationsOf(runDir).length >= 1 && !existsSync(path.join(runDir, 'report.json')));
    const resumed = runCli(['adjust', ws.model, '--workspace', ws.dir, '--resume', path.basename(runDir), '--json'], { timeoutMs: 180_000 });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.deepEqual(
      iterationsOf(runDir).map((r) => r.nextWidths),
      iterationsOf(referenceDir).map((r) => r.nextWidths),
    );
    assert.deepEqual(reportOf(runDir).adjusted.widths, reportOf(referenceDir).adjusted.widths);
  });

  it('applies the adjusted widths to the model file, and refuses to apply them twice', () => {
    const ws = workspace();
    const run = adjust(ws);
    assert.equal(run.status, 0, run.stderr);
    const runDir = jsonLines(run.stdout).at(-1)!.runDir!;
    const applied = runCli(['apply', ws.model, '--run', runDir]);
    assert.equal(applied.status, 0, applied.stderr);
    const analysed = JSON.parse(runCli(['analyze', ws.model, '--json']).stdout) as { layers: { name: string; outChannels: number }[] };
    const widths = Object.fromEntries(analysed.layers.filter((l) => ['a', 'b', 'c', 'fc'].includes(l.name)).map((l) => [l.name, l.outChannels]));
    assert.deepEqual(widths, reportOf(runDir).adjusted.widths);
    assert.match(readFileSync(ws.model, 'utf8'), /# first conv/);
    const again = runCli(['apply', ws.model, '--run', runDir]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already has the adjusted widths/);
  });

  it('fails clearly, without a stack trace or a run folder, on a missing or corrupt dataset', () => {
    const ws = workspace();
    const missing = runCli(['adjust', ws.model, '--workspace', ws.dir, '--data', path.join(ws.dir, 'nowhere'), '--data-format', 'idx'], { timeoutMs: 60_000 });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nowhere/);
    assert.ok(!hasStackTrace(missing.stderr), missing.stderr);

    const corrupt = path.join(ws.dir, 'corrupt');
    mkdirSync(corrupt);
    for (const name of readdirSync(FASHION_MNIST).filter((n) => n.endsWith('.gz'))) {
      writeFileSync(path.join(corrupt, name.replace(/\.gz$/, '')), name.startsWith('train-images') ? Buffer.from([0, 0, 8, 3, 0, 0]) : readFileSync(path.join(FASHION_MNIST, name)));
    }
    const bad = runCli(['adjust', ws.model, '--workspace', ws.dir, '--data', corrupt, '--data-format', 'idx'], { timeoutMs: 60_000 });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /train-images-idx3-ubyte/);
    assert.ok(!hasStackTrace(bad.stderr), bad.stderr);
    assert.ok(!existsSync(path.join(ws.dir, '.netadjust', 'runs')) || readdirSync(path.join(ws.dir, '.netadjust', 'runs')).length === 0);
  });

  it('cancels on Ctrl-C within seconds, keeping completed iterations, and resumes to the end', async () => {
    const ws = workspace();
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'netadjust.js'), 'adjust', ws.model, '--workspace', ws.dir, '--iterations', '3', ...QUICK, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const runDir = await untilIteration(child);
    const sentAt = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.ok(Date.now() - sentAt < 10_000, 'cancel took too long');
    assert.equal(code, 130);
    assert.equal(eventsOf(runDir).at(-1)!.state, 'cancelled');
    const resumed = runCli(['adjust', ws.model, '--workspace', ws.dir, '--resume', 'latest', '--json'], { timeoutMs: 180_000 });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(iterationsOf(runDir).length, 3);
  });
});

/** Resolves with the run folder once the first iteration is reported. */
function untilIteration(child: ReturnType<typeof spawn>): Promise<string> {
  return untilJsonEvent(child, (e) => e.event === 'iteration', 'its first iteration');
}

/** Starts a run in its own process group and kills the whole group (CLI and engine) with SIGKILL after iteration 0. */
async function killAfterFirstIteration(ws: { dir: string; model: string }, extra: string[]): Promise<string> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'netadjust.js'), 'adjust', ws.model, '--workspace', ws.dir, ...QUICK, '--json', ...extra], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const runDir = await untilIteration(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
  return runDir;
}
