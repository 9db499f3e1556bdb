/** The `netadjust` command line. Every failure ends as one message on stderr and a non-zero exit code. */
import { Command, CommanderError } from 'commander';
import { runAnalyze } from './analyze.js';
import { CliError, EXIT_BAD_INPUT, EXIT_FAILURE } from './errors.js';
import { VERSION } from './version.js';

export function buildProgram(): Command {
  const program = new Command()
    .name('netadjust')
    .description('Analyse convolutional networks and adjust their channel widths at constant FLOPs (Network Adjustment).')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError();

  program
    .command('analyze')
    .description('per-layer MACs, parameters, searchable widths and coupling groups of a model file')
    .argument('<file>', 'a *.netadj.yaml file, a TensorFlow.js model.json or a Keras model.to_json() file')
    .option('--json', 'print the analysis as JSON')
    .action((file: string, options: { json?: boolean }) => runAnalyze(file, options));

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}

function reportFailure(e: unknown): number {
  if (e instanceof CommanderError) {
    // Commander has already printed the usage problem; help and version requests end here too.
    return e.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  }
  if (e instanceof CliError) {
    process.stderr.write(`netadjust: ${e.message}\n`);
    return e.exitCode;
  }
  process.stderr.write(`netadjust: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env['NETADJUST_DEBUG']) {
    process.stderr.write(`${e instanceof Error ? e.stack : ''}\n`);
  }
  return EXIT_FAILURE;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
