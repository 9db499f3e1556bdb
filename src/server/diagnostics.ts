/** Model diagnostics → LSP diagnostics, with the exact ranges the readers and the analysis report. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Severity } from '../model/diagnostics.js';
import type { DocumentAnalysis } from './analysisCache.js';
import { lspRange } from './ranges.js';

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** One LSP diagnostic per model diagnostic; one without a place in the text goes at the start of the file. */
export function computeDiagnostics(a: DocumentAnalysis): Diagnostic[] {
  return a.model.diagnostics.map((d) => ({
    range: lspRange(a.lines, d.range ?? { start: 0, end: 0 }),
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: 'netadjust',
    message: d.message,
  }));
}
