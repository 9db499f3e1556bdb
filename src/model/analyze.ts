/**
 * Analysis of a model graph: order, shapes, coupling groups and cost polynomials, with a diagnostic for everything
 * that does not fit. A partly broken graph is still analysed as far as its inputs allow.
 */
import { evaluate, variablesOf, type ChannelExpr, type Widths } from './channels.js';
import { NO_COST, type LayerCostTerms } from './cost.js';
import { error, warning, type ModelDiagnostic } from './diagnostics.js';
import type { LayerNode, ModelGraph, WidthVariable } from './graph.js';
import { inferLayer } from './layers.js';
import type { TensorShape } from './shapes.js';
import { MinHeap } from './minHeap.js';
import { UnionFind } from './unionFind.js';

/** Width variables that must stay equal, and whether the search may move them. */
export interface WidthGroup {
  /** The first member's name, in graph order. */
  readonly id: string;
  readonly members: readonly string[];
  /** The width as written (the first member's value when the file disagrees with itself). */
  readonly value: number;
  readonly searchable: boolean;
  /** Least common multiple of the members' divisors. */
  readonly divisor: number;
}

export interface LayerAnalysis {
  readonly node: LayerNode;
  /** Undefined when the layer's inputs or attributes did not allow inference. */
  readonly shape?: TensorShape;
  readonly cost: LayerCostTerms;
  /** The coupling group of the layer's output width, when it is set by a width variable. */
  readonly group: string | null;
}

export interface ModelAnalysis {
  readonly graph: ModelGraph;
  /** Layers in topological order (file order where the graph allows). */
  readonly layers: readonly LayerAnalysis[];
  readonly groups: readonly WidthGroup[];
  /** Width-variable name → group id. */
  readonly groupOf: Readonly<Record<string, string>>;
  /** The widths as written, one value per variable (coupled members share their group's value). */
  readonly widths: Widths;
  readonly diagnostics: readonly ModelDiagnostic[];
}

export function analyzeGraph(graph: ModelGraph): ModelAnalysis {
  const diagnostics: ModelDiagnostic[] = [];
  const byName = indexNodes(graph, diagnostics);
  const order = topologicalOrder(byName, new Set(graph.unresolved), diagnostics);
  const variables = new Map(graph.widths.map((w) => [w.name, w]));
  const coupling = new UnionFind();
  graph.widths.forEach((w) => coupling.add(w.name));
  const fixedConstants = new Map<string, number>();
  checkWidthVariables(graph, variables, diagnostics);

  const shapes = new Map<string, TensorShape>();
  const layers: LayerAnalysis[] = [];
  for (const node of order) {
    const inputs = node.inputs.map((name) => shapes.get(name));
    if (inputs.some((s) => s === undefined)) {
      layers.push({ node, cost: NO_COST, group: null });
      continue;
    }
    const known = inputs as TensorShape[];
    const inferred = inferLayer(node, known);
    if (!inferred.ok) {
      diagnostics.push(error(inferred.code, inferred.message, node.range));
      layers.push({ node, cost: NO_COST, group: null });
      continue;
    }
    coupleLayer(node, known, variables, coupling, fixedConstants, diagnostics);
    shapes.set(node.name, inferred.shape);
    layers.push({ node, shape: inferred.shape, cost: inferred.cost, group: null });
  }

  const groups = buildGroups(graph, coupling, fixedConstants, outputWidths(graph, byName), diagnostics);
  const groupOf: Record<string, string> = {};
  const widths: Record<string, number> = {};
  for (const g of groups) {
    for (const m of g.members) {
      groupOf[m] = g.id;
      widths[m] = g.value;
    }
  }
  const withGroups = layers.map((l) => ({ ...l, group: layerGroup(l, groupOf) }));
  return { graph, layers: withGroups, groups, groupOf, widths, diagnostics };
}

