/** Every diagnostic the netadj reader gives, at its exact place, and a graph in spite of them where possible. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { parseNetadjYaml } from '../../../../src/model/yaml/parse.js';
import { closest } from '../../../../src/model/yaml/suggest.js';
import { model, where } from './support.js';

interface Case {
  readonly label: string;
  readonly text: string;
  readonly code: string;
  readonly severity?: 'error' | 'warning';
  /** 1-based line:column of the diagnostic's start. */
  readonly at: string;
  /** The text the diagnostic covers. */
  readonly covers: string;
  readonly message?: RegExp;
}

const conv = (extra: string) => model([`  - {type: conv, name: c, width: 8${extra}}`]);

const CASES: readonly Case[] = [
  { label: 'YAML syntax error', text: 'netadjust: 1\ninput: [8, 8, 3]\nlayers:\n  - {type: conv width: 4}\n', code: 'yaml-syntax', at: '4:12', covers: 'conv width: 4' },
  { label: 'missing version', text: 'input: [8, 8, 3]\nlayers: []\n', code: 'missing-version', at: '1:1', covers: 'input: [8, 8, 3]', message: /netadjust: 1/ },
  { label: 'unknown version', text: 'netadjust: 3\ninput: [8, 8, 3]\nlayers: [gap]\n', code: 'unknown-version', at: '1:12', covers: '3' },
  { label: 'root not a mapping', text: '- {type: conv}\n', code: 'not-a-mapping', at: '1:1', covers: '- {type: conv}\n' },
  { label: 'missing input', text: 'netadjust: 1\nlayers: [gap]\n', code: 'missing-key', at: '1:1', covers: 'netadjust: 1', message: /input/ },
  { label: 'input of the wrong shape', text: 'netadjust: 1\ninput: [32, 32]\nlayers: [gap]\n', code: 'wrong-type', at: '2:8', covers: '[32, 32]' },
  { label: 'unknown top-level key', text: model(['  - gap'], ['datset: {format: idx}']), code: 'unknown-key', severity: 'warning', at: '3:1', covers: 'datset', message: /Did you mean 'dataset'\?/ },
  { label: 'unknown search setting', text: model(['  - gap'], ['search: {iterations: 2, epochs: 3}']), code: 'unknown-key', severity: 'warning', at: '3:25', covers: 'epochs', message: /not a search setting/ },
  { label: 'unknown dataset format', text: model(['  - gap'], ['dataset: {format: cifar, path: ./data}']), code: 'bad-value', severity: 'warning', at: '3:19', covers: 'cifar' },
  { label: 'empty layer list', text: 'netadjust: 1\ninput: [8, 8, 3]\nlayers: []\n', code: 'empty-model', severity: 'warning', at: '3:9', covers: '[]' },
  { label: 'layers not a list', text: 'netadjust: 1\ninput: [8, 8, 3]\nlayers: {type: conv}\n', code: 'wrong-type', at: '3:9', covers: '{type: conv}' },
  { label: 'unknown layer type', text: model(['  - {type: covn, width: 8}']), code: 'unknown-layer-type', at: '4:12', covers: 'covn', message: /Did you mean 'conv'\?/ },
  { label: 'unknown layer type, bare word', text: model(['  - maxpol']), code: 'unknown-layer-type', at: '4:5', covers: 'maxpol', message: /Did you mean 'maxpool'\?/ },
  { label: 'layer without a type', text: model(['  - {width: 8}']), code: 'missing-key', at: '4:5', covers: '{width: 8}' },
  { label: 'layer that is not a mapping', text: model(['  - 7']), code: 'wrong-type', at: '4:5', covers: '7' },
  { label: 'unknown key in a layer', text: conv(', kernal: 3'), code: 'unknown-key', severity: 'warning', at: '4:37', covers: 'kernal', message: /Did you mean 'kernel'\?/ },
  { label: 'wrong value type', text: conv(', kernel: three'), code: 'wrong-type', at: '4:45', covers: 'three' },
  { label: 'bad enum value', text: conv(', padding: sme'), code: 'bad-value', at: '4:46', covers: 'sme', message: /Did you mean 'same'\?/ },
  { label: 'boolean written as a word', text: conv(', bn: yes'), code: 'wrong-type', at: '4:41', covers: 'yes' },
  { label: 'zero width', text: model(['  - {type: conv, width: 0}']), code: 'bad-width', at: '4:25', covers: '0' },
  { label: 'negative width', text: model(['  - {type: conv, width: -16}']), code: 'bad-width', at: '4:25', covers: '-16' },
  { label: 'fractional width', text: model(['  - {type: dense, units: 2.5}']), code: 'bad-width', at: '4:26', covers: '2.5' },
  { label: 'width in quotes', text: model(['  - {type: conv, width: "16"}']), code: 'wrong-type', at: '4:25', covers: '"16"' },
  { label: 'bad width in a per-block list', text: model(['  - {type: stage, block: basic, repeat: 3, inner: [16, 0, 16], out: 16}']), code: 'bad-width', at: '4:56', covers: '0' },
  { label: 'list length differs from repeat', text: model(['  - {type: stage, block: basic, repeat: 3, inner: [16, 16], out: 16}']), code: 'list-length', at: '4:51', covers: '[16, 16]', message: /2 widths.*3 times/ },
  { label: 'absurd repeat count', text: model(['  - {type: stage, block: basic, repeat: 3000000, inner: 4, out: 4}']), code: 'bad-value', at: '4:41', covers: '3000000', message: /at most 1000/ },
  { label: 'missing width', text: model(['  - {type: conv, kernel: 3}']), code: 'missing-key', at: '4:12', covers: 'conv', message: /width/ },
  { label: 'missing block slot', text: model(['  - {type: stage, block: bottleneck, inner: 4, out: 8}']), code: 'missing-key', at: '4:12', covers: 'stage', message: /reduce/ },
  { label: 'projection shortcut without a width', text: model(['  - {type: stage, block: basic, shortcut: projection, inner: 4, out: 4}']), code: 'missing-key', at: '4:12', covers: 'stage', message: /projection/ },
  { label: 'slot the block does not use', text: model(['  - {type: stage, block: basic, reduce: 4, inner: 4, out: 4}']), code: 'unused-key', severity: 'warning', at: '4:33', covers: 'reduce' },
  { label: 'unknown reference', text: model(['  - {type: conv, name: stem, width: 8}', '  - {type: conv, width: 8, from: stme}']), code: 'unknown-reference', at: '5:34', covers: 'stme', message: /Did you mean 'stem'\?/ },
  { label: 'reference inside a list', text: model(['  - {type: conv, name: a, width: 8}', '  - {type: add, from: [a, b]}']), code: 'unknown-reference', at: '5:27', covers: 'b' },
  { label: 'forward reference', text: model(['  - {type: conv, width: 8, from: later}', '  - {type: conv, name: later, width: 8}']), code: 'unknown-reference', at: '4:34', covers: 'later', message: /further down/ },
  { label: 'reference to itself', text: model(['  - {type: conv, name: a, width: 8, from: a}']), code: 'unknown-reference', at: '4:43', covers: 'a', message: /its own output/ },
  { label: 'add with one input', text: model(['  - {type: conv, name: a, width: 8}', '  - {type: add, from: a}']), code: 'bad-value', at: '5:23', covers: 'a' },
  { label: 'several inputs to a one-input layer', text: model(['  - {type: conv, name: a, width: 8}', '  - {type: gap, from: [a, a]}']), code: 'bad-value', at: '5:23', covers: '[a, a]' },
  { label: 'duplicate name', text: model(['  - {type: conv, name: a, width: 8}', '  - {type: conv, name: a, width: 8}']), code: 'duplicate-name', at: '5:24', covers: 'a' },
  { label: 'name clashing with an expanded node', text: model(['  - {type: conv, name: s.0.inner, width: 8}', '  - {type: stage, name: s, block: basic, inner: 8, out: 8}']), code: 'duplicate-name', at: '5:25', covers: 's', message: /s\.0\.inner/ },
];

