/** A stable hash of what a search depends on in a model: its structure and its widths, not its formatting. */
import { createHash } from 'node:crypto';
import type { ModelGraph } from '../../model/graph.js';

/**
 * SHA-256 of the graph's layers (name, type, inputs, attributes, width variable), width variables (value,
 * searchability, divisor), input shape and outputs. Source positions, comments and the model's name do not count:
 * reformatting the file does not block a resume, changing a layer or a width does.
 */
export function modelFingerprint(graph: ModelGraph): string {
  const structure = {
    input: graph.input,
    outputs: graph.outputs,
    nodes: graph.nodes.map((n) => ({ name: n.name, type: n.type, inputs: n.inputs, attrs: n.attrs, width: n.width ?? null })),
    widths: graph.widths.map((w) => ({ name: w.name, value: w.value, searchable: w.searchable, divisor: w.divisor })),
  };
  return createHash('sha256').update(stableStringify(structure)).digest('hex');
}

/** JSON with object keys sorted, so equal structures hash equally whatever order their keys were built in. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
