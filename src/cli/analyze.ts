/** `netadjust analyze <file> [--json]`: per-layer MACs and parameters of a model file. */
import { summarize } from '../model/summary.js';
import { renderSummary } from '../model/summaryText.js';
import { CliError, EXIT_BAD_INPUT } from './errors.js';
import { readModelFile } from './readModel.js';

export interface AnalyzeOptions {
  readonly json?: boolean;
}

/**
 * Prints the analysis to stdout and diagnostics to stderr. A partly broken file still gets the analysis of what
 * could be read, then exit code 2.
 */
export function runAnalyze(file: string, options: AnalyzeOptions, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): void {
  const model = readModelFile(file);
  model.messages.forEach((m) => err.write(`${m}\n`));
  const analysis = model.loaded.analysis;
  if (analysis) {
    const summary = summarize(analysis);
    out.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${renderSummary(summary)}\n`);
  }
  if (model.hasErrors || !analysis) {
    throw new CliError(`${file}: the model has errors (listed above)`, EXIT_BAD_INPUT);
  }
}
