/**
 * Reader of the native format `*.netadj.yaml`: the YAML document → a ModelGraph plus diagnostics with exact ranges.
 * Never throws: any text gives a result, with a graph whenever the file says enough to build one.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { error, warning } from '../diagnostics.js';
import type { ParseResult } from '../format.js';
import type { DatasetSpec, LayerNode, ModelGraph, ResidualMode } from '../graph.js';
import type { SourceRange } from '../source.js';
import { assemble, INPUT_NODE } from './assemble.js';
import { opt } from './fields.js';
import { readItem } from './items.js';
import type { ItemSpec } from './spec.js';
import { didYouMean } from './suggest.js';
import { describe, fieldsOf, listItems, rangeOf, readEnum, readPositiveInt, readString, type Field, type Reading } from './values.js';
import { DATASET_FORMATS, FORMAT_VERSION, RESIDUAL_VALUES, SEARCH_KEYS, TOP_LEVEL_KEYS } from './vocabulary.js';

type Fields = ReadonlyMap<string, Field>;

export function parseNetadjYaml(text: string, fileName: string): ParseResult {
  try {
    return parse(text, fileName);
  } catch (e) {
    // A last resort: the reader is meant never to get here, and the tests check that it does not.
    return { diagnostics: [error('internal', `netadjust could not read this file: ${e instanceof Error ? e.message : String(e)}`, { start: 0, end: 0 })] };
  }
}

function parse(text: string, fileName: string): ParseResult {
  const doc = parseDocument(text, { keepSourceTokens: true, prettyErrors: false });
  const r: Reading = { doc, diagnostics: [] };
  syntaxDiagnostics(r, doc, text.length);
  const root = doc.contents;
  const firstLine: SourceRange = { start: 0, end: Math.max(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')) };
  if (!isMap(root)) {
    r.diagnostics.push(error('not-a-mapping', `a netadjust model is a mapping starting with 'netadjust: ${FORMAT_VERSION}', not ${describe(root as Node | null)}`, root ? rangeOf(root) : firstLine));
    return done(r);
  }
  const fields = fieldsOf(r, root);
  warnUnknownKeys(r, fields);
  checkVersion(r, fields, firstLine);
  const input = readInput(r, fields, firstLine);
  const residual = opt(r, fields, 'residual', (rr, f) => readEnum(rr, f, RESIDUAL_VALUES), 'pad' as ResidualMode);
  const items = readLayers(r, fields, firstLine);
  const name = opt(r, fields, 'name', readString, baseName(fileName));
  const dataset = readMapping(r, fields.get('dataset'));
  const search = readMapping(r, fields.get('search'));
  checkSettings(r, fields);
  // Without a usable input there is no graph, but the layers are still wired to report their own problems.
  const { nodes, widths, output } = assemble(r, items, input ?? inputNode([1, 1, 1], firstLine), residual);
  if (input === undefined) {
    return done(r);
  }
  const graph: ModelGraph = {
    format: 'netadj-yaml',
    name,
    input: input.attrs.shape,
    nodes,
    widths,
    outputs: [output],
    ...(dataset ? { dataset: dataset as DatasetSpec } : {}),
    ...(search ? { search } : {}),
  };
  return done(r, graph);
}

function done(r: Reading, graph?: ModelGraph): ParseResult {
  // In file order, so editors and the command line list problems top to bottom.
  const diagnostics = [...r.diagnostics].sort((a, b) => (a.range?.start ?? -1) - (b.range?.start ?? -1));
  return graph ? { graph, diagnostics } : { diagnostics };
}

function syntaxDiagnostics(r: Reading, doc: Document.Parsed, length: number): void {
  const clamp = (n: number) => Math.max(0, Math.min(n, length));
  // An empty span inside the text is widened to one character, so that editors have something to underline.
  const range = (pos: [number, number]): SourceRange => {
    const start = clamp(pos[0]);
    const end = Math.max(start, clamp(pos[1]));
    return { start, end: end === start && start < length ? start + 1 : end };
  };
  doc.errors.forEach((e) => r.diagnostics.push(error('yaml-syntax', e.message, range(e.pos))));
  doc.warnings.forEach((w) => r.diagnostics.push(warning('yaml-warning', w.message, range(w.pos))));
}

function warnUnknownKeys(r: Reading, fields: Fields): void {
  for (const f of fields.values()) {
    if (!Object.hasOwn(TOP_LEVEL_KEYS, f.key)) {
      r.diagnostics.push(warning('unknown-key', `'${f.key}' is not a key of a netadjust model; it is ignored.${didYouMean(f.key, Object.keys(TOP_LEVEL_KEYS))}`, f.keyRange));
    }
  }
}

function checkVersion(r: Reading, fields: Fields, firstLine: SourceRange): void {
  const f = fields.get('netadjust');
  if (f === undefined) {
    r.diagnostics.push(error('missing-version', `a netadjust model starts with 'netadjust: ${FORMAT_VERSION}', the format version`, firstLine));
    return;
  }
  const v = isScalar(f.node) ? f.node.value : undefined;
  if (v !== FORMAT_VERSION) {
    r.diagnostics.push(error('unknown-version', `format version ${describe(f.node)} is not supported; this netadjust reads version ${FORMAT_VERSION}`, f.range));
  }
}

/** `input: [H, W, C]` → the graph's input node; undefined (reported) when it is missing or unusable. */
function readInput(r: Reading, fields: Fields, firstLine: SourceRange): Extract<LayerNode, { type: 'input' }> | undefined {
  const f = fields.get('input');
  if (f === undefined) {
    r.diagnostics.push(error('missing-key', `a netadjust model needs 'input: [height, width, channels]', e.g. [32, 32, 3]`, firstLine));
    return undefined;
  }
  const items = listItems(r, f);
  if (items === undefined || items.length !== 3) {
    r.diagnostics.push(error('wrong-type', `'input' must be [height, width, channels], e.g. [32, 32, 3], not ${describe(f.node)}`, f.range));
    return undefined;
  }
  const dims = items.map((item) => readPositiveInt(r, item));
  if (dims.some((d) => d === undefined)) {
    return undefined;
  }
  return inputNode(dims as [number, number, number], f.range);
}

