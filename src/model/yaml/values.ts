/**
 * Reading typed values out of YAML nodes. Every reader reports a diagnostic at the offending value and returns
 * undefined, so the caller falls back to the default and reading goes on: a broken value never stops the parse.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { error, type ModelDiagnostic } from '../diagnostics.js';
import type { SourceRange } from '../source.js';
import { didYouMean } from './suggest.js';

/** The document being read and the diagnostics found so far. */
export interface Reading {
  readonly doc: Document.Parsed;
  readonly diagnostics: ModelDiagnostic[];
}

/** One `key: value` of a mapping. */
export interface Field {
  readonly key: string;
  readonly keyRange: SourceRange;
  /** The value, with aliases resolved; null when the key has no value. */
  readonly node: Node | null;
  /** Where the value is written (the alias itself for an alias), or the key when there is no value. */
  readonly range: SourceRange;
  /** The value is written as an alias (`*name`): its parts are written at the anchor, elsewhere. */
  readonly alias?: boolean;
}

/** A layer name written in `from`, and where. */
export interface Ref {
  readonly name: string;
  readonly range: SourceRange;
}

export type Pair2 = [number, number];

export function rangeOf(node: Node | null | undefined, fallback: SourceRange = { start: 0, end: 0 }): SourceRange {
  const r = node?.range;
  return r ? { start: r[0], end: Math.max(r[0], r[1]) } : fallback;
}

/** The node an alias stands for (the node itself otherwise); null when it cannot be resolved. */
export function resolveNode(r: Reading, node: unknown): Node | null {
  if (isAlias(node)) {
    return node.resolve(r.doc) ?? null;
  }
  return isScalar(node) || isMap(node) || isSeq(node) ? node : null;
}

/** The fields of a mapping by key; a key that is not a plain string is reported and skipped. */
export function fieldsOf(r: Reading, map: YAMLMap): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (const pair of map.items) {
    const keyNode = resolveNode(r, pair.key);
    const keyRange = rangeOf(pair.key as Node | null);
    if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
      r.diagnostics.push(error('wrong-type', 'keys must be plain words', keyRange));
      continue;
    }
    const node = resolveNode(r, pair.value);
    const hasValue = node !== null && !(isScalar(node) && node.value === null);
    // Duplicate keys are reported by the YAML parser itself; the first one wins.
    if (!fields.has(keyNode.value)) {
      const range = hasValue ? rangeOf(pair.value as Node, keyRange) : keyRange;
      fields.set(keyNode.value, { key: keyNode.value, keyRange, node: hasValue ? node : null, range, ...(isAlias(pair.value) ? { alias: true } : {}) });
    }
  }
  return fields;
}

/** A short description of what was found, for messages. */
export function describe(node: Node | null): string {
  if (node === null) {
    return 'nothing';
  }
  if (isMap(node)) {
    return 'a mapping';
  }
  if (isSeq(node)) {
    return 'a list';
  }
  const v = isScalar(node) ? node.value : undefined;
  return typeof v === 'string' ? `'${v}'` : String(v);
}

function wrong(r: Reading, f: { key: string; node: Node | null; range: SourceRange }, expected: string): undefined {
  r.diagnostics.push(error('wrong-type', `'${f.key}' must be ${expected}, not ${describe(f.node)}`, f.range));
  return undefined;
}

function scalarValue(node: Node | null): unknown {
  return isScalar(node) ? node.value : undefined;
}

export function readString(r: Reading, f: Field): string | undefined {
  const v = scalarValue(f.node);
  return typeof v === 'string' && v.length > 0 ? v : wrong(r, f, 'a name');
}

export function readBool(r: Reading, f: Field): boolean | undefined {
  const v = scalarValue(f.node);
  return typeof v === 'boolean' ? v : wrong(r, f, 'true or false');
}

/** A positive integer; `code` lets widths be reported as `bad-width`. */
export function readPositiveInt(r: Reading, f: Field, code = 'bad-value'): number | undefined {
  const v = scalarValue(f.node);
  if (typeof v !== 'number' && typeof v !== 'bigint') {
    return wrong(r, f, 'a positive whole number');
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) {
    r.diagnostics.push(error(code, `'${f.key}' must be a positive whole number, not ${n}`, f.range));
    return undefined;
  }
  return n;
}

