/** Run results over real LSP: FUR lenses, proposed-width inlay hints, and the settings that turn them off. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, InlayHint } from 'vscode-languageserver/node';
import type { RunResultsParams } from '../../../src/protocol/server.js';
import { exampleText, exampleUri, LspClient } from '../../helpers/lsp.js';

const SMALL = 'examples/small-cnn-fashion-mnist.netadj.yaml';
const RESNET20 = 'examples/resnet20-cifar100.netadj.yaml';
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length - 1;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(check(), `timed out waiting for ${what}`);
}

describe('run results', () => {
  let client: LspClient;
  const uri = exampleUri(SMALL);
  const text = exampleText(SMALL);
  const lenses = () => client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  const hints = (u = uri) => client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: u }, range: WHOLE });

  before(async () => {
    client = await LspClient.start();
    await client.open(uri, text);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('shows no FUR and no hints before a run', async () => {
    assert.ok((await lenses()).every((l) => !l.command!.title.includes('FUR')));
    assert.ok(!(await lenses()).some((l) => l.command?.command === 'netadjust.applyAdjustedWidths'));
    assert.deepEqual(await hints(), []);
  });

  it('shows FUR, rank and the proposed change in lenses and hints after netadjust/runResults', async () => {
    const refreshed = client.refreshes.codeLens;
    const params: RunResultsParams = {
      uri,
      runId: 'run-1',
      iteration: 2,
      fur: { conv1: 0.031, conv2: 0.05, conv3: 0.004 },
      widths: { conv1: 16, conv2: 32, conv3: 64, fc: 10 },
      proposed: { conv1: 26, conv2: 24, conv3: 64, fc: 10 },
    };
    await client.connection.sendNotification('netadjust/runResults', params);
    await until(() => client.refreshes.codeLens > refreshed && client.refreshes.inlayHint > 0, 'the refresh requests');
    const all = await lenses();
    const title = (needle: string) => all.find((l) => l.range.start.line === lineOf(text, needle))!.command!.title;
    assert.match(title('name: conv1'), / · FUR 0\.031 \(rank 2\/3\) · 16 → 26 channels$/);
    assert.match(title('name: conv2'), /FUR 0\.050 \(rank 1\/3\) · 32 → 24 channels$/);
    assert.match(title('name: conv3'), /FUR 4\.0e-3 \(rank 3\/3\) · 64 channels \(kept\)$/);
    assert.match(title('name: fc'), / params · 10 units \(fixed\)$/);
    const top = all.filter((l) => l.range.start.line === 0).map((l) => l.command!);
    assert.ok(top.some((c) => c.title === 'Last run run-1, iteration 3: 2 widths change'));
    const apply = top.find((c) => c.command === 'netadjust.applyAdjustedWidths');
    assert.deepEqual(apply?.arguments, [uri]);

    const shown = await hints();
    assert.deepEqual(shown.map((h) => h.label), ['16 → 26', '32 → 24']);
    const line = lineOf(text, 'name: conv1');
    const literalEnd = text.split('\n')[line]!.indexOf('width: 16') + 'width: 16'.length;
    assert.deepEqual(shown[0]!.position, { line, character: literalEnd });
    assert.ok(shown[0]!.paddingLeft);
  });

  it('hints a shared stage literal once, with a list when the instances diverge', async () => {
    const ruri = exampleUri(RESNET20);
    const rtext = exampleText(RESNET20);
    await client.open(ruri, rtext);
    await client.connection.sendNotification('netadjust/runResults', {
      uri: ruri,
      runId: 'run-2',
      iteration: 0,
      fur: { 'stage1.0.inner': 0.2, 'stage1.1.inner': 0.1 },
      widths: {},
      proposed: { 'stage1.0.inner': 26, 'stage1.1.inner': 26, 'stage1.2.inner': 26, 'stage2.0.out': 40, 'stage2.1.out': 32, 'stage2.2.out': 24 },
    } satisfies RunResultsParams);
    const labels = (await hints(ruri)).map((h) => h.label);
    assert.deepEqual(labels, ['16 → 26', '32 → [40, 32, 24]']);
    const stageLens = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: ruri } }))
      .find((l) => l.range.start.line === lineOf(rtext, 'name: stage1'))!;
    assert.match(stageLens.command!.title, /FUR 0\.100–0\.200 \(best rank 1\/2\) · 3 of 6 widths change$/);
  });

  it('hides lenses and hints when the settings turn them off', async () => {
    const before = client.refreshes.codeLens;
    client.settings = { codeLens: { enabled: false }, inlayHints: { enabled: false } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await until(() => client.refreshes.codeLens > before, 'the refresh after the settings change');
    assert.deepEqual(await lenses(), []);
    assert.deepEqual(await hints(), []);
    client.settings = { codeLens: { enabled: true }, inlayHints: { enabled: true } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await until(() => client.refreshes.codeLens > before + 1, 'the second refresh');
    assert.ok((await lenses()).length > 0);
    assert.equal((await hints()).length, 2);
  });

  it('drops the hint once the file holds the proposed width, and clears on an empty result', async () => {
    await client.change(uri, 2, text.replace('width: 16', 'width: 26'));
    assert.deepEqual((await hints()).map((h) => h.label), ['32 → 24']);
    await client.connection.sendNotification('netadjust/runResults', { uri, runId: 'run-1', iteration: 2, fur: {}, widths: {}, proposed: {} });
    assert.deepEqual(await hints(), []);
    assert.ok((await lenses()).every((l) => !l.command!.title.includes('FUR')));
    // A malformed message is ignored and logged, never fatal.
    await client.connection.sendNotification('netadjust/runResults', { fur: 'nonsense' });
    assert.deepEqual(await hints(), []);
  });
});
