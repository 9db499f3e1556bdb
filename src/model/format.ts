/** What every model-file reader returns and every width writer takes. */
import type { ModelDiagnostic } from './diagnostics.js';
import type { ModelGraph } from './graph.js';
import type { SourceRange } from './source.js';

/**
 * A reader's result. `graph` is present whenever anything could be read, even with errors, so that a partly broken
 * file is still analysed as far as possible; it is absent only when nothing usable was found.
 */
export interface ParseResult {
  readonly graph?: ModelGraph;
  readonly diagnostics: readonly ModelDiagnostic[];
}

/** Replace the text in `range` with `newText`; ranges of one edit list never overlap. */
export interface TextEdit {
  readonly range: SourceRange;
  readonly newText: string;
}

/** Applies non-overlapping edits to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start);
  let out = text;
  for (const e of sorted) {
    out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  }
  return out;
}
