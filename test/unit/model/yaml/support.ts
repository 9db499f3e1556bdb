/** Shared helpers of the `*.netadj.yaml` tests: the shipped examples, parsing that must succeed, positions. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeGraph, type ModelAnalysis } from '../../../../src/model/analyze.js';
import type { ModelDiagnostic } from '../../../../src/model/diagnostics.js';
import type { ModelGraph } from '../../../../src/model/graph.js';
import { LineIndex } from '../../../../src/model/source.js';
import { parseNetadjYaml } from '../../../../src/model/yaml/parse.js';

/** Compiled to out/test/unit/model/yaml/, five levels below the repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..', '..');

export const EXAMPLE_FILES: readonly string[] = readdirSync(path.join(REPO_ROOT, 'examples')).filter((f) => f.endsWith('.netadj.yaml')).sort();

export function exampleText(file: string): string {
  return readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8');
}

/** Parses and analyses text that must be free of errors and warnings. */
export function load(text: string, file = 'test.netadj.yaml'): { graph: ModelGraph; analysis: ModelAnalysis } {
  const parsed = parseNetadjYaml(text, file);
  assert.deepEqual(parsed.diagnostics, [], `${file}: unexpected diagnostics`);
  assert.ok(parsed.graph, `${file}: no graph`);
  const analysis = analyzeGraph(parsed.graph);
  assert.deepEqual(analysis.diagnostics, [], `${file}: unexpected analysis diagnostics`);
  return { graph: parsed.graph, analysis };
}

/** A model file with the given layer lines (each already indented as a list item) and extra top-level lines. */
export function model(layers: readonly string[], header: readonly string[] = []): string {
  return ['netadjust: 1', 'input: [32, 32, 3]', ...header, 'layers:', ...layers, ''].join('\n');
}

/** `line:col` (1-based) of a diagnostic's start, and the text it covers. */
export function where(text: string, d: ModelDiagnostic): { at: string; text: string } {
  assert.ok(d.range, `diagnostic ${d.code} has no range`);
  const p = new LineIndex(text).position(d.range.start);
  return { at: `${p.line + 1}:${p.character + 1}`, text: text.slice(d.range.start, d.range.end) };
}