function inputNode(shape: [number, number, number], range: SourceRange): Extract<LayerNode, { type: 'input' }> {
  return { name: INPUT_NODE, type: 'input', inputs: [], attrs: { shape }, range };
}

function readLayers(r: Reading, fields: Fields, firstLine: SourceRange): ItemSpec[] {
  const f = fields.get('layers');
  if (f === undefined) {
    r.diagnostics.push(error('missing-key', `a netadjust model needs 'layers', the list of its layers`, firstLine));
    return [];
  }
  if (!isSeq(f.node)) {
    r.diagnostics.push(error('wrong-type', `'layers' must be a list of layers, not ${describe(f.node)}`, f.range));
    return [];
  }
  if (f.node.items.length === 0) {
    r.diagnostics.push(warning('empty-model', `'layers' is empty: the model has no layers`, f.range));
  }
  return f.node.items.map((item, i) => readItem(r, item, i)).filter((it): it is ItemSpec => it !== undefined);
}

/** `dataset` and `search`: free-form mappings, kept as plain JSON. */
function readMapping(r: Reading, f: Field | undefined): Record<string, unknown> | undefined {
  if (f === undefined) {
    return undefined;
  }
  if (!isMap(f.node)) {
    r.diagnostics.push(error('wrong-type', `'${f.key}' must be a mapping of settings, not ${describe(f.node)}`, f.range));
    return undefined;
  }
  try {
    return f.node.toJS(r.doc) as Record<string, unknown>;
  } catch (e) {
    r.diagnostics.push(error('bad-value', `'${f.key}' could not be read: ${e instanceof Error ? e.message : String(e)}`, f.range));
    return undefined;
  }
}

/**
 * Light checks of `dataset` and `search`: they do not affect the analysis, so problems are warnings here and the
 * engine validates the values when a search starts.
 */
function checkSettings(r: Reading, fields: Fields): void {
  const search = fields.get('search');
  if (search && isMap(search.node)) {
    for (const f of fieldsOf(r, search.node).values()) {
      if (!Object.hasOwn(SEARCH_KEYS, f.key)) {
        r.diagnostics.push(warning('unknown-key', `'${f.key}' is not a search setting; it is ignored.${didYouMean(f.key, Object.keys(SEARCH_KEYS))}`, f.keyRange));
      }
    }
  }
  const dataset = fields.get('dataset');
  const format = dataset && isMap(dataset.node) ? fieldsOf(r, dataset.node).get('format') : undefined;
  const value = format && isScalar(format.node) ? format.node.value : undefined;
  if (format && !(DATASET_FORMATS as readonly unknown[]).includes(value)) {
    const hint = typeof value === 'string' ? didYouMean(value, DATASET_FORMATS) : '';
    r.diagnostics.push(warning('bad-value', `the dataset format must be one of ${DATASET_FORMATS.join(', ')}, not ${describe(format.node)}.${hint}`, format.range));
  }
}

function baseName(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '').replace(/(\.netadj)?\.ya?ml$/i, '') || 'model';
}

