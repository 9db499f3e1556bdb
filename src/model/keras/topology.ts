/**
 * The layer graph of a Keras model config: a Sequential chain or a functional graph, one node per supported layer
 * (plus split-off activations), with every problem reported where it is written.
 */
import type { Node } from 'jsonc-parser';
import { error, type ModelDiagnostic } from '../diagnostics.js';
import type { LayerNode, WidthVariable } from '../graph.js';
import { readInbound, readOutputLayers } from './inbound.js';
import { Fields, int, items, present, prop, rangeOf, str } from './json.js';
import { converterFor, SUPPORTED_CLASSES, type Converted, type KerasLayer } from './layers.js';

export interface Topology {
  /** Absent when no layer gave the model an input shape (the diagnostics say why). */
  readonly input?: [number, number, number];
  readonly nodes: readonly LayerNode[];
  readonly widths: readonly WidthVariable[];
  readonly outputs: readonly string[];
  readonly unresolved: readonly string[];
}

interface Builder {
  readonly diagnostics: ModelDiagnostic[];
  readonly nodes: LayerNode[];
  readonly widths: WidthVariable[];
  readonly axisChecks: { readonly layer: string; readonly axis: number; readonly node: Node }[];
  /** Layers left out after an error was reported for them; their consumers must not be reported again. */
  readonly omitted: string[];
  input?: [number, number, number];
}

const INPUT_SHAPE_KEYS = ['batch_input_shape', 'batchInputShape', 'batch_shape'];

const labelOf = (l: KerasLayer) => `layer ${l.index} '${l.name}' (${l.className})`;

function newBuilder(diagnostics: ModelDiagnostic[]): Builder {
  return { diagnostics, nodes: [], widths: [], axisChecks: [], omitted: [] };
}

function layerList(b: Builder, config: Node): Node[] {
  const layers = prop(config, 'layers');
  if (layers?.type !== 'array') {
    b.diagnostics.push(error(layers ? 'bad-field' : 'missing-field', "the model config needs a 'layers' list", rangeOf(layers ?? config)));
  }
  return items(layers);
}

/** Name, class and config of one `layers` entry; `undefined` (reported) when the entry is not a layer object. */
function readEntry(b: Builder, entry: Node, index: number, functional: boolean): KerasLayer | undefined {
  const className = str(prop(entry, 'class_name'));
  const config = prop(entry, 'config');
  if (entry.type !== 'object' || className === undefined) {
    b.diagnostics.push(error('bad-layer', `layer ${index}: expected an object with a 'class_name' string`, rangeOf(entry)));
    return undefined;
  }
  if (config && config.type !== 'object') {
    b.diagnostics.push(error('bad-field', `layer ${index} (${className}): 'config' must be an object`, rangeOf(config)));
  }
  // A functional model refers to layers by the entry's `name`; a Sequential one only has the config's.
  const named = functional ? (str(prop(entry, 'name')) ?? str(prop(config, 'name'))) : str(prop(config, 'name'));
  const name = named ?? `layer_${index}`;
  if (functional && named === undefined) {
    b.diagnostics.push(error('missing-field', `layer ${index} (${className}): a functional model's layer needs a 'name'`, rangeOf(entry)));
  }
  return { index, name, className, node: entry, config: config?.type === 'object' ? config : undefined };
}

/** `[batch, H, W, C]` → `[H, W, C]`; reports other ranks and unknown sizes. */
function readInputShape(b: Builder, shape: Node, label: string): [number, number, number] | undefined {
  const dims = items(shape);
  if (shape.type !== 'array' || dims.length !== 4) {
    const rank = shape.type === 'array' ? `rank ${dims.length - 1}` : 'no list of sizes';
    b.diagnostics.push(error('unsupported-input-rank', `${label}: the input must be height × width × channels (rank 3 without the batch axis), but it has ${rank}`, rangeOf(shape)));
    return undefined;
  }
  const [h, w, c] = dims.slice(1).map((d) => int(d, 1));
  if (h === undefined || w === undefined || c === undefined) {
    b.diagnostics.push(error('unknown-input-size', `${label}: the input height, width and channels must be fixed positive whole numbers`, rangeOf(shape)));
    return undefined;
  }
  return [h, w, c];
}

