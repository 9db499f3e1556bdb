/**
 * Connections of a functional Keras model: which layer outputs feed a layer (`inbound_nodes`) and which are the
 * model's outputs (`output_layers`). Keras 2 and TensorFlow.js write a call as a list of
 * `[layer, node_index, tensor_index, kwargs]`; Keras 3 writes `{args, kwargs}` with `__keras_tensor__` objects
 * whose `keras_history` is `[layer, node_index, tensor_index]`.
 */
import type { Node } from 'jsonc-parser';
import { error, type ModelDiagnostic } from '../diagnostics.js';
import { int, items, present, prop, rangeOf, str } from './json.js';

/** A reference to the output of another layer. */
export interface TensorRef {
  readonly name: string;
  /** The layer-name string, where an unknown name is reported. */
  readonly nameNode: Node;
}

/** Keras 3 nests tensors in lists (Add, Concatenate); no real model nests deeper than this. */
const MAX_ARG_DEPTH = 8;

/** A `[layer, node_index, tensor_index, ...]` triple; reports what it cannot use. */
function readHistory(node: Node, label: string, diagnostics: ModelDiagnostic[]): TensorRef | undefined {
  const [nameNode, nodeIndex, tensorIndex] = items(node);
  const name = str(nameNode);
  if (!nameNode || name === undefined || int(nodeIndex, 0) === undefined || (tensorIndex && int(tensorIndex, 0) === undefined)) {
    diagnostics.push(error('bad-reference', `${label}: an input must be written [layer name, node index, tensor index]`, rangeOf(node)));
    return undefined;
  }
  // Only layers called once, with one output, map to graph nodes; a second call of a shared layer has no node.
  if (int(nodeIndex, 0) !== 0) {
    diagnostics.push(error('shared-layer', `${label}: takes the output of call ${int(nodeIndex, 0)} of '${name}'; layers called more than once are not supported`, rangeOf(node)));
  } else if (tensorIndex && int(tensorIndex, 0) !== 0) {
    diagnostics.push(error('multi-output', `${label}: takes output ${int(tensorIndex, 0)} of '${name}'; only single-output layers are supported`, rangeOf(node)));
  }
  return { name, nameNode };
}

function collectKerasTensors(node: Node, depth: number, out: Node[]): void {
  if (depth > MAX_ARG_DEPTH) {
    return;
  }
  if (node.type === 'object' && str(prop(node, 'class_name')) === '__keras_tensor__') {
    out.push(node);
    return;
  }
  for (const child of node.type === 'array' ? items(node) : []) {
    collectKerasTensors(child, depth + 1, out);
  }
}

function readKeras3Call(call: Node, label: string, diagnostics: ModelDiagnostic[]): TensorRef[] {
  const tensors: Node[] = [];
  collectKerasTensors(present(call, 'args') ?? call, 0, tensors);
  return tensors.flatMap((t) => {
    const history = prop(prop(t, 'config'), 'keras_history');
    if (history?.type !== 'array') {
      diagnostics.push(error('bad-reference', `${label}: a __keras_tensor__ needs config.keras_history`, rangeOf(t)));
      return [];
    }
    return readHistory(history, label, diagnostics) ?? [];
  });
}

/** The inputs of a layer's first call, in order. */
export function readInbound(layer: Node, label: string, diagnostics: ModelDiagnostic[]): TensorRef[] {
  const inbound = present(layer, 'inbound_nodes');
  if (!inbound) {
    return [];
  }
  if (inbound.type !== 'array') {
    diagnostics.push(error('bad-field', `${label}: 'inbound_nodes' must be a list`, rangeOf(inbound)));
    return [];
  }
  const [call, second] = items(inbound);
  if (second) {
    diagnostics.push(error('shared-layer', `${label}: the layer is called more than once; only its first call is read`, rangeOf(second)));
  }
  if (!call) {
    return [];
  }
  if (call.type === 'object') {
    return readKeras3Call(call, label, diagnostics);
  }
  if (call.type === 'array') {
    return items(call).flatMap((ref) => readHistory(ref, label, diagnostics) ?? []);
  }
  diagnostics.push(error('bad-field', `${label}: each entry of 'inbound_nodes' must be a list or an {args, kwargs} object`, rangeOf(call)));
  return [];
}

/**
 * The model's outputs from `output_layers`: a list of triples, one triple (Keras 3 with a single output), or an
 * object of named triples.
 */
export function readOutputLayers(config: Node | undefined, diagnostics: ModelDiagnostic[]): TensorRef[] {
  const node = present(config, 'output_layers');
  if (!node) {
    return [];
  }
  const label = "the model's 'output_layers'";
  if (node.type === 'array' && str(items(node)[0]) !== undefined) {
    return [readHistory(node, label, diagnostics)].flatMap((r) => r ?? []);
  }
  const entries = node.type === 'object' ? (node.children ?? []).flatMap((p) => p.children?.slice(1) ?? []) : items(node);
  if (node.type !== 'array' && node.type !== 'object') {
    diagnostics.push(error('bad-field', `${label} must be a list`, rangeOf(node)));
  }
  return entries.flatMap((e) => readHistory(e, label, diagnostics) ?? []);
}