describe('netadj diagnostics', () => {
  for (const c of CASES) {
    it(`${c.label}: ${c.code} at ${c.at}`, () => {
      const found = parseNetadjYaml(c.text, 'case.netadj.yaml').diagnostics.filter((d) => d.code === c.code);
      assert.equal(found.length, 1, `expected one '${c.code}', got ${JSON.stringify(parseNetadjYaml(c.text, 'case.netadj.yaml').diagnostics)}`);
      const d = found[0]!;
      assert.equal(d.severity, c.severity ?? 'error');
      assert.deepEqual(where(c.text, d), { at: c.at, text: c.covers });
      if (c.message) {
        assert.match(d.message, c.message);
      }
    });
  }

  it('still builds a graph around broken layers, and the analysis reports no duplicate of the reader', () => {
    const text = model(['  - {type: conv, name: a, width: 4}', '  - {type: warp, name: w, width: 4}', '  - {type: conv, width: 0, from: w}', '  - {type: add, from: [a, nope]}', '  - {type: gap}', '  - {type: dense, units: 10}']);
    const parsed = parseNetadjYaml(text, 'broken.netadj.yaml');
    assert.deepEqual(parsed.diagnostics.map((d) => d.code), ['unknown-layer-type', 'bad-width', 'unknown-reference']);
    assert.ok(parsed.graph);
    // The unknown layer passes its input through; the bad width is analysed as 1 channel; the bad reference as the previous layer.
    assert.deepEqual(parsed.graph.nodes.find((n) => n.name === 'conv2')?.inputs, ['a/act']);
    assert.equal(parsed.graph.widths.find((w) => w.name === 'conv2')?.value, 1);
    assert.deepEqual(parsed.graph.nodes.find((n) => n.name === 'add3')?.inputs, ['a/act', 'conv2/act']);
    assert.deepEqual(analyzeGraph(parsed.graph).diagnostics, []);
  });

  it('reports shape mismatches through the analysis, at the written layer', () => {
    const text = model(['  - {type: conv, name: a, width: 8}', '  - {type: conv, name: b, width: 8, stride: 2}', '  - {type: add, name: sum, from: [a, b]}']);
    const { graph } = parseNetadjYaml(text, 'shape.netadj.yaml');
    const d = analyzeGraph(graph!).diagnostics;
    assert.deepEqual(d.map((x) => x.code), ['shape-mismatch']);
    assert.deepEqual(where(text, d[0]!), { at: '6:5', text: '{type: add, name: sum, from: [a, b]}' });
  });

  it('gives no graph when the input is unusable, but still reports the layers', () => {
    const parsed = parseNetadjYaml('netadjust: 1\ninput: [0, 8, 3]\nlayers:\n  - {type: conv, width: 8, from: x}\n', 'x.netadj.yaml');
    assert.equal(parsed.graph, undefined);
    assert.deepEqual(parsed.diagnostics.map((d) => d.code), ['bad-value', 'unknown-reference']);
  });

  it('names layers <type><index> by default, avoiding written names', () => {
    const { graph } = parseNetadjYaml(model(['  - {type: conv, width: 8}', '  - {type: conv, name: conv0, width: 8}', '  - relu', '  - gap']), 'n.netadj.yaml');
    assert.deepEqual(graph!.nodes.map((n) => n.name), ['input', 'conv0_2', 'conv0_2/bn', 'conv0_2/act', 'conv0', 'conv0/bn', 'conv0/act', 'relu2', 'gap3']);
    assert.equal(graph!.name, 'n');
  });

  it('suggests only plausible corrections', () => {
    assert.equal(closest('covn', ['conv', 'dense']), 'conv');
    assert.equal(closest('max', ['maxpool', 'avgpool']), 'maxpool');
    assert.equal(closest('zzzz', ['conv', 'dense']), undefined);
  });
});