function shapeNodeOf(config: Node | undefined): Node | undefined {
  return INPUT_SHAPE_KEYS.map((k) => present(config, k)).find((n) => n !== undefined);
}

/** Adds an input node; the graph has one input, so a second one is an error. */
function addInput(b: Builder, name: string, shapeNode: Node | undefined, where: Node, label: string): void {
  if (b.input) {
    b.diagnostics.push(error('multiple-inputs', `${label}: the model already has an input; only single-input models are supported`, rangeOf(where)));
    return;
  }
  if (!shapeNode) {
    b.diagnostics.push(error('no-input-shape', `${label}: no input shape is written ('batch_input_shape' or 'batch_shape'); build the model before saving it`, rangeOf(where)));
    return;
  }
  const shape = readInputShape(b, shapeNode, label);
  if (shape) {
    b.input = shape;
    b.nodes.push({ name, type: 'input', inputs: [], attrs: { shape }, range: rangeOf(where) });
  }
}

function convert(b: Builder, layer: KerasLayer, inputs: string[]): Converted | undefined {
  const converter = converterFor(layer.className);
  if (!converter) {
    const message = `${labelOf(layer)}: '${layer.className}' is not a supported layer type; it is left out, so the layers that take its output get no shape (supported: ${SUPPORTED_CLASSES.join(', ')})`;
    b.diagnostics.push(error('unknown-layer-type', message, rangeOf(prop(layer.node, 'class_name') ?? layer.node)));
    b.omitted.push(layer.name);
    return undefined;
  }
  // A missing field is reported at the class name: a short, always present span that names the layer.
  const where = prop(layer.node, 'class_name') ?? layer.node;
  return converter(new Fields(layer.config, where, labelOf(layer), b.diagnostics), layer, inputs);
}

function record(b: Builder, layer: KerasLayer, result: Converted): void {
  b.nodes.push(...result.nodes);
  if (result.width) {
    b.widths.push(result.width);
  }
  if (result.channelAxis) {
    b.axisChecks.push({ layer: layer.name, ...result.channelAxis });
  }
}

const outputName = (layer: string, result: Converted | undefined) => result?.nodes.at(-1)?.name ?? layer;

export function readSequential(config: Node, diagnostics: ModelDiagnostic[]): Topology {
  const b = newBuilder(diagnostics);
  let previous: string | undefined;
  layerList(b, config).forEach((entry, index) => {
    const layer = readEntry(b, entry, index, false);
    if (!layer) {
      return;
    }
    if (layer.className === 'InputLayer') {
      if (previous !== undefined) {
        b.diagnostics.push(error('misplaced-input', `${labelOf(layer)}: an InputLayer can only come first in a Sequential model`, rangeOf(entry)));
      } else {
        addInput(b, layer.name, shapeNodeOf(layer.config), entry, labelOf(layer));
        previous = layer.name;
      }
      return;
    }
    if (previous === undefined) {
      // Keras 2 and TensorFlow.js put the input shape on the first layer; Keras 3 may keep it on the model.
      const shape = shapeNodeOf(layer.config) ?? present(config, 'build_input_shape');
      const label = `${labelOf(layer)}, the first layer`;
      addInput(b, `${layer.name}_input`, shape, shape ?? entry, label);
      previous = `${layer.name}_input`;
    }
    const result = convert(b, layer, [previous]);
    if (result) {
      record(b, layer, result);
    }
    previous = outputName(layer.name, result);
  });
  const last = b.nodes.at(-1);
  return finish(b, last && last.type !== 'input' ? [last.name] : []);
}