function checkWidthVariables(graph: ModelGraph, variables: Map<string, WidthVariable>, diagnostics: ModelDiagnostic[]): void {
  for (const w of graph.widths) {
    if (!Number.isInteger(w.value) || w.value <= 0) {
      diagnostics.push(error('bad-width', `the width of '${w.name}' must be a positive whole number of channels, not ${w.value}`, w.literal?.range));
    } else if (w.value % w.divisor !== 0) {
      diagnostics.push(error('bad-width', `the width of '${w.name}' (${w.value}) must be a multiple of ${w.divisor}, its group count`, w.literal?.range));
    }
  }
  for (const node of graph.nodes) {
    if (node.width !== undefined && !variables.has(node.width)) {
      diagnostics.push(error('internal', `'${node.name}' refers to an unknown width variable '${node.width}'`, node.range));
    }
  }
}

function indexNodes(graph: ModelGraph, diagnostics: ModelDiagnostic[]): Map<string, LayerNode> {
  const byName = new Map<string, LayerNode>();
  for (const node of graph.nodes) {
    if (byName.has(node.name)) {
      diagnostics.push(error('duplicate-name', `a layer named '${node.name}' is already defined`, node.range));
      continue;
    }
    byName.set(node.name, node);
  }
  return byName;
}

/** Kahn's algorithm, stable in file order; reports unknown references and cycles. */
function topologicalOrder(byName: Map<string, LayerNode>, reported: ReadonlySet<string>, diagnostics: ModelDiagnostic[]): LayerNode[] {
  const nodes = [...byName.values()];
  const pending = new Map<string, number>();
  const consumers = new Map<string, string[]>();
  for (const node of nodes) {
    let missing = 0;
    for (const input of node.inputs) {
      if (!byName.has(input)) {
        if (reported.has(input)) {
          continue;
        }
        diagnostics.push(error('unknown-reference', `'${node.name}' takes input from '${input}', but no layer has that name`, node.range));
        continue;
      }
      missing++;
      consumers.set(input, [...(consumers.get(input) ?? []), node.name]);
    }
    pending.set(node.name, missing);
  }
  // Ready nodes leave in file order: a min-heap on their position keeps this O(n log n) for large networks.
  const position = new Map(nodes.map((n, i) => [n.name, i]));
  const ready = new MinHeap<LayerNode>((a, b) => position.get(a.name)! - position.get(b.name)!);
  nodes.filter((n) => pending.get(n.name) === 0).forEach((n) => ready.push(n));
  const order: LayerNode[] = [];
  const placed = new Set<string>();
  for (let node = ready.pop(); node !== undefined; node = ready.pop()) {
    order.push(node);
    placed.add(node.name);
    for (const c of consumers.get(node.name) ?? []) {
      const left = pending.get(c)! - 1;
      pending.set(c, left);
      if (left === 0) {
        ready.push(byName.get(c)!);
      }
    }
  }
  for (const node of nodes.filter((n) => !placed.has(n.name))) {
    diagnostics.push(error('cycle', `'${node.name}' is part of a cycle: its inputs depend on its own output`, node.range));
  }
  return order;
}

/** Unites widths that must stay equal: tied residual adds and grouped convolutions. */
function coupleLayer(
  node: LayerNode,
  inputs: readonly TensorShape[],
  variables: Map<string, WidthVariable>,
  coupling: UnionFind,
  fixedConstants: Map<string, number>,
  diagnostics: ModelDiagnostic[],
): void {
  if (node.type === 'add' && node.attrs.mode === 'tie') {
    const anchors = inputs.map((s) => couplingAnchor(s.channels));
    const vars = anchors.filter((a): a is { var: string } => a !== null && 'var' in a).map((a) => a.var);
    const consts = anchors.filter((a): a is { value: number } => a !== null && 'value' in a).map((a) => a.value);
    if (anchors.some((a) => a === null)) {
      diagnostics.push(warning('cannot-tie', `'${node.name}' ties inputs whose widths are not single layers' widths; they are zero-padded instead`, node.range));
    }
    vars.slice(1).forEach((v) => coupling.union(vars[0]!, v));
    if (consts.length > 0 && vars.length > 0) {
      fixedConstants.set(vars[0]!, consts[0]!);
    }
    return;
  }
  if (node.type === 'conv2d' && node.attrs.groups > 1 && node.width) {
    const anchor = couplingAnchor(inputs[0]!.channels);
    const own = variables.get(node.width);
    const other = anchor && 'var' in anchor ? variables.get(anchor.var) : undefined;
    // A grouped convolution that keeps its width (ResNeXt) moves with its input; one that changes it only
    // constrains both widths to multiples of the group count.
    if (own && other && own.value === other.value) {
      coupling.union(other.name, own.name);
    }
  }
}

