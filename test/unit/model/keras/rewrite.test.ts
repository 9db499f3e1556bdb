/** Writing widths back: only the width literals change, and re-reading gives the widths that were written. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyEdits } from '../../../../src/model/format.js';
import type { ModelGraph } from '../../../../src/model/graph.js';
import { kerasWidthEdits } from '../../../../src/model/keras/rewrite.js';
import { parseKerasJson } from '../../../../src/model/keras/parse.js';
import { fixture } from '../../../helpers/keras.js';

function reparse(text: string): ModelGraph {
  const r = parseKerasJson(text, 'model.json');
  assert.deepEqual(r.diagnostics, []);
  return r.graph!;
}

/** The text between (and around) the width literals, which must survive a rewrite byte for byte. */
function outsideLiterals(text: string, graph: ModelGraph): string[] {
  const ranges = graph.widths.map((w) => w.literal!.range).sort((a, b) => a.start - b.start);
  const gaps: string[] = [];
  let from = 0;
  for (const r of ranges) {
    gaps.push(text.slice(from, r.start));
    from = r.end;
  }
  return [...gaps, text.slice(from)];
}

function roundTrip(text: string, widths: Record<string, number>): void {
  const graph = reparse(text);
  const edits = kerasWidthEdits(text, graph, widths);
  const changed = graph.widths.filter((w) => widths[w.name] !== undefined && widths[w.name] !== w.value);
  assert.equal(edits.length, changed.length, 'one edit per changed width');
  const written = applyEdits(text, edits);
  const after = reparse(written);
  for (const w of after.widths) {
    assert.equal(w.value, widths[w.name] ?? graph.widths.find((v) => v.name === w.name)!.value, w.name);
  }
  assert.deepEqual(outsideLiterals(written, after), outsideLiterals(text, graph));
}

describe('kerasWidthEdits', () => {
  const files = ['keras3-functional.json', 'keras2-converted.model.json'];

  it('replaces exactly the filters / units literals', () => {
    const text = fixture('keras3-functional.json');
    const graph = reparse(text);
    const edits = kerasWidthEdits(text, graph, { conv2d: 12, conv2d_1: 12, separable_conv2d: 16, dense: 10 });
    assert.deepEqual(edits.map((e) => [text.slice(e.range.start, e.range.end), e.newText]), [['8', '12'], ['8', '12']]);
    roundTrip(text, { conv2d: 12, conv2d_1: 12, conv2d_2: 3 });
  });

  it('gives no edits when nothing changes, and refuses non-integer widths and stale text', () => {
    const text = fixture('keras2-converted.model.json');
    const graph = reparse(text);
    assert.deepEqual(kerasWidthEdits(text, graph, { conv2d: 6 }), []);
    assert.throws(() => kerasWidthEdits(text, graph, { conv2d: 6.5 }), RangeError);
    assert.throws(() => kerasWidthEdits(text, graph, { conv2d: 0 }), RangeError);
    assert.throws(() => kerasWidthEdits(text.replace('"filters": 6', '"filters": 7'), graph, { conv2d: 8 }), /re-read/);
  });

  it('round-trips random width assignments byte for byte outside the literals', () => {
    for (const file of files) {
      const text = fixture(file);
      const graph = reparse(text);
      const perWidth = graph.widths.map((w) => fc.option(fc.integer({ min: 1, max: 4096 }).map((v) => v * w.divisor), { nil: undefined }));
      fc.assert(
        fc.property(fc.tuple(...perWidth), (values) => {
          const widths: Record<string, number> = {};
          graph.widths.forEach((w, i) => values[i] !== undefined && (widths[w.name] = values[i]));
          roundTrip(text, widths);
        }),
        { numRuns: 100 },
      );
    }
  });

  it('keeps a minified file minified', () => {
    const text = JSON.stringify(JSON.parse(fixture('keras3-functional.json')));
    roundTrip(text, { conv2d: 1000, conv2d_1: 1000, separable_conv2d: 1, dense: 7 });
  });
});
