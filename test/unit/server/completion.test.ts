/** Completion over real LSP: layer types, keys for the item's type, enum values, Keras class names. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver/node';
import { keysOf, LAYER_TYPE_NAMES } from '../../../src/model/yaml/vocabulary.js';
import { exampleUri, LspClient } from '../../helpers/lsp.js';

/** Text with a `|` marking the cursor → the text without it and the cursor's position. */
function cursor(marked: string): { text: string; position: { line: number; character: number } } {
  const offset = marked.indexOf('|');
  const before = marked.slice(0, offset).split('\n');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), position: { line: before.length - 1, character: before.at(-1)!.length } };
}

const HEAD = 'netadjust: 1\ninput: [32, 32, 3]\nlayers:\n';

describe('completion', () => {
  let client: LspClient;
  let version = 1;
  const uri = exampleUri('examples/completion.netadj.yaml');
  const juri = exampleUri('examples/completion/model.json');

  /** Labels (and the edits) offered at the `|` in `marked`. */
  async function complete(marked: string, u = uri): Promise<CompletionItem[]> {
    const { text, position } = cursor(marked);
    await (version === 1 ? client.open(u, text, version++) : client.change(u, version++, text));
    const result = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: u }, position });
    return Array.isArray(result) ? result : result.items;
  }
  const labels = (items: CompletionItem[]) => items.map((i) => i.label);

  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('offers every layer type after `type: `, in flow and block style', async () => {
    assert.deepEqual(labels(await complete(`${HEAD}  - {type: |}\n`)), [...LAYER_TYPE_NAMES]);
    const block = await complete(`${HEAD}  - name: c1\n    type: co|\n`);
    assert.deepEqual(labels(block), [...LAYER_TYPE_NAMES]);
    assert.deepEqual((block[0]!.textEdit as TextEdit).range, { start: { line: 4, character: 10 }, end: { line: 4, character: 12 } });
    // Right after the colon, the value gets its space.
    const tight = await complete(`${HEAD}  - {type:|}\n`);
    assert.equal((tight.find((i) => i.label === 'conv')!.textEdit as TextEdit).newText, ' conv');
  });

  it("offers the keys of the item's type that it does not have yet", async () => {
    const flow = labels(await complete(`${HEAD}  - {type: conv, width: 16, |}\n`));
    assert.deepEqual(new Set(flow), new Set(Object.keys(keysOf('conv')).filter((k) => k !== 'type' && k !== 'width')));
    const block = labels(await complete(`${HEAD}  - type: stage\n    block: basic\n    |\n  - {type: gap}\n`));
    assert.ok(block.includes('repeat') && block.includes('inner') && !block.includes('block') && !block.includes('type'), block.join());
    const beforeType = labels(await complete(`${HEAD}  - name: d\n    u|\n    type: dense\n`));
    assert.ok(beforeType.includes('units') && !beforeType.includes('kernel'), beforeType.join());
    const crlf = labels(await complete(`${HEAD}  - type: conv\r\n    width: 8\r\n    |\r\n`.replace(/\r?\n/g, '\r\n')));
    assert.ok(crlf.includes('kernel') && !crlf.includes('width') && !crlf.includes('type'), crlf.join());
    const top = labels(await complete(`netadjust: 1\n|\nlayers:\n  - {type: gap}\n`));
    assert.ok(top.includes('input') && top.includes('residual') && !top.includes('layers') && !top.includes('netadjust'), top.join());
  });

  it('offers the values of enumerated keys', async () => {
    assert.deepEqual(labels(await complete(`${HEAD}  - {type: conv, width: 8, padding: |}\n`)), ['same', 'valid']);
    assert.deepEqual(labels(await complete(`${HEAD}  - type: stage\n    block: |\n`)), ['basic', 'bottleneck', 'inverted']);
    assert.deepEqual(labels(await complete(`netadjust: 1\nresidual: |\n`)), ['pad', 'tie']);
  });

  it('offers nothing inside free-form mappings, comments or names', async () => {
    assert.deepEqual(await complete(`netadjust: 1\ndataset:\n  fo|\nlayers: []\n`), []);
    assert.deepEqual(await complete(`${HEAD}  - {type: conv, name: my|}\n`), []);
    assert.deepEqual(await complete(`${HEAD}  - {type: stage, block: basic, inner: [16, |]}\n`), []);
  });

  it('offers Keras class names in "class_name" values of model.json', async () => {
    version = 1;
    const items = await complete('{"modelTopology": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Con|"}]}}}', juri);
    assert.ok(labels(items).includes('Conv2D') && labels(items).includes('Dense'));
    const conv = items.find((i) => i.label === 'Conv2D')!;
    assert.equal((conv.textEdit as TextEdit).newText, 'Conv2D');
    const unquoted = await complete('{"layers": [{"class_name": |', juri);
    assert.equal((unquoted.find((i) => i.label === 'Dense')!.textEdit as TextEdit).newText, '"Dense"');
  });
});
