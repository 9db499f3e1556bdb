/**
 * Naming, wiring and expanding the read items into the graph's nodes. A layer takes input only from layers above
 * it, so the file reads top to bottom and cannot form cycles; every problem is reported at the written text and
 * repaired (renamed, rewired to the previous layer) so that the rest of the file is still analysed.
 */
import { error } from '../diagnostics.js';
import type { LayerNode, ResidualMode, WidthVariable } from '../graph.js';
import { expandItem, type Expansion } from './expand.js';
import type { ItemSpec } from './spec.js';
import { didYouMean } from './suggest.js';
import type { Reading, Ref } from './values.js';

export const INPUT_NODE = 'input';

export interface Assembled {
  readonly nodes: LayerNode[];
  readonly widths: WidthVariable[];
  /** The last layer's output node. */
  readonly output: string;
}

export function assemble(r: Reading, items: readonly ItemSpec[], input: LayerNode, residual: ResidualMode): Assembled {
  const names = defaultNames(items);
  const nodes: LayerNode[] = [input];
  const widths: WidthVariable[] = [];
  const taken = new Set([INPUT_NODE]);
  // Item name → its output node; `from` names items (or, failing that, any node above).
  const outputs = new Map([[INPUT_NODE, INPUT_NODE]]);
  const everyName = new Set(names);
  let previous = INPUT_NODE;
  items.forEach((item, i) => {
    const inputs = resolveInputs(r, item, { outputs, taken, everyName, own: names[i]! }, previous);
    const name = uniqueName(r, item, names[i]!, outputs, taken);
    const exp = expandUnique(r, item, name, inputs, residual, taken);
    exp.nodes.forEach((n) => taken.add(n.name));
    nodes.push(...exp.nodes);
    widths.push(...exp.widths);
    outputs.set(exp.name, exp.output);
    previous = exp.output;
  });
  return { nodes, widths, output: previous };
}

/** Written names, and `<type><index>` (made unique) for items without one. */
function defaultNames(items: readonly ItemSpec[]): string[] {
  const written = new Set(items.map((it) => it.name).filter((n): n is string => n !== undefined));
  const used = new Set<string>();
  return items.map((it) => {
    let name = it.name;
    if (name === undefined) {
      const base = `${it.type}${it.index}`;
      name = base;
      for (let k = 2; written.has(name) || used.has(name) || name === INPUT_NODE; k++) {
        name = `${base}_${k}`;
      }
    }
    used.add(name);
    return name;
  });
}

/** A name already used is reported at the second use and replaced by a fresh one, so both layers stay in the graph. */
function uniqueName(r: Reading, item: ItemSpec, name: string, outputs: Map<string, string>, taken: Set<string>): string {
  if (!outputs.has(name) && !taken.has(name)) {
    return name;
  }
  const why = name === INPUT_NODE ? `'${INPUT_NODE}' is the name of the model's input` : `a layer named '${name}' is already defined above`;
  r.diagnostics.push(error('duplicate-name', `${why}; layer names must be unique`, item.nameRange ?? item.range));
  return fresh(name, item, outputs, taken);
}

function fresh(name: string, item: ItemSpec, outputs: Map<string, string>, taken: Set<string>): string {
  let candidate = `${name}~${item.index}`;
  for (let k = 2; outputs.has(candidate) || taken.has(candidate); k++) {
    candidate = `${name}~${item.index}_${k}`;
  }
  return candidate;
}

/** Expands the item; when a node it creates (e.g. `stage1.0.inner`) clashes with an earlier one, renames the item. */
function expandUnique(r: Reading, item: ItemSpec, name: string, inputs: readonly string[], residual: ResidualMode, taken: Set<string>): Expansion & { name: string } {
  const exp = expandItem(item, name, inputs, residual);
  const clash = exp.nodes.find((n) => taken.has(n.name));
  if (clash === undefined) {
    return { ...exp, name };
  }
  r.diagnostics.push(error('duplicate-name', `'${name}' creates a layer named '${clash.name}', which is already defined above`, item.nameRange ?? item.range));
  const renamed = fresh(name, item, new Map(), new Set([...taken, ...exp.nodes.map((n) => n.name)]));
  return { ...expandItem(item, renamed, inputs, residual), name: renamed };
}

/** What a `from` can name: items above (by name), nodes above, and for messages every item and the item itself. */
interface Scope {
  readonly outputs: ReadonlyMap<string, string>;
  readonly taken: ReadonlySet<string>;
  readonly everyName: ReadonlySet<string>;
  readonly own: string;
}

/** The item's input nodes: its `from`, or the previous item's output (also in place of a bad reference). */
function resolveInputs(r: Reading, item: ItemSpec, scope: Scope, previous: string): string[] {
  if (item.from === undefined || item.from.length === 0) {
    return [previous];
  }
  return item.from.map((ref) => resolveRef(r, ref, scope) ?? previous);
}

function resolveRef(r: Reading, ref: Ref, scope: Scope): string | undefined {
  const out = scope.outputs.get(ref.name);
  if (out !== undefined) {
    return out;
  }
  if (scope.taken.has(ref.name)) {
    return ref.name;
  }
  r.diagnostics.push(error('unknown-reference', referenceMessage(ref.name, scope), ref.range));
  return undefined;
}

function referenceMessage(name: string, scope: Scope): string {
  if (name === scope.own) {
    return `a layer cannot take its own output as input`;
  }
  if (scope.everyName.has(name)) {
    return `'${name}' is defined further down; a layer can only take input from layers above it`;
  }
  return `no layer above is named '${name}'.${didYouMean(name, scope.outputs.keys())}`;
}

