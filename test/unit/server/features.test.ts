/** The language server over real LSP: diagnostics, hover, CodeLens, document symbols and the summary request. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver/node';
import type { ModelSummary } from '../../../src/model/summary.js';
import { exampleText, exampleUri, LspClient } from '../../helpers/lsp.js';

const RESNET20 = 'examples/resnet20-cifar100.netadj.yaml';
const KERAS = 'examples/keras/small-cnn.model.json';

/** The zero-based line and character of the `nth` occurrence of `needle` in `text`. */
function at(text: string, needle: string, nth = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
  }
  assert.ok(offset >= 0, `'${needle}' not found`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}

function span(text: string, needle: string, nth = 0) {
  const start = at(text, needle, nth);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

const BROKEN = [
  'netadjust: 1',
  'input: [32, 32, 3]',
  'layers:',
  '  - {type: conv, name: c1, width: 16}',
  '  - {type: convv, name: c2, width: 32}',
  '  - {type: conv, name: c3, width: -4}',
  '  - {type: dense, units: 10, from: nope}',
  '',
].join('\n');

describe('language server', () => {
  let client: LspClient;
  const uri = exampleUri(RESNET20);
  const text = exampleText(RESNET20);

  before(async () => {
    client = await LspClient.start();
    assert.deepEqual(await client.open(uri, text), []);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('publishes diagnostics with exact ranges for a broken file', async () => {
    const broken = exampleUri('examples/broken.netadj.yaml');
    const diagnostics = await client.open(broken, BROKEN);
    const byCode = new Map(diagnostics.map((d) => [d.code, d]));
    assert.deepEqual(byCode.get('unknown-layer-type')?.range, span(BROKEN, 'convv'));
    assert.match(byCode.get('unknown-layer-type')!.message, /did you mean 'conv'/i);
    assert.deepEqual(byCode.get('bad-width')?.range, span(BROKEN, '-4'));
    assert.deepEqual(byCode.get('unknown-reference')?.range, span(BROKEN, 'nope'));
    assert.ok(diagnostics.every((d) => d.source === 'netadjust' && d.severity === 1));
    // Fixing the file clears them.
    assert.deepEqual(await client.change(broken, 2, BROKEN.replace('convv', 'conv').replace('-4', '4').replace(', from: nope', '')), []);
  });

  it('hovers on a layer with its output shape, MACs, share of the total and coupling group', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(text, 'name: stem') });
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /\*\*stem\*\*/);
    assert.match(value, /Output shape: 32 × 32 × 16/);
    assert.match(value, /MACs: 442,368 \(1\.1 % of 40\.56 M\)/);
    assert.match(value, /Params: 464 /);
    assert.match(value, /Coupling group: `stem` \(1 width, fixed\)/);
    assert.deepEqual(hover.range!.start, { line: at(text, 'name: stem').line, character: 4 });
    const stage = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(text, 'stage2') });
    assert.match((stage.contents as MarkupContent).value, /\*\*stage2\*\* · stage[\s\S]*Output shape: 16 × 16 × 32[\s\S]*MACs: [\d,]+ \(32\.0 %/);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } }), null);
  });

  it('puts a lens with MACs above every layer and a summary lens at the top', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const top = lenses.filter((l) => l.range.start.line === 0);
    assert.equal(top[0]!.command!.title, 'Total: 40.56 M MACs · 275.57 k params');
    const adjust = top.find((l) => l.command?.command === 'netadjust.adjust');
    assert.deepEqual(adjust?.command?.arguments, [uri]);
    assert.equal(adjust?.command?.title, 'Adjust network');
    const layers = lenses.filter((l) => l.range.start.line > 0);
    const itemLines = text.split('\n').flatMap((line, i) => (line.startsWith('  - {type:') ? [i] : []));
    assert.deepEqual(layers.map((l) => l.range.start.line), itemLines);
    assert.ok(layers.every((l) => / MACs \([\d.]+ %\) · .* params$/.test(l.command!.title)));
    assert.equal(layers[0]!.command!.title, '442.37 k MACs (1.1 %) · 464 params');
    assert.match(layers[1]!.command!.title, /^14\.16 M MACs \(34\.9 %\)/);
  });

  it('outlines the written layers, stages with their blocks', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const names = symbols.map((s) => s.name);
    assert.deepEqual(names.filter((n) => ['stem', 'stage1', 'stage2', 'stage3', 'fc'].includes(n)), ['stem', 'stage1', 'stage2', 'stage3', 'fc']);
    const stage1 = symbols.find((s) => s.name === 'stage1')!;
    assert.deepEqual(stage1.children!.map((c) => c.name), ['stage1.0', 'stage1.1', 'stage1.2']);
    assert.ok(stage1.children![0]!.children!.some((c) => c.name === 'stage1.0.inner'));
    assert.equal(stage1.range.start.line, at(text, 'name: stage1').line);
    assert.match(symbols.find((s) => s.name === 'stem')!.detail!, /conv2d → 32×32×16/);
  });

  it('serves netadjust/modelSummary for open files and files on disk', async () => {
    const open = await client.request<ModelSummary | null>('netadjust/modelSummary', { uri });
    assert.equal(open?.totalMacs, 40_556_800);
    const disk = await client.request<ModelSummary | null>('netadjust/modelSummary', { uri: exampleUri(KERAS) });
    assert.ok(disk && disk.layers.length > 0 && disk.totalMacs > 0);
    assert.equal(await client.request('netadjust/modelSummary', { uri: exampleUri('examples/missing.netadj.yaml') }), null);
  });

  it('analyses a TensorFlow.js model.json: lenses per layer and hover', async () => {
    const kuri = exampleUri(KERAS);
    const ktext = exampleText(KERAS);
    assert.deepEqual(await client.open(kuri, ktext), []);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: kuri } });
    const summary = await client.request<ModelSummary>('netadjust/modelSummary', { uri: kuri });
    const layerLenses = lenses.filter((l) => / MACs \(/.test(l.command!.title));
    assert.ok(layerLenses.length >= 4, `${layerLenses.length} layer lenses`);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: kuri }, position: at(ktext, '"filters"') });
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /\*\*conv1\*\* · conv2d/);
    const conv1 = summary.layers.find((l) => l.name === 'conv1')!;
    assert.ok(value.includes(`MACs: ${conv1.macs.toLocaleString('en-US')}`), value);
  });

  it('sums the layers of a minified model.json into one lens on its line', async () => {
    const muri = exampleUri('examples/keras/minified/model.json');
    const mtext = JSON.stringify(JSON.parse(exampleText(KERAS)));
    assert.deepEqual(await client.open(muri, mtext), []);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: muri } });
    assert.ok(lenses.every((l) => l.range.start.line === 0));
    const summary = await client.request<ModelSummary>('netadjust/modelSummary', { uri: muri });
    const perLine = lenses.find((l) => /^\d+ layers: /.test(l.command!.title));
    assert.match(perLine!.command!.title, /\(100\.0 %\)/);
    assert.ok(summary.totalMacs > 0);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: muri }, position: { line: 0, character: mtext.indexOf('"filters"') } });
    assert.match((hover.contents as MarkupContent).value, /\*\*conv1\*\*/);
  });
});
