/** Helpers for reading the keys of one layer item: optional keys with defaults, required keys, widths. */
import { isScalar } from 'yaml';
import { error } from '../diagnostics.js';
import type { Activation } from '../graph.js';
import type { SourceRange } from '../source.js';
import type { WidthSpec } from './spec.js';
import { readEnum, readPositiveInt, type Field, type Reading } from './values.js';
import { ACTIVATION_VALUES } from './vocabulary.js';

export type Fields = ReadonlyMap<string, Field>;

/** What a type reader knows about the item it reads. */
export interface ItemContext {
  readonly type: string;
  /** Where missing keys are reported: the item's `type` value. */
  readonly anchor: SourceRange;
  /** How many layers the item's `from` names (0 without one), and where it is written. */
  readonly inputCount: number;
  readonly fromRange?: SourceRange;
}

/** The key's value, or `dflt` when it is absent or unreadable (the reader has reported why). */
export function opt<T>(r: Reading, fields: Fields, key: string, read: (r: Reading, f: Field) => T | undefined, dflt: T): T {
  const f = fields.get(key);
  const value = f === undefined ? undefined : read(r, f);
  // Not `??`: null is a real value (`act: none`).
  return value === undefined ? dflt : value;
}

export function missing(r: Reading, item: ItemContext, key: string, why = ''): void {
  r.diagnostics.push(error('missing-key', `a '${item.type}' layer needs '${key}'${why}`, item.anchor));
}

/** `none` means no activation layer at all. */
export function readActivation(r: Reading, f: Field): Activation | null | undefined {
  const v = readEnum(r, f, ACTIVATION_VALUES);
  return v === undefined ? undefined : v === 'none' ? null : v;
}

/**
 * A width literal. A bad value is reported at the literal and replaced by the nearest usable width, so the rest
 * of the model is still analysed; the literal keeps its range so the file can be rewritten.
 */
export function readWidth(r: Reading, f: Field, shared?: { index: number; count: number }): WidthSpec {
  const n = readPositiveInt(r, f, 'bad-width');
  const raw = isScalar(f.node) ? Number(f.node.value) : NaN;
  const value = n ?? (Number.isFinite(raw) ? Math.max(1, Math.round(raw)) : 1);
  return { value, literal: shared && shared.count > 1 ? { range: f.range, shared } : { range: f.range } };
}
