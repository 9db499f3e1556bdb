/**
 * Writes widths back into Keras / TensorFlow.js model JSON: each changed width replaces exactly its `filters` or
 * `units` number literal, so every other byte of the file (formatting, weights manifest, key order) stays as it was.
 */
import type { TextEdit } from '../format.js';
import type { ModelGraph } from '../graph.js';

/**
 * One edit per width variable whose value in `widths` differs from the file's. Throws when a value is not a
 * positive integer or when `text` no longer holds the literal the graph was read from (a stale graph), since
 * writing either would corrupt the model.
 */
export function kerasWidthEdits(text: string, graph: ModelGraph, widths: Readonly<Record<string, number>>): TextEdit[] {
  if (graph.format !== 'keras-json') {
    throw new Error(`kerasWidthEdits was given a ${graph.format} graph`);
  }
  const edits: TextEdit[] = [];
  for (const w of graph.widths) {
    const value = widths[w.name];
    if (value === undefined || value === w.value) {
      continue;
    }
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`the width of '${w.name}' must be a positive whole number, not ${value}`);
    }
    if (!w.literal) {
      throw new Error(`'${w.name}' has no literal in the file to rewrite`);
    }
    const { start, end } = w.literal.range;
    if (Number(text.slice(start, end)) !== w.value) {
      throw new Error(`the text at the literal of '${w.name}' is no longer ${w.value}; re-read the file before writing widths`);
    }
    edits.push({ range: w.literal.range, newText: String(value) });
  }
  return edits;
}
