/**
 * Typed reads from a jsonc-parser tree that never throw: a wrong or missing field becomes a diagnostic at the exact
 * place in the text, and the reader goes on so that one pass reports every problem of a layer.
 */
import type { Node } from 'jsonc-parser';
import { error, type ModelDiagnostic } from '../diagnostics.js';
import type { SourceRange } from '../source.js';

export const rangeOf = (node: Node): SourceRange => ({ start: node.offset, end: node.offset + node.length });

/** The value of `key` in an object node; the last occurrence wins, as in `JSON.parse`. */
export function prop(obj: Node | undefined, key: string): Node | undefined {
  if (obj?.type !== 'object') {
    return undefined;
  }
  let found: Node | undefined;
  for (const p of obj.children ?? []) {
    if (p.children?.[0]?.value === key) {
      // A property cut short by a syntax error has no value node.
      found = p.children[1];
    }
  }
  return found;
}

/** `prop`, with an explicit JSON `null` read as absent (Keras writes null for "use the default"). */
export function present(obj: Node | undefined, key: string): Node | undefined {
  const v = prop(obj, key);
  return v === undefined || v.type === 'null' ? undefined : v;
}

export function items(node: Node | undefined): Node[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

export function str(node: Node | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

/** A whole number at least `min` that a double holds exactly; anything else (3.5, 1e400, "3") is undefined. */
export function int(node: Node | undefined, min: number): number | undefined {
  const v: unknown = node?.type === 'number' ? node.value : undefined;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min ? v : undefined;
}

/**
 * Reads the fields of one layer's config. Every failed read records a diagnostic and sets `failed`, so a converter
 * reads all its fields, then gives up once if any was wrong.
 */
export class Fields {
  readonly config: Node | undefined;
  /** Where a missing field is reported. */
  readonly where: Node;
  readonly label: string;
  readonly diagnostics: ModelDiagnostic[];
  failed = false;

  constructor(config: Node | undefined, where: Node, label: string, diagnostics: ModelDiagnostic[]) {
    this.config = config;
    this.where = where;
    this.label = label;
    this.diagnostics = diagnostics;
  }

  get(key: string): Node | undefined {
    return present(this.config, key);
  }

  /** Records a problem; returns `placeholder` so that reads stay total and the caller checks `failed` once. */
  fail<T>(code: string, message: string, node: Node, placeholder: T): T {
    this.failed = true;
    this.diagnostics.push(error(code, `${this.label}: ${message}`, rangeOf(node)));
    return placeholder;
  }

  private missing<T>(key: string, placeholder: T): T {
    return this.fail('missing-field', `'${key}' is required`, this.where, placeholder);
  }

  /** A whole number ≥ `min`; required when there is no fallback. */
  int(key: string, fallback?: number, min = 1): number {
    const node = this.get(key);
    if (!node) {
      return fallback ?? this.missing(key, 0);
    }
    return int(node, min) ?? this.fail('bad-field', `'${key}' must be a whole number ≥ ${min}`, node, 0);
  }

  /** A value given as one integer or as `[height, width]`. */
  pair(key: string, fallback?: [number, number], min = 1): [number, number] {
    const node = this.get(key);
    if (!node) {
      return fallback ?? this.missing(key, [0, 0]);
    }
    const single = int(node, min);
    if (single !== undefined) {
      return [single, single];
    }
    const [a, b] = items(node).map((n) => int(n, min));
    if (items(node).length === 2 && a !== undefined && b !== undefined) {
      return [a, b];
    }
    return this.fail('bad-field', `'${key}' must be a whole number ≥ ${min} or a pair of them`, node, [0, 0]);
  }

  bool(key: string, fallback: boolean): boolean {
    const node = this.get(key);
    if (!node) {
      return fallback;
    }
    return node.type === 'boolean' ? node.value === true : this.fail('bad-field', `'${key}' must be true or false`, node, fallback);
  }

  num(key: string, fallback: number): number {
    const node = this.get(key);
    if (!node) {
      return fallback;
    }
    const v: unknown = node.value;
    return node.type === 'number' && typeof v === 'number' && Number.isFinite(v) ? v : this.fail('bad-field', `'${key}' must be a number`, node, fallback);
  }

  /** One of `allowed` (compared in lower case, as Keras does). */
  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const node = this.get(key);
    if (!node) {
      return fallback;
    }
    const v = str(node)?.toLowerCase();
    const hit = allowed.find((a) => a === v);
    return hit ?? this.fail('bad-field', `'${key}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`, node, fallback);
  }
}