/** One functional layer: its inputs checked, then converted and recorded; undefined when it yields no node. */
function readFunctionalLayer(b: Builder, layer: KerasLayer, known: ReadonlySet<string>): Converted | undefined {
  const refs = readInbound(layer.node, labelOf(layer), b.diagnostics);
  for (const r of refs.filter((ref) => !known.has(ref.name))) {
    b.diagnostics.push(error('unknown-reference', `${labelOf(layer)}: takes input from '${r.name}', but the model has no layer of that name`, rangeOf(r.nameNode)));
    b.omitted.push(r.name);
  }
  if (layer.className === 'InputLayer') {
    addInput(b, layer.name, shapeNodeOf(layer.config), layer.node, labelOf(layer));
    return undefined;
  }
  if (refs.length === 0) {
    b.diagnostics.push(error('no-inputs', `${labelOf(layer)}: the layer is not connected to any input ('inbound_nodes' is empty); it is left out`, rangeOf(prop(layer.node, 'inbound_nodes') ?? layer.node)));
    b.omitted.push(layer.name);
    return undefined;
  }
  const result = convert(b, layer, refs.map((r) => r.name));
  if (result) {
    record(b, layer, result);
  }
  return result;
}

export function readFunctional(config: Node, diagnostics: ModelDiagnostic[]): Topology {
  const b = newBuilder(diagnostics);
  const layers = layerList(b, config).flatMap((entry, index) => readEntry(b, entry, index, true) ?? []);
  const known = new Set(layers.map((l) => l.name));
  const outputOf = new Map<string, string>();
  const heads = new Set<LayerNode>();
  for (const layer of layers) {
    const result = readFunctionalLayer(b, layer, known);
    if (result?.nodes[0]) {
      heads.add(result.nodes[0]);
    }
    outputOf.set(layer.name, outputName(layer.name, result));
  }
  // Consumers of a layer with a split-off activation take the activation's output, wherever they are listed.
  const nodes = b.nodes.map((n): LayerNode => (heads.has(n) ? { ...n, inputs: n.inputs.map((i) => outputOf.get(i) ?? i) } : n));
  const names = new Set(nodes.map((n) => n.name));
  const outputs = readOutputLayers(config, b.diagnostics).flatMap((r) => {
    if (!known.has(r.name)) {
      b.diagnostics.push(error('unknown-reference', `the model's output '${r.name}' is not a layer of the model`, rangeOf(r.nameNode)));
    }
    const name = outputOf.get(r.name) ?? r.name;
    return names.has(name) ? [name] : [];
  });
  return finish({ ...b, nodes }, outputs);
}

function finish(b: Builder, outputs: string[]): Topology {
  checkChannelAxes(b);
  const base = { nodes: b.nodes, widths: b.widths, outputs, unresolved: b.omitted };
  return b.input ? { ...base, input: b.input } : base;
}

/** Output rank (batch included) of every node whose inputs resolve: 4 for H×W×C tensors, 2 once flat. */
function ranks(nodes: readonly LayerNode[]): Map<string, number> {
  const rank = new Map<string, number>();
  // Layers are listed in call order, so one pass settles most; repeat while passes make progress.
  for (let changed = true; changed; ) {
    changed = false;
    for (const n of nodes) {
      const r = n.type === 'input' ? 4 : n.type === 'flatten' || n.type === 'global_avg_pool' ? 2 : rank.get(n.inputs[0] ?? '');
      if (r !== undefined && !rank.has(n.name)) {
        rank.set(n.name, r);
        changed = true;
      }
    }
  }
  return rank;
}

/** BatchNormalization and Concatenate must act on the channel axis: -1, or the last axis written positively. */
function checkChannelAxes(b: Builder): void {
  const rank = ranks(b.nodes);
  for (const check of b.axisChecks) {
    const node = b.nodes.find((n) => n.name === check.layer);
    const r = rank.get(node?.inputs[0] ?? '');
    // Without a known input rank, only a channels-first looking axis (0 is the batch) can be ruled out safely.
    const ok = r === undefined ? [-1, 1, 3].includes(check.axis) : (check.axis < 0 ? check.axis + r : check.axis) === r - 1;
    if (!ok) {
      b.diagnostics.push(error('unsupported-axis', `'${check.layer}': axis ${check.axis} is not the channel axis; only channels-last layers (axis -1) are supported`, rangeOf(check.node)));
    }
  }
}
