/** Robustness: no text makes the reader, the analysis or the summary throw; every range lies inside the text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import type { ModelDiagnostic } from '../../../../src/model/diagnostics.js';
import { macsGradient, summarize } from '../../../../src/model/summary.js';
import { parseNetadjYaml } from '../../../../src/model/yaml/parse.js';
import { EXAMPLE_FILES, exampleText } from './support.js';

/** Characters that matter to YAML and to the format, so mutations hit its structure, not just its words. */
const ALPHABET = [...'abcdefgijklmnoprstuvwxyz_.0123456789-+:,[]{}#&*!|>\'"% \t\n', 'conv', 'stage', 'from', 'width', 'inner', 'repeat', 'constructor', '__proto__', 'tie', '- ', '0', '-1', '1e9', 'null', 'true', 'ö', '😀'];

type Mutation = (text: string) => string;

const lines = (t: string) => t.split('\n');
const clampIndex = (t: string, n: number) => (t.length === 0 ? 0 : n % (t.length + 1));

function mutation(): fc.Arbitrary<Mutation> {
  const pos = fc.nat();
  const snippet = fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
  return fc.oneof(
    fc.tuple(pos, fc.integer({ min: 1, max: 30 })).map(([p, n]): Mutation => (t) => { const i = clampIndex(t, p); return t.slice(0, i) + t.slice(i + n); }),
    fc.tuple(pos, snippet).map(([p, s]): Mutation => (t) => { const i = clampIndex(t, p); return t.slice(0, i) + s + t.slice(i); }),
    fc.tuple(pos, snippet).map(([p, s]): Mutation => (t) => { const i = clampIndex(t, p); return t.slice(0, i) + s + t.slice(i + 1); }),
    fc.tuple(pos).map(([p]): Mutation => (t) => { const l = lines(t); l.splice(p % l.length, 1); return l.join('\n'); }),
    fc.tuple(pos, pos).map(([p, q]): Mutation => (t) => { const l = lines(t); l.splice(q % l.length, 0, l[p % l.length]!); return l.join('\n'); }),
    fc.tuple(pos, pos).map(([p, q]): Mutation => (t) => { const l = lines(t); const a = p % l.length; const b = q % l.length; [l[a], l[b]] = [l[b]!, l[a]!]; return l.join('\n'); }),
  );
}

function checkRanges(text: string, diagnostics: readonly ModelDiagnostic[]): void {
  for (const d of diagnostics) {
    assert.notEqual(d.code, 'internal', d.message);
    if (d.range) {
      assert.ok(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= text.length, `${d.code} range ${JSON.stringify(d.range)} outside the text`);
    }
  }
}

/** Reads and analyses `text`; any exception fails the property. */
function survive(text: string): void {
  const parsed = parseNetadjYaml(text, 'fuzz.netadj.yaml');
  checkRanges(text, parsed.diagnostics);
  if (parsed.graph) {
    const analysis = analyzeGraph(parsed.graph);
    checkRanges(text, analysis.diagnostics);
    const s = summarize(analysis);
    assert.ok(Number.isFinite(s.totalMacs) || parsed.graph.widths.some((w) => !Number.isFinite(w.value)));
    macsGradient(analysis, analysis.widths);
  }
}

describe('netadj reader robustness', () => {
  for (const file of EXAMPLE_FILES) {
    it(`survives random edits of ${file}`, () => {
      const text = exampleText(file);
      fc.assert(
        fc.property(fc.array(mutation(), { minLength: 1, maxLength: 4 }), (ms) => survive(ms.reduce((t, m) => m(t), text))),
        { numRuns: file.includes('110') ? 40 : 120, seed: 42 },
      );
    });
  }

  it('survives arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 200 }), survive), { numRuns: 300, seed: 1 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), survive), { numRuns: 200, seed: 2 });
  });

  it('survives hostile YAML: alias bombs, deep nesting, prototype keys', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)];
    survive(['netadjust: 1', 'input: [8, 8, 3]', ...bomb, 'dataset: *i', 'search: {x: *i}', 'layers: [gap]', ''].join('\n'));
    survive(`netadjust: 1\ninput: [8, 8, 3]\nlayers: ${'['.repeat(500)}${']'.repeat(500)}\n`);
    survive('netadjust: 1\ninput: [8, 8, 3]\n__proto__: {x: 1}\nlayers:\n  - {type: __proto__, constructor: 1, from: constructor}\n  - {type: conv, width: 8, name: toString}\n  - {type: conv, width: 8, from: hasOwnProperty}\n');
  });
});
