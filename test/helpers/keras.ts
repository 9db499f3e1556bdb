/** Shared helpers for the Keras / TensorFlow.js reader tests. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeGraph, type ModelAnalysis } from '../../src/model/analyze.js';
import type { ModelDiagnostic } from '../../src/model/diagnostics.js';
import type { ModelGraph } from '../../src/model/graph.js';
import { parseKerasJson } from '../../src/model/keras/parse.js';

/** Compiled to out/test/helpers; the fixtures stay in the source tree. */
const FIXTURES = resolve(__dirname, '../../../test/fixtures/keras');

export function fixture(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

/** A file of the shipped examples/keras folder. */
export function example(name: string): string {
  return readFileSync(resolve(FIXTURES, '../../../examples/keras', name), 'utf8');
}

/** Parses text that must be clean, and analyses it. */
export function parseClean(text: string, fileName = 'model.json'): { graph: ModelGraph; analysis: ModelAnalysis } {
  const parsed = parseKerasJson(text, fileName);
  assert.deepEqual(parsed.diagnostics, []);
  assert.ok(parsed.graph, 'a graph');
  const analysis = analyzeGraph(parsed.graph);
  assert.deepEqual(analysis.diagnostics, []);
  return { graph: parsed.graph, analysis };
}

/** The diagnostics of `text` with the text each one points at. */
export function located(text: string): { code: string; at: string; message: string }[] {
  return parseKerasJson(text, 'model.json').diagnostics.map((d: ModelDiagnostic) => ({
    code: d.code,
    at: d.range ? text.slice(d.range.start, d.range.end) : '<none>',
    message: d.message,
  }));
}
