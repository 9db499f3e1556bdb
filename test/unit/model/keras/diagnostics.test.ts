/** Broken input: every problem is a diagnostic at the exact text it concerns, and no text makes the reader throw. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { parseKerasJson } from '../../../../src/model/keras/parse.js';
import { summarize } from '../../../../src/model/summary.js';
import { fixture, located } from '../../../helpers/keras.js';

type Json = Record<string, unknown>;
const layer = (class_name: string, config: Json): Json => ({ class_name, config });
const conv = (config: Json = {}): Json => layer('Conv2D', { name: 'conv', filters: 4, kernel_size: [3, 3], batch_input_shape: [null, 8, 8, 3], ...config });
const dense = layer('Dense', { name: 'fc', units: 2 });
const sequential = (...layers: Json[]) => JSON.stringify({ class_name: 'Sequential', config: { name: 's', layers } }, null, 1);

/** A functional model input → conv → fc whose conv reads from `source`. */
function functional(source: string, extra: Json = {}): string {
  const entry = (name: string, body: Json, from?: string) => ({ name, ...body, inbound_nodes: from ? [[[from, 0, 0, {}]]] : [] });
  const layers = [
    entry('in', layer('InputLayer', { name: 'in', batch_input_shape: [null, 8, 8, 3] })),
    { ...entry('conv', layer('Conv2D', { name: 'conv', filters: 4, kernel_size: 3 }), source), ...extra },
    entry('fc', dense, 'conv'),
  ];
  return JSON.stringify({ class_name: 'Model', config: { name: 'f', layers, input_layers: [['in', 0, 0]], output_layers: [['fc', 0, 0]] } }, null, 1);
}

describe('diagnostics', () => {
  it('reports malformed JSON at the offending character', () => {
    const text = '{"class_name": "Sequential", "config": {"layers": [}';
    const [first] = parseKerasJson(text, 'model.json').diagnostics;
    assert.equal(first?.code, 'json-syntax');
    assert.equal(first?.range?.start, text.indexOf('}'));
  });

  it('reads a file that starts with a byte-order mark, keeping offsets', () => {
    const text = `\uFEFF${sequential(conv({ filters: 'x' }))}`;
    assert.deepEqual(located(text).map((d) => [d.code, d.at]), [['bad-field', '"x"']]);
  });

  it('reports a wrong top-level shape without a graph', () => {
    for (const text of ['', '[]', '42', 'null', '"model"', '{"foo": 1}', '{"modelTopology": 3}', '{"class_name": "Sequential"}', '{"class_name": "Pipeline", "config": {}}']) {
      const r = parseKerasJson(text, 'model.json');
      assert.equal(r.graph, undefined, text);
      assert.ok(r.diagnostics.length > 0, text);
    }
  });

  it('names an unknown layer class and its position, leaves it out, and still analyses the rest', () => {
    const text = sequential(conv(), layer('LeakyReLU', { name: 'leaky' }), dense);
    const [d] = located(text);
    assert.equal(d?.code, 'unknown-layer-type');
    assert.equal(d?.at, '"LeakyReLU"');
    assert.match(d!.message, /layer 1 'leaky'/);
    const r = parseKerasJson(text, 'model.json');
    assert.deepEqual(r.graph?.nodes.map((n) => n.name), ['conv_input', 'conv', 'fc']);
    const summary = summarize(analyzeGraph(r.graph!));
    assert.deepEqual(summary.layers.find((l) => l.name === 'conv')?.outputShape, [6, 6, 4]);
    assert.equal(summary.layers.find((l) => l.name === 'fc')?.outputShape, null);
  });

  it('reports an inbound reference to a layer that does not exist at its name', () => {
    assert.deepEqual(located(functional('nope')).map((d) => [d.code, d.at]), [['unknown-reference', '"nope"']]);
  });

  it('reports shared layers and multi-output references', () => {
    const twice = functional('in', { inbound_nodes: [[['in', 0, 0, {}]], [['in', 0, 0, {}]]] });
    assert.deepEqual(located(twice).map((d) => d.code), ['shared-layer']);
    const second = functional('in', { inbound_nodes: [[['in', 1, 0, {}]]] });
    assert.deepEqual(located(second).map((d) => [d.code, d.at.replace(/\s/g, '')]), [['shared-layer', '["in",1,0,{}]']]);
  });

  it('refuses channels_first at the data_format value', () => {
    assert.deepEqual(located(sequential(conv({ data_format: 'channels_first' }), dense)).map((d) => [d.code, d.at]), [['channels-first', '"channels_first"']]);
  });

  it('reports missing fields and wrong field types where they are written', () => {
    const cases: [Json, string, string][] = [
      [{ filters: '4' }, 'bad-field', '"4"'],
      [{ filters: null }, 'missing-field', '"Conv2D"'],
      [{ filters: 1e300 }, 'bad-field', '1e+300'],
      [{ filters: 3.5 }, 'bad-field', '3.5'],
      [{ filters: 0 }, 'bad-field', '0'],
      [{ kernel_size: [3] }, 'bad-field', '[3]'],
      [{ padding: 'causal' }, 'bad-field', '"causal"'],
      [{ use_bias: 1 }, 'bad-field', '1'],
      [{ activation: 'hard_sigmoid' }, 'unsupported-activation', '"hard_sigmoid"'],
    ];
    for (const [config, code, at] of cases) {
      // Keras writes null for "the default", so a required field written as null counts as missing.
      const [d] = located(sequential(conv(config), dense));
      assert.equal(d?.code, code, JSON.stringify(config));
      if (at) {
        assert.equal(d?.at.replace(/\s/g, ''), at);
      }
    }
    const huge = sequential(conv()).replace('"filters": 4', '"filters": 1e400');
    assert.deepEqual(located(huge).map((d) => [d.code, d.at]), [['bad-field', '1e400']]);
  });

  it('accepts only H×W×C inputs of a fixed size', () => {
    assert.deepEqual(located(sequential(conv({ batch_input_shape: [null, 8, 3] }))).map((d) => [d.code, d.at.replace(/\s/g, '')]), [['unsupported-input-rank', '[null,8,3]']]);
    assert.equal(located(sequential(conv({ batch_input_shape: [null, null, null, 3] })))[0]?.code, 'unknown-input-size');
    assert.equal(located(sequential(conv({ batch_input_shape: undefined })))[0]?.code, 'no-input-shape');
  });

  it('accepts only channel-axis batch norm and concatenation, and flat global pooling', () => {
    assert.deepEqual(located(sequential(conv(), layer('BatchNormalization', { name: 'bn', axis: 1 }))).map((d) => [d.code, d.at]), [['unsupported-axis', '1']]);
    assert.deepEqual(located(sequential(conv(), layer('Flatten', { name: 'f' }), layer('BatchNormalization', { name: 'bn', axis: [1] }))), []);
    assert.deepEqual(located(sequential(conv(), layer('GlobalAveragePooling2D', { name: 'g', keepdims: true }))).map((d) => d.code), ['unsupported-option']);
  });
});

