/** Reading one entry of `layers`: its type, name and `from`, unknown keys, then the type's own keys. */
import { isMap, isScalar, type Node } from 'yaml';
import { error, warning } from '../diagnostics.js';
import type { SourceRange } from '../source.js';
import type { Fields, ItemContext } from './fields.js';
import { SKIP, TYPE_READERS, type TypeReader } from './itemReaders.js';
import type { ItemSpec, LayerSpec } from './spec.js';
import { readStage } from './stageReader.js';
import { didYouMean } from './suggest.js';
import { fieldsOf, rangeOf, readRefs, readString, resolveNode, type Reading } from './values.js';
import { keysOf, LAYER_TYPE_NAMES } from './vocabulary.js';

const READERS: Readonly<Record<string, TypeReader>> = { ...TYPE_READERS, stage: readStage };
const MULTI_INPUT_TYPES = new Set(['add', 'concat']);

/** Reads an item; undefined when it is not a layer at all (a number, a list), which is reported. */
export function readItem(r: Reading, raw: unknown, index: number): ItemSpec | undefined {
  const node = resolveNode(r, raw);
  const range = rangeOf(raw as Node | null, rangeOf(node));
  // A bare word is a layer with no keys: `- gap`, `- flatten`, `- relu`.
  if (isScalar(node) && typeof node.value === 'string' && node.value.length > 0) {
    const fields: Fields = new Map();
    return { index, type: node.value, range, body: readBody(r, node.value, range, fields, { count: 0 }) };
  }
  if (!isMap(node)) {
    r.diagnostics.push(error('wrong-type', `a layer must be a mapping with a 'type' (e.g. {type: conv, width: 16}), not ${node === null ? 'nothing' : isScalar(node) ? String(node.value) : 'a list'}`, range));
    return undefined;
  }
  const fields = fieldsOf(r, node);
  const typeField = fields.get('type');
  const type = typeField ? readString(r, typeField) : undefined;
  if (typeField === undefined) {
    r.diagnostics.push(error('missing-key', `a layer needs a 'type': one of ${LAYER_TYPE_NAMES.join(', ')}`, range));
  }
  const nameField = fields.get('name');
  const name = nameField ? readString(r, nameField) : undefined;
  const fromField = fields.get('from');
  const from = fromField ? readRefs(r, fromField) : undefined;
  const base = { index, type: type ?? 'layer', range, ...(name && nameField ? { name, nameRange: nameField.range } : {}), ...(from ? { from } : {}) };
  if (type === undefined) {
    return { ...base, body: SKIP };
  }
  const inputs = { count: from?.length ?? 0, ...(fromField ? { range: fromField.range } : {}) };
  return { ...base, body: readBody(r, type, typeField?.range ?? range, fields, inputs) };
}

function readBody(r: Reading, type: string, typeRange: SourceRange, fields: Fields, inputs: { count: number; range?: SourceRange }): LayerSpec {
  // Own keys only: a type called 'constructor' must not find Object's.
  const reader = Object.hasOwn(READERS, type) ? READERS[type] : undefined;
  if (reader === undefined) {
    r.diagnostics.push(error('unknown-layer-type', `unknown layer type '${type}'.${didYouMean(type, LAYER_TYPE_NAMES)}`, typeRange));
    return SKIP;
  }
  warnUnknownKeys(r, type, fields);
  if (inputs.count > 1 && !MULTI_INPUT_TYPES.has(type)) {
    r.diagnostics.push(error('bad-value', `a '${type}' layer takes one input; only 'add' and 'concat' combine several`, inputs.range));
  }
  const item: ItemContext = { type, anchor: typeRange, inputCount: inputs.count, ...(inputs.range ? { fromRange: inputs.range } : {}) };
  return reader(r, fields, item);
}

function warnUnknownKeys(r: Reading, type: string, fields: Fields): void {
  const known = keysOf(type);
  for (const f of fields.values()) {
    if (!Object.hasOwn(known, f.key)) {
      r.diagnostics.push(warning('unknown-key', `a '${type}' layer has no key '${f.key}'; it is ignored.${didYouMean(f.key, Object.keys(known))}`, f.keyRange));
    }
  }
}

