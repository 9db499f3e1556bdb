/** `netadjust apply <model-file> --run RUN [--out FILE]`: write a run's adjusted widths into the model file. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyProposal, runProposal } from '../engine/runs/adjusted.js';
import { writeTextAtomic } from '../engine/runs/atomic.js';
import { CliError, EXIT_BAD_INPUT } from './errors.js';
import { openRunArg } from './runArg.js';

export interface ApplyOptions {
  readonly run: string;
  readonly out?: string;
  readonly workspace?: string;
}

export function runApply(modelFile: string, options: ApplyOptions, out: NodeJS.WritableStream = process.stdout): void {
  const store = openRunArg(options.run, path.resolve(options.workspace ?? '.'));
  const proposal = runProposal(store);
  if (!proposal) {
    throw new CliError(`run ${store.runId} has not completed an iteration yet: nothing to apply`, EXIT_BAD_INPUT);
  }
  const text = readText(modelFile);
  const result = applyProposal(store, modelFile, text, proposal);
  if (!result.ok) {
    throw new CliError(result.message, EXIT_BAD_INPUT);
  }
  const target = options.out ?? modelFile;
  writeTextAtomic(target, result.text);
  const source = proposal.source === 'report' ? 'the adjusted network' : `iteration ${proposal.iteration}'s proposal (the run is not finished)`;
  out.write(`wrote ${source} of run ${store.runId} to ${target}\n`);
  for (const [name, was] of Object.entries(store.manifest.originalWidths)) {
    const now = proposal.widths[name];
    if (now !== undefined && now !== was) {
      out.write(`  ${name}: ${was} → ${now}\n`);
    }
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, EXIT_BAD_INPUT);
  }
}
