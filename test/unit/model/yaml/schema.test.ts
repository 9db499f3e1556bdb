/** media/netadj.schema.json agrees with vocabulary.ts, describes every key, and accepts every example. */
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { netadjSchema } from '../../../../src/model/yaml/schema.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';
import { COMMON_KEYS, LAYER_TYPE_NAMES, LAYER_TYPES_SPEC, SEARCH_KEYS, TOP_LEVEL_KEYS } from '../../../../src/model/yaml/vocabulary.js';
import { EXAMPLE_FILES, exampleText, REPO_ROOT } from './support.js';

// The schema is read as loosely typed JSON and checked field by field.
type Json = Record<string, any>;

const FILE = path.join(REPO_ROOT, 'media', 'netadj.schema.json');
const schema = JSON.parse(readFileSync(FILE, 'utf8')) as Json;

/** Every `properties` entry anywhere in the schema, with its path. */
function allProperties(node: unknown, at: string, out: [string, Json][] = []): [string, Json][] {
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Json)) {
      // `if` clauses match on a key's value; they declare no key of their own.
      if (k === 'if') {
        continue;
      }
      if (k === 'properties') {
        for (const [name, prop] of Object.entries(v as Json)) {
          out.push([`${at}.${name}`, prop as Json]);
        }
      }
      allProperties(v, `${at}/${k}`, out);
    }
  }
  return out;
}

describe('netadj JSON schema', () => {
  it('is the file built from the vocabulary (regenerate with scripts/gen-netadj-schema.cjs)', () => {
    assert.deepEqual(schema, JSON.parse(JSON.stringify(netadjSchema())));
    assert.equal(schema['$schema'], 'http://json-schema.org/draft-07/schema#');
  });

  it('lists every layer type and every key of every type', () => {
    const types = schema['definitions']['layer']['anyOf'][0]['properties']['type']['enum'] as string[];
    assert.deepEqual([...types].sort(), [...LAYER_TYPE_NAMES].sort());
    for (const type of LAYER_TYPE_NAMES) {
      const def = schema['definitions'][type] as Json;
      assert.ok(def, `no definition for '${type}'`);
      for (const key of [...Object.keys(COMMON_KEYS), ...Object.keys(LAYER_TYPES_SPEC[type]!.keys)]) {
        assert.ok(def['properties'][key], `'${type}' lacks key '${key}' in the schema`);
      }
      assert.equal(def['additionalProperties'], false);
    }
    for (const key of Object.keys(TOP_LEVEL_KEYS)) {
      assert.ok(schema['properties'][key], `top-level key '${key}' missing`);
    }
  });

  it('documents exactly the engine\'s search settings', () => {
    assert.deepEqual(Object.keys(SEARCH_KEYS).sort(), Object.keys(DEFAULT_SEARCH_SETTINGS).sort());
    assert.deepEqual(Object.keys(schema['properties']['search']['properties']).sort(), Object.keys(DEFAULT_SEARCH_SETTINGS).sort());
  });

  it('describes every key', () => {
    for (const [where, prop] of allProperties(schema, '#')) {
      assert.equal(typeof prop['description'], 'string', `${where} has no description`);
      assert.ok((prop['description'] as string).length > 10, `${where} has a too short description`);
    }
  });

  it('accepts every example and rejects a misspelt key, as a JSON Schema validator (ajv) reads it', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    for (const file of EXAMPLE_FILES) {
      assert.ok(validate(parse(exampleText(file))), `${file}: ${JSON.stringify(validate.errors)}`);
    }
    assert.equal(validate(parse('netadjust: 1\ninput: [8, 8, 3]\nlayers:\n  - {type: conv, width: 8, kernal: 3}\n')), false);
    assert.equal(validate(parse('netadjust: 1\ninput: [8, 8, 3]\nlayers:\n  - {type: stage, block: basic, shortcut: projection, inner: 8, out: 8}\n')), false);
  });
});
