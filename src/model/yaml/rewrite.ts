/**
 * Writing widths back into a `*.netadj.yaml` file. Only width literals change; comments, spacing and every other
 * byte stay as written, so a search result reads as a small diff of the user's own file.
 */
import type { TextEdit } from '../format.js';
import type { ModelGraph } from '../graph.js';
import type { SourceRange } from '../source.js';

/** Every variable that one written literal sets (several for a scalar shared by a stage's blocks). */
interface LiteralUse {
  readonly range: SourceRange;
  readonly count: number;
  /** New value by block index. */
  readonly values: Map<number, number>;
  /** Whether any of them changes. */
  changed: boolean;
}

/**
 * Edits that give every width variable its value in `widths` (variables not listed keep theirs). A shared scalar
 * whose instances now differ becomes a flow list `[a, b, c]` in its place; re-reading the result gives exactly
 * the assigned widths.
 */
export function yamlWidthEdits(text: string, graph: ModelGraph, widths: Readonly<Record<string, number>>): TextEdit[] {
  const uses = new Map<string, LiteralUse>();
  for (const w of graph.widths) {
    if (w.literal === undefined) {
      continue;
    }
    const { range, shared } = w.literal;
    const key = `${range.start}:${range.end}`;
    const use = uses.get(key) ?? { range, count: shared?.count ?? 1, values: new Map(), changed: false };
    const value = Math.round(widths[w.name] ?? w.value);
    use.values.set(shared?.index ?? 0, value);
    use.changed ||= value !== w.value;
    uses.set(key, use);
  }
  const edits: TextEdit[] = [];
  for (const use of uses.values()) {
    // An alias (`*w`) is always replaced: its anchor's literal may change under it.
    if (use.changed || text.startsWith('*', use.range.start)) {
      edits.push({ range: use.range, newText: literalText(use) });
    }
  }
  return edits;
}

function literalText(use: LiteralUse): string {
  const first = use.values.get(0) ?? [...use.values.values()][0]!;
  // Instances the graph does not list (none, for a graph read from this text) keep the first one's value.
  const values = Array.from({ length: use.count }, (_, i) => use.values.get(i) ?? first);
  return values.every((v) => v === first) ? String(first) : `[${values.join(', ')}]`;
}
