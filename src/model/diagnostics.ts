import { LineIndex, type SourceRange } from './source.js';

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in a model file: what and where. `range` is absent only when the cause has no place in the text. */
export interface ModelDiagnostic {
  readonly severity: Severity;
  /** A stable machine-readable code, e.g. `unknown-layer-type`. */
  readonly code: string;
  readonly message: string;
  readonly range?: SourceRange;
}

export function error(code: string, message: string, range?: SourceRange): ModelDiagnostic {
  return range ? { severity: 'error', code, message, range } : { severity: 'error', code, message };
}

export function warning(code: string, message: string, range?: SourceRange): ModelDiagnostic {
  return range ? { severity: 'warning', code, message, range } : { severity: 'warning', code, message };
}

export function hasErrors(diagnostics: readonly ModelDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:col: severity: message`, the format compilers use and editors link. Lines and columns are 1-based. */
export function formatDiagnostic(file: string, lines: LineIndex, d: ModelDiagnostic): string {
  const where = d.range ? lines.position(d.range.start) : { line: 0, character: 0 };
  return `${file}:${where.line + 1}:${where.character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}