function couplingAnchor(expr: ChannelExpr): { var: string } | { value: number } | null {
  if (expr.kind === 'var') {
    return { var: expr.name };
  }
  if (expr.kind === 'const') {
    return { value: expr.value };
  }
  if (expr.kind === 'scale' && expr.factor === 1) {
    return couplingAnchor(expr.arg);
  }
  return null;
}

/** The width variables that set the network's output size (the classifier): never searchable. */
function outputWidths(graph: ModelGraph, byName: Map<string, LayerNode>): Set<string> {
  const fixed = new Set<string>();
  const channelPreserving = new Set(['activation', 'batch_norm', 'dropout', 'flatten', 'global_avg_pool']);
  for (const out of graph.outputs) {
    let node = byName.get(out);
    while (node && !node.width && channelPreserving.has(node.type) && node.inputs.length === 1) {
      node = byName.get(node.inputs[0]!);
    }
    if (node?.width) {
      fixed.add(node.width);
    }
  }
  return fixed;
}

function buildGroups(
  graph: ModelGraph,
  coupling: UnionFind,
  fixedConstants: Map<string, number>,
  outputs: Set<string>,
  diagnostics: ModelDiagnostic[],
): WidthGroup[] {
  const members = new Map<string, WidthVariable[]>();
  for (const w of graph.widths) {
    const root = coupling.find(w.name);
    members.set(root, [...(members.get(root) ?? []), w]);
  }
  const fixedRoots = new Set([...fixedConstants.keys()].map((v) => coupling.find(v)));
  return [...members.values()].map((vars) => {
    const first = vars[0]!;
    const constant = [...fixedConstants].find(([v]) => coupling.find(v) === coupling.find(first.name))?.[1];
    const value = constant ?? first.value;
    for (const v of vars) {
      if (v.value !== value) {
        diagnostics.push(error('coupled-mismatch', `'${v.name}' is ${v.value} channels wide but is coupled to '${first.name}', which is ${value}; coupled widths must be equal`, v.literal?.range));
      }
    }
    const divisor = vars.reduce((acc, v) => lcm(acc, v.divisor), 1);
    const searchable = !fixedRoots.has(coupling.find(first.name)) && vars.every((v) => v.searchable && !outputs.has(v.name));
    return { id: first.name, members: vars.map((v) => v.name), value, searchable, divisor };
  });
}

function layerGroup(layer: LayerAnalysis, groupOf: Record<string, string>): string | null {
  if (layer.node.width) {
    return groupOf[layer.node.width] ?? null;
  }
  // A depthwise convolution has no width of its own: it moves with the layer that feeds it.
  if (layer.node.type === 'depthwise_conv2d' && layer.shape) {
    const vars = variablesOf(layer.shape.channels);
    return vars.length === 1 ? (groupOf[vars[0]!] ?? null) : null;
  }
  return null;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

/** The output channels of a layer at the given widths, or null when its shape is unknown. */
export function outChannels(layer: LayerAnalysis, widths: Widths): number | null {
  return layer.shape ? evaluate(layer.shape.channels, widths) : null;
}
