/**
 * The JSON Schema (draft-07) of `*.netadj.yaml`, built from vocabulary.ts so the two cannot drift apart.
 * `media/netadj.schema.json` is its output (a unit test checks that they are equal); to regenerate it after
 * changing the vocabulary: `npx tsc -p tsconfig.test.json && node scripts/gen-netadj-schema.cjs`.
 */
import { BLOCK_SLOTS, BLOCK_VALUES, COMMON_KEYS, DATASET_KEYS, FORMAT_VERSION, keysOf, LAYER_TYPE_NAMES, LAYER_TYPES_SPEC, SEARCH_KEYS, TOP_LEVEL_KEYS, type KeySpec } from './vocabulary.js';

type Schema = Record<string, unknown>;

const positiveInt: Schema = { type: 'integer', minimum: 1 };
const count: Schema = { type: 'integer', minimum: 0 };
const pairOf = (item: Schema): Schema => ({ type: 'array', items: item, minItems: 2, maxItems: 2 });

function kindSchema(spec: KeySpec): Schema {
  switch (spec.kind) {
    case 'version':
      return { const: FORMAT_VERSION };
    case 'string':
      return { type: 'string', minLength: 1 };
    case 'type':
      return { type: 'string', enum: [...LAYER_TYPE_NAMES] };
    case 'refs':
      return { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }] };
    case 'shape':
      return { type: 'array', items: positiveInt, minItems: 3, maxItems: 3 };
    case 'mapping':
      return { type: 'object' };
    case 'layers':
      return { type: 'array', items: { $ref: '#/definitions/layer' } };
    case 'int':
    case 'width':
      return { ...positiveInt };
    case 'widths':
      return { anyOf: [positiveInt, { type: 'array', items: positiveInt, minItems: 1 }] };
    case 'size':
      return { anyOf: [positiveInt, pairOf(positiveInt)] };
    case 'pad':
      return { anyOf: [count, pairOf(count), pairOf(pairOf(count))] };
    case 'bool':
      return { type: 'boolean' };
    case 'count':
      return { ...count };
    case 'rate':
      return { type: 'number', minimum: 0, exclusiveMaximum: 1 };
    case 'number':
      return { type: 'number', exclusiveMinimum: 0 };
    case 'nonneg':
      return { type: 'number', minimum: 0 };
    case 'enum':
      return { type: 'string', enum: [...(spec.values ?? [])] };
  }
}

/** A default is written into the schema only when it is a value of the key's own type (not "same as size"). */
function defaultFits(spec: KeySpec): boolean {
  const d = spec.default;
  switch (spec.kind) {
    case 'bool':
      return typeof d === 'boolean';
    case 'enum':
      return typeof d === 'string' && (spec.values ?? []).includes(d);
    case 'int':
    case 'count':
    case 'size':
    case 'pad':
    case 'rate':
    case 'number':
    case 'nonneg':
      return typeof d === 'number';
    default:
      return false;
  }
}

function keySchema(spec: KeySpec): Schema {
  const dflt = spec.default === undefined ? '' : ` Default: ${String(spec.default)}.`;
  return { ...kindSchema(spec), description: `${spec.description}${dflt}`, ...(defaultFits(spec) ? { default: spec.default } : {}) };
}

function properties(keys: Readonly<Record<string, KeySpec>>): Schema {
  return Object.fromEntries(Object.entries(keys).map(([k, spec]) => [k, keySchema(spec)]));
}

const required = (keys: Readonly<Record<string, KeySpec>>): string[] => Object.entries(keys).filter(([, s]) => s.required).map(([k]) => k);

const ifThen = (key: string, value: string, then: Schema): Schema => ({ if: { properties: { [key]: { const: value } }, required: [key] }, then });

/** One layer type: all its keys (the common ones included), nothing else. */
function layerDefinition(type: string): Schema {
  const keys = keysOf(type);
  const props = properties(keys);
  props['type'] = { const: type, description: LAYER_TYPES_SPEC[type]!.description };
  const def: Schema = { type: 'object', description: LAYER_TYPES_SPEC[type]!.description, properties: props, required: required(keys), additionalProperties: false };
  if (type === 'stage') {
    // Which widths a stage needs depends on its block kind and shortcut.
    def['allOf'] = [...BLOCK_VALUES.map((b) => ifThen('block', b, { required: [...BLOCK_SLOTS[b]] })), ifThen('shortcut', 'projection', { required: ['projection'] })];
  }
  return def;
}

/** Layer types that may be written as a bare word (`- gap`): those with no required keys. */
function bareWordTypes(): string[] {
  return LAYER_TYPE_NAMES.filter((t) => required(LAYER_TYPES_SPEC[t]!.keys).length === 0);
}

function layerSchema(): Schema {
  const mapping: Schema = {
    type: 'object',
    required: ['type'],
    properties: { type: keySchema(COMMON_KEYS['type']!) },
    allOf: LAYER_TYPE_NAMES.map((t) => ifThen('type', t, { $ref: `#/definitions/${t}` })),
  };
  const word: Schema = { type: 'string', enum: bareWordTypes(), description: 'A layer with no keys, written as its type alone (e.g. `- gap`).' };
  return { description: 'A layer: a mapping with a `type`, or a bare type name.', anyOf: [mapping, word] };
}

function mappingOf(spec: KeySpec, keys: Readonly<Record<string, KeySpec>>, open: boolean): Schema {
  return { ...keySchema(spec), properties: properties(keys), additionalProperties: open };
}

export function netadjSchema(): Schema {
  const top = properties(TOP_LEVEL_KEYS);
  // A dataset reader may take settings of its own; the search settings are a fixed set.
  top['dataset'] = mappingOf(TOP_LEVEL_KEYS['dataset']!, DATASET_KEYS, true);
  top['search'] = mappingOf(TOP_LEVEL_KEYS['search']!, SEARCH_KEYS, false);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'netadjust model',
    description: 'A convolutional network for netadjust: its input, its layers (with the channel widths the search adjusts) and the data and settings for the search.',
    type: 'object',
    properties: top,
    required: required(TOP_LEVEL_KEYS),
    additionalProperties: false,
    definitions: { layer: layerSchema(), ...Object.fromEntries(LAYER_TYPE_NAMES.map((t) => [t, layerDefinition(t)])) },
  };
}

/** The schema file's text. */
export function netadjSchemaText(): string {
  return `${JSON.stringify(netadjSchema(), null, 2)}\n`;
}
