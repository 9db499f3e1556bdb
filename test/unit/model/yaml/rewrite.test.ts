/** Writing widths back: only width literals change, and reading the result gives exactly the assigned widths. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyEdits } from '../../../../src/model/format.js';
import type { ModelGraph } from '../../../../src/model/graph.js';
import { parseNetadjYaml } from '../../../../src/model/yaml/parse.js';
import { yamlWidthEdits } from '../../../../src/model/yaml/rewrite.js';
import { EXAMPLE_FILES, exampleText, load } from './support.js';

const RESNET20 = exampleText('resnet20-cifar100.netadj.yaml');

/** A block-style file with comments around and after its width literals. */
const COMMENTED = `# A commented model
netadjust: 1
input: [16, 16, 3]   # small
layers:
  - type: conv
    name: stem
    width: 8          # stem width
  - type: stage       # two blocks
    name: s
    block: basic
    repeat: 2
    inner: 8          # shared by both blocks
    out:
      - 8             # block 0
      - 8             # block 1
  - type: gap
  - type: dense
    name: fc
    units: 10         # classes
`;

function rewrite(text: string, widths: Record<string, number>): { text: string; graph: ModelGraph } {
  const { graph } = load(text);
  const out = applyEdits(text, yamlWidthEdits(text, graph, widths));
  return { text: out, graph: load(out).graph };
}

const valuesOf = (graph: ModelGraph) => Object.fromEntries(graph.widths.map((w) => [w.name, w.value]));

describe('netadj width rewriting', () => {
  it('makes no edit when nothing changes', () => {
    const { graph } = load(RESNET20);
    assert.deepEqual(yamlWidthEdits(RESNET20, graph, valuesOf(graph)), []);
    assert.deepEqual(yamlWidthEdits(RESNET20, graph, {}), []);
  });

  it('replaces a scalar literal in place', () => {
    const out = rewrite(RESNET20, { stem: 24 });
    assert.equal(out.text, RESNET20.replace('name: stem, width: 16', 'name: stem, width: 24'));
  });

  it('turns a shared scalar whose blocks diverge into a flow list, and back to a scalar when they agree', () => {
    const diverged = rewrite(RESNET20, { 'stage1.1.inner': 24 });
    assert.equal(diverged.text, RESNET20.replace('repeat: 3, inner: 16,', 'repeat: 3, inner: [16, 24, 16],'));
    assert.equal(valuesOf(diverged.graph)['stage1.1.inner'], 24);
    const agreed = rewrite(RESNET20, { 'stage1.0.inner': 24, 'stage1.1.inner': 24, 'stage1.2.inner': 24 });
    assert.equal(agreed.text, RESNET20.replace('repeat: 3, inner: 16,', 'repeat: 3, inner: 24,'));
  });

  it('changes one element of a per-block list', () => {
    const out = rewrite(RESNET20, { 'stage3.2.out': 48 });
    assert.equal(out.text, RESNET20.replace('out: [64, 64, 64]', 'out: [64, 64, 48]'));
  });

  it('keeps comments and layout of a block-style file', () => {
    const out = rewrite(COMMENTED, { stem: 12, 's.1.inner': 16, 's.0.out': 4 });
    const expected = COMMENTED.replace('width: 8 ', 'width: 12').replace('inner: 8   ', 'inner: [8, 16]').replace('- 8             # block 0', '- 4             # block 0');
    // Width literals change length, so the comment columns may move; the comments themselves stay.
    assert.equal(out.text.replace(/ +#/g, ' #'), expected.replace(/ +#/g, ' #'));
    assert.deepEqual(valuesOf(out.graph), { stem: 12, 's.0.inner': 8, 's.0.out': 4, 's.1.inner': 16, 's.1.out': 8, fc: 10 });
  });

  it('rewrites through aliases without changing the anchored literal under another width', () => {
    const text = ['netadjust: 1', 'input: [8, 8, 3]', 'layers:', '  - {type: stage, name: s, block: basic, repeat: 2, inner: &w 4, out: *w}', ''].join('\n');
    const out = rewrite(text, { 's.0.inner': 6, 's.1.inner': 6 });
    assert.deepEqual(valuesOf(out.graph), { 's.0.inner': 6, 's.0.out': 4, 's.1.inner': 6, 's.1.out': 4 });
    const lists = ['netadjust: 1', 'input: [8, 8, 3]', 'layers:', '  - {type: stage, name: s, block: basic, repeat: 2, inner: &l [4, 6], out: *l}', ''].join('\n');
    assert.deepEqual(valuesOf(rewrite(lists, { 's.1.out': 8 }).graph), { 's.0.inner': 4, 's.0.out': 4, 's.1.inner': 6, 's.1.out': 8 });
    assert.deepEqual(valuesOf(rewrite(lists, { 's.0.inner': 5 }).graph), { 's.0.inner': 5, 's.0.out': 4, 's.1.inner': 6, 's.1.out': 6 });
  });

  for (const file of [...EXAMPLE_FILES, 'commented']) {
    it(`round-trips random width assignments exactly: ${file}`, () => {
      const text = file === 'commented' ? COMMENTED : exampleText(file);
      const { graph } = load(text);
      const names = graph.widths.map((w) => w.name);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 2048 }), { minLength: names.length, maxLength: names.length }), fc.boolean(), (values, partial) => {
          // Either every width changes, or a random half keeps its value (and its literal stays untouched).
          const widths = Object.fromEntries(names.map((n, i) => [n, partial && i % 2 === 0 ? graph.widths[i]!.value : values[i]!]));
          const edits = yamlWidthEdits(text, graph, widths);
          const out = applyEdits(text, edits);
          const reread = parseNetadjYaml(out, file);
          assert.deepEqual(reread.diagnostics, []);
          assert.deepEqual(valuesOf(reread.graph!), widths);
          // Only literals are touched: outside the edited ranges every byte is the same.
          for (const e of edits) {
            assert.match(text.slice(e.range.start, e.range.end), /^\d+$/);
          }
        }),
        { numRuns: 25, seed: 7 },
      );
    });
  }
});
