/** No text kills the server: garbage, truncations and mangled edits of real models, with every request after each. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exampleText, exampleUri, LspClient } from '../../helpers/lsp.js';

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GARBAGE = [
  '',
  '\u0000\u0001\uffff\ud800',
  '{{{{[[[[',
  ']]]}}}: : : -',
  'netadjust: 1\nlayers: 7\n',
  'netadjust: 1\ninput: [32, 32, 3]\nlayers:\n  - {type: stage, block: basic, repeat: 1000000, inner: 16, out: 16}\n',
  'netadjust: 1\ninput: [0, -1, 1e400]\nlayers:\n  - {type: constructor}\n  - {type: __proto__, width: NaN}\n  - {type: conv, width: 1e309}\n',
  '&a [*a, *a]\n',
  `netadjust: 1\ninput: [32, 32, 3]\nlayers:\n${'  - {type: conv, width: 8, from: [x, y]}\n'.repeat(50)}`,
  '- - - - - - - -\n'.repeat(100),
  '['.repeat(5000),
];

describe('robustness', () => {
  let client: LspClient;
  const uri = exampleUri('examples/resnet20-cifar100.netadj.yaml');
  const juri = exampleUri('examples/keras/small-cnn.model.json');
  const text = exampleText('examples/resnet20-cifar100.netadj.yaml');
  const json = exampleText('examples/keras/small-cnn.model.json');
  const everywhere = { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } };

  /** Every request the editor makes, at a few positions; all must answer. */
  async function askEverything(u: string, body: string): Promise<void> {
    const lines = body.split('\n');
    const positions = [{ line: 0, character: 0 }, { line: lines.length - 1, character: lines.at(-1)!.length }, { line: Math.floor(lines.length / 2), character: 3 }, { line: 99, character: 99 }];
    const td = { textDocument: { uri: u } };
    await Promise.all([
      client.request('textDocument/codeLens', td),
      client.request('textDocument/documentSymbol', td),
      client.request('textDocument/inlayHint', { ...td, range: everywhere }),
      client.request('netadjust/modelSummary', { uri: u }),
      ...positions.flatMap((position) => [
        client.request('textDocument/hover', { ...td, position }),
        client.request('textDocument/completion', { ...td, position }),
      ]),
    ]);
  }

  before(async () => {
    client = await LspClient.start();
    await client.open(uri, text);
    await client.open(juri, json);
    await client.connection.sendNotification('netadjust/runResults', {
      uri, runId: 'r', iteration: 0, fur: { 'stage1.0.inner': 1 }, widths: {}, proposed: { 'stage1.0.inner': 3, stem: 99 },
    });
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('answers every request after garbage, truncated and mangled texts', async () => {
    const next = random(7);
    let version = 1;
    const texts = [...GARBAGE];
    for (let i = 0; i < 60; i++) {
      const cut = Math.floor(next() * text.length);
      texts.push(text.slice(0, cut));
      const at = Math.floor(next() * text.length);
      const junk = ['{', '}', '[', ']', ':', '-', '\n', ' ', ',', '#', '"', '9', 'x', '\t'][Math.floor(next() * 14)]!;
      texts.push(text.slice(0, at) + junk + text.slice(at + Math.floor(next() * 3)));
    }
    for (const body of texts) {
      await client.change(uri, ++version, body);
      await askEverything(uri, body);
    }
    let jversion = 1;
    for (let i = 0; i < 30; i++) {
      const at = Math.floor(next() * json.length);
      const body = i % 2 === 0 ? json.slice(0, at) : json.slice(0, at) + '}]"' + json.slice(at + 5);
      await client.change(juri, ++jversion, body);
      await askEverything(juri, body);
    }
    // Still alive and still right.
    assert.equal(client.child.exitCode, null);
    assert.deepEqual(await client.change(uri, ++version, text), []);
    assert.deepEqual(client.logs.filter((l) => / failed: /.test(l)), []);
  });
});