describe('robustness', () => {
  const valid = fixture('keras3-functional.json');
  const pieces = fc.oneof(fc.constantFrom('{', '}', '[', ']', ',', ':', '"', 'null', '1e400', '-1', '0.5', '"x"', '\\', '\u2028', '😀'), fc.string({ maxLength: 4 }));
  const mutation = fc.record({ kind: fc.constantFrom('delete', 'insert', 'replace'), at: fc.nat({ max: valid.length }), length: fc.nat({ max: 40 }), piece: pieces });

  function mutate(text: string, muts: readonly { kind: string; at: number; length: number; piece: string }[]): string {
    return muts.reduce((t, m) => {
      const at = Math.min(m.at, t.length);
      const cut = m.kind === 'insert' ? 0 : m.length;
      return t.slice(0, at) + (m.kind === 'delete' ? '' : m.piece) + t.slice(at + cut);
    }, text);
  }

  it('never throws on a mutated model, and keeps every range inside the text', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (muts) => {
        const text = mutate(valid, muts);
        const r = parseKerasJson(text, 'model.json');
        for (const d of r.diagnostics) {
          assert.ok(!d.range || (d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= text.length), d.message);
        }
        if (r.graph) {
          summarize(analyzeGraph(r.graph));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when any one value of a valid model is replaced by arbitrary JSON', () => {
    const model: unknown = JSON.parse(valid);
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]): void => {
      paths.push(path);
      if (v && typeof v === 'object') {
        Object.entries(v).forEach(([k, c]) => walk(c, [...path, Array.isArray(v) ? Number(k) : k]));
      }
    };
    walk(model, []);
    fc.assert(
      fc.property(fc.nat({ max: paths.length - 1 }), fc.jsonValue({ maxDepth: 3 }), (index, value) => {
        const copy = structuredClone(model) as Record<string | number, unknown>;
        const path = paths[index]!;
        const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, copy);
        const text = JSON.stringify(path.length === 0 ? value : (parent[path.at(-1)!] = value, copy));
        const r = parseKerasJson(text, 'model.json');
        if (r.graph) {
          summarize(analyzeGraph(r.graph));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary JSON values or absurd nesting', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
      parseKerasJson(JSON.stringify(value), 'model.json');
      parseKerasJson(JSON.stringify({ modelTopology: { class_name: 'Model', config: value } }), 'model.json');
    }), { numRuns: 200 });
    assert.equal(parseKerasJson('['.repeat(100_000), 'model.json').diagnostics[0]?.code, 'json-syntax');
  });
});
