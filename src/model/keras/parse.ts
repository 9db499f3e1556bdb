/**
 * Reader for Keras and TensorFlow.js model JSON: a TensorFlow.js `model.json` (layers format, as `model.save` or the
 * converter writes it) or the output of Keras' `model.to_json()`, Sequential or functional, Keras 2 or 3.
 *
 * jsonc-parser's tree keeps the offset of every value, so diagnostics and width literals point at exact text.
 * Never throws: any text gives diagnostics, and a graph whenever an input shape and some layers could be read.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { error, type ModelDiagnostic } from '../diagnostics.js';
import type { ParseResult } from '../format.js';
import { prop, rangeOf, str } from './json.js';
import { readFunctional, readSequential, type Topology } from './topology.js';

const SYNTAX_MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: "a ':' is expected",
  CommaExpected: "a ',' is expected",
  CloseBraceExpected: "a closing '}' is expected",
  CloseBracketExpected: "a closing ']' is expected",
  EndOfFileExpected: 'nothing may follow the top-level value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

function syntaxDiagnostic(e: ParseError): ModelDiagnostic {
  const code = printParseErrorCode(e.error);
  return error('json-syntax', `invalid JSON: ${SYNTAX_MESSAGES[code] ?? code}`, { start: e.offset, end: e.offset + e.length });
}

function readTree(text: string, diagnostics: ModelDiagnostic[]): Node | undefined {
  const errors: ParseError[] = [];
  try {
    // Comments are reported: TensorFlow.js and Keras load model JSON with a strict JSON parser.
    // A byte-order mark (files read from disk keep it) becomes a space, so that every offset stays the same.
    const json = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
    const root = parseTree(json, errors, { disallowComments: true, allowTrailingComma: false });
    // jsonc-parser reports one missing '}' per open object at the same place; once is enough.
    const seen = new Set<string>();
    diagnostics.push(...errors.filter((e) => !seen.has(`${e.error}@${e.offset}`) && seen.add(`${e.error}@${e.offset}`)).map(syntaxDiagnostic));
    return root;
  } catch {
    // jsonc-parser recurses once per nesting level; absurd nesting exhausts the stack.
    diagnostics.push(error('json-syntax', 'the JSON is nested too deeply to be read', { start: 0, end: 0 }));
    return undefined;
  }
}

/**
 * The `{class_name, config}` object of the model, wherever the container keeps it:
 * model.json → `modelTopology` (itself, or its `model_config` as the converter writes it); Keras JSON → the root.
 */
function locateModel(root: Node, diagnostics: ModelDiagnostic[]): Node | undefined {
  const topology = prop(root, 'modelTopology');
  if (topology) {
    if (str(prop(root, 'format')) === 'graph-model' || prop(topology, 'node')) {
      diagnostics.push(error('graph-model', 'this is a TensorFlow.js graph model, which has no Keras layers; convert the model with --output_format=tfjs_layers_model', rangeOf(topology)));
      return undefined;
    }
    if (topology.type !== 'object') {
      diagnostics.push(error('bad-field', "'modelTopology' must be an object", rangeOf(topology)));
      return undefined;
    }
    return prop(topology, 'model_config') ?? topology;
  }
  if (prop(root, 'class_name')) {
    return root;
  }
  if (prop(root, 'model_config')) {
    return prop(root, 'model_config');
  }
  diagnostics.push(error('not-a-model', "expected a TensorFlow.js model.json (with 'modelTopology') or a Keras model JSON (with 'class_name' and 'config')", rangeOf(root)));
  return undefined;
}

function readTopology(model: Node, diagnostics: ModelDiagnostic[]): Topology | undefined {
  const classNode = prop(model, 'class_name');
  const className = str(classNode);
  const config = prop(model, 'config');
  if (model.type !== 'object' || !classNode || className === undefined) {
    diagnostics.push(error('not-a-model', "the model needs a 'class_name' string and a 'config' object", rangeOf(classNode ?? model)));
    return undefined;
  }
  if (config?.type !== 'object') {
    diagnostics.push(error(config ? 'bad-field' : 'missing-field', "the model needs a 'config' object", rangeOf(config ?? model)));
    return undefined;
  }
  if (className === 'Sequential') {
    return readSequential(config, diagnostics);
  }
  if (className === 'Model' || className === 'Functional') {
    return readFunctional(config, diagnostics);
  }
  diagnostics.push(error('unsupported-model', `'${className}' models are not supported; expected Sequential, Functional or Model`, rangeOf(classNode)));
  return undefined;
}

/** `dir/small-cnn.model.json` → `small-cnn`. */
function baseName(fileName: string): string {
  const file = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = file.replace(/\.json$/i, '');
  return stem.replace(/\.model$/i, '') || stem || 'model';
}

export function parseKerasJson(text: string, fileName: string): ParseResult {
  const diagnostics: ModelDiagnostic[] = [];
  const root = readTree(text, diagnostics);
  if (!root) {
    return { diagnostics };
  }
  if (root.type !== 'object') {
    diagnostics.push(error('not-a-model', 'the file must contain a JSON object', rangeOf(root)));
    return { diagnostics };
  }
  const model = locateModel(root, diagnostics);
  const topology = model && readTopology(model, diagnostics);
  if (!topology) {
    return { diagnostics };
  }
  if (!topology.input) {
    // The layers are read (and their problems reported), but without an input nothing has a shape.
    if (!diagnostics.some((d) => d.code === 'unsupported-input-rank' || d.code === 'unknown-input-size' || d.code === 'no-input-shape')) {
      diagnostics.push(error('no-input', 'the model has no input layer or input shape', rangeOf(prop(model, 'class_name') ?? model)));
    }
    return { diagnostics };
  }
  const name = str(prop(prop(model, 'config'), 'name')) || baseName(fileName);
  const graph = { format: 'keras-json' as const, name, input: topology.input, nodes: topology.nodes, widths: topology.widths, outputs: topology.outputs, unresolved: topology.unresolved };
  return { graph, diagnostics };
}
