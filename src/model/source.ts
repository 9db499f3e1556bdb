/** Source positions in model files. Offsets are UTF-16 code-unit offsets into the file text. */

/** A half-open span `[start, end)` of the file text. */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

/** A zero-based line and character, as the Language Server Protocol counts them. */
export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

/** Maps offsets to line/character positions; built once per text, then each lookup is a binary search. */
export class LineIndex {
  private readonly lineStarts: number[];
  readonly text: string;

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /** Zero-based line and character of `offset` (clamped to the text). */
  position(offset: number): LinePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return { line: lo, character: clamped - (this.lineStarts[lo] ?? 0) };
  }

  /** Offset of a zero-based line/character position (clamped to the text). */
  offset(pos: LinePosition): number {
    const lineStart = this.lineStarts[Math.max(0, Math.min(pos.line, this.lineStarts.length - 1))] ?? 0;
    return Math.min(lineStart + Math.max(0, pos.character), this.text.length);
  }
}
