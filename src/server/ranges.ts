/** Source offsets → LSP positions and ranges. */
import type { Position, Range } from 'vscode-languageserver';
import type { LineIndex, SourceRange } from '../model/source.js';

export function lspRange(lines: LineIndex, range: SourceRange): Range {
  return { start: lines.position(range.start), end: lines.position(range.end) };
}

/** An empty range at the start of the line holding `offset`: where a CodeLens above that line goes. */
export function lineStart(lines: LineIndex, offset: number): Range {
  const { line } = lines.position(offset);
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}

/** Whether `pos` lies in `range` (ends inclusive). */
export function contains(range: Range, pos: Position): boolean {
  const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(pos, range.start) && after(range.end, pos);
}