/** A number in [0, 1). */
export function readRate(r: Reading, f: Field): number | undefined {
  const v = scalarValue(f.node);
  if (typeof v !== 'number') {
    return wrong(r, f, 'a number from 0 to 1');
  }
  if (!(v >= 0 && v < 1)) {
    r.diagnostics.push(error('bad-value', `'${f.key}' must be at least 0 and less than 1, not ${v}`, f.range));
    return undefined;
  }
  return v;
}

export function readPositiveNumber(r: Reading, f: Field): number | undefined {
  const v = scalarValue(f.node);
  if (typeof v !== 'number') {
    return wrong(r, f, 'a number');
  }
  if (!(v > 0 && Number.isFinite(v))) {
    r.diagnostics.push(error('bad-value', `'${f.key}' must be a positive number, not ${v}`, f.range));
    return undefined;
  }
  return v;
}

export function readEnum<T extends string>(r: Reading, f: Field, values: readonly T[]): T | undefined {
  const v = scalarValue(f.node);
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) {
    return v as T;
  }
  const list = values.map((x) => `'${x}'`).join(', ');
  const hint = typeof v === 'string' ? didYouMean(v, values) : '';
  r.diagnostics.push(error('bad-value', `'${f.key}' must be one of ${list}, not ${describe(f.node)}.${hint}`, f.range));
  return undefined;
}

/** The items of a list value, each with its own written range. */
export function listItems(r: Reading, f: Field): Field[] | undefined {
  if (!isSeq(f.node)) {
    return undefined;
  }
  return f.node.items.map((item, i) => {
    const node = resolveNode(r, item);
    return { key: `${f.key}[${i}]`, keyRange: f.keyRange, node, range: rangeOf(item as Node, f.range) };
  });
}

/** A positive integer for both axes, or `[height, width]`. */
export function readSize(r: Reading, f: Field): Pair2 | undefined {
  const items = listItems(r, f);
  if (items === undefined) {
    const n = readPositiveInt(r, f);
    return n === undefined ? undefined : [n, n];
  }
  if (items.length !== 2) {
    return wrong(r, f, 'a positive whole number or a list [height, width]');
  }
  const h = readPositiveInt(r, items[0]!);
  const w = readPositiveInt(r, items[1]!);
  return h === undefined || w === undefined ? undefined : [h, w];
}

/** A non-negative integer. */
function readCount(r: Reading, f: Field): number | undefined {
  const v = scalarValue(f.node);
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : wrong(r, f, 'a whole number of at least 0');
}

/** Zero padding: `n`, `[v, h]` or `[[top, bottom], [left, right]]`. */
export function readPad(r: Reading, f: Field): [Pair2, Pair2] | undefined {
  const items = listItems(r, f);
  if (items === undefined) {
    const n = readCount(r, f);
    return n === undefined ? undefined : [[n, n], [n, n]];
  }
  if (items.length !== 2) {
    return wrong(r, f, 'an integer, [vertical, horizontal] or [[top, bottom], [left, right]]');
  }
  const axes = items.map((axis) => readPadAxis(r, axis));
  return axes[0] && axes[1] ? [axes[0], axes[1]] : undefined;
}

/** One axis of a padding: `n` for both sides, or `[before, after]`. */
function readPadAxis(r: Reading, f: Field): Pair2 | undefined {
  const pair = listItems(r, f);
  if (pair === undefined) {
    const n = readCount(r, f);
    return n === undefined ? undefined : [n, n];
  }
  if (pair.length !== 2) {
    return wrong(r, f, 'a list [before, after]');
  }
  const before = readCount(r, pair[0]!);
  const after = readCount(r, pair[1]!);
  return before === undefined || after === undefined ? undefined : [before, after];
}

/** `from`: one name or a list of names. */
export function readRefs(r: Reading, f: Field): Ref[] | undefined {
  const items = listItems(r, f) ?? [f];
  const refs: Ref[] = [];
  for (const item of items) {
    const v = scalarValue(item.node);
    if (typeof v !== 'string' || v.length === 0) {
      return wrong(r, item, 'a layer name or a list of layer names');
    }
    refs.push({ name: v, range: item.range });
  }
  return refs;
}
