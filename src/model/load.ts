/** One entry point for every model-file format: detect, parse, analyse. Pure: takes text, never touches disk. */
import { analyzeGraph, type ModelAnalysis } from './analyze.js';
import type { ModelDiagnostic } from './diagnostics.js';
import type { ParseResult } from './format.js';
import type { ModelFormat } from './graph.js';
import { parseKerasJson } from './keras/parse.js';
import { parseNetadjYaml } from './yaml/parse.js';

/** The format a file is read as: by name first (`*.netadj.yaml`, `*.json`), then by its first character. */
export function detectFormat(fileName: string, text: string): ModelFormat {
  if (/\.netadj\.ya?ml$/i.test(fileName) || /\.ya?ml$/i.test(fileName)) {
    return 'netadj-yaml';
  }
  if (/\.json$/i.test(fileName)) {
    return 'keras-json';
  }
  return text.trimStart().startsWith('{') ? 'keras-json' : 'netadj-yaml';
}

export function parseModel(fileName: string, text: string, format: ModelFormat = detectFormat(fileName, text)): ParseResult {
  return format === 'netadj-yaml' ? parseNetadjYaml(text, fileName) : parseKerasJson(text, fileName);
}

export interface LoadedModel {
  readonly format: ModelFormat;
  /** Absent only when nothing usable could be read. */
  readonly analysis?: ModelAnalysis;
  /** Reader and analysis diagnostics together, in file order. */
  readonly diagnostics: readonly ModelDiagnostic[];
}

/** Parses and analyses a model file's text. Never throws on any text. */
export function loadModel(fileName: string, text: string): LoadedModel {
  const format = detectFormat(fileName, text);
  const parsed = parseModel(fileName, text, format);
  if (!parsed.graph) {
    return { format, diagnostics: parsed.diagnostics };
  }
  const analysis = analyzeGraph(parsed.graph);
  const diagnostics = [...parsed.diagnostics, ...analysis.diagnostics].sort((a, b) => (a.range?.start ?? 0) - (b.range?.start ?? 0));
  return { format, analysis, diagnostics };
}
