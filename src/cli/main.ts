/** The `netadjust` command line. Every failure ends as one message on stderr and a non-zero exit code. */
import { Command, CommanderError } from 'commander';
import { runAdjust } from './adjust.js';
import { runAnalyze } from './analyze.js';
import { runApply } from './apply.js';
import { methodsFromFlag, settingsFromFlags, type AdjustFlags } from './adjustFlags.js';
import { BASELINE_METHODS } from '../protocol/types.js';
import { CliError, EXIT_BAD_INPUT, EXIT_FAILURE } from './errors.js';
import { VERSION } from '../version.js';

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

  searchOptions(
    program
      .command('adjust')
      .description('run Network Adjustment: search per-layer widths at constant MACs, then train the original and adjusted networks and compare')
      .argument('<model-file>', 'the model to adjust')
      .option('--target-macs <budget>', 'shrink to a MAC budget: a ratio of the original in (0, 1] (e.g. 0.5) or a count (e.g. 20M, 1.5G); the network is scaled uniformly to it first, then adjusted at it, and the final phase also trains the uniformly scaled network'),
  ).action(async (file: string, flags: AdjustFlags) => {
    process.exitCode = await runAdjust(file, { ...flags, settings: settingsFromFlags(flags) });
  });

  searchOptions(
    program
      .command('compare')
      .description('adjust the model at a budget and train, at the same budget, uniform width scaling and the L1, CHIP and HRel pruning baselines; one report and one chart of them all')
      .argument('<model-file>', 'the model to compare methods on')
      .option('--target-macs <budget>', 'the budget (required, except with --resume): a ratio of the original in (0, 1] (e.g. 0.5 for half the MACs) or a count (e.g. 20M)')
      .option('--methods <list>', `baselines, comma-separated: ${BASELINE_METHODS.join(',')} (default: all)`),
  ).action(async (file: string, flags: AdjustFlags & { methods?: string }) => {
    if (flags.targetMacs === undefined && flags.resume === undefined) {
      throw new CliError('compare needs a budget: --target-macs 0.5 (half the MACs) or a MAC count such as --target-macs 20M', EXIT_BAD_INPUT);
    }
    const compare = { methods: methodsFromFlag(flags.methods) };
    process.exitCode = await runAdjust(file, { ...flags, settings: settingsFromFlags(flags), compare });
  });

  program
    .command('apply')
    .description("write a run's adjusted widths into the model file (only the width literals change)")
    .argument('<model-file>', 'the model file the run started from')
    .requiredOption('--run <run>', 'the run: its id, its folder, or "latest"')
    .option('--out <file>', 'write the result here instead of over the model file')
    .option('--workspace <dir>', 'folder that holds .netadjust/runs (default: the current folder)')
    .action((file: string, options: { run: string; out?: string; workspace?: string }) => runApply(file, options));

  return program;
}

/** The flags `adjust` and `compare` share. */
function searchOptions(command: Command): Command {
  return command
    .option('--data <path>', "dataset folder (default: the model file's dataset.path)")
    .option('--data-format <format>', 'idx | cifar10 | cifar100 | folder (default: from the model file, else guessed)')
    .option('--iterations <n>', 'adjustment iterations')
    .option('--epochs <n>', 'training epochs per iteration')
    .option('--final-epochs <n>', 'epochs of the final trainings (and of the pruned networks\' fine-tuning)')
    .option('--batch-size <n>', 'training batch size')
    .option('--lr <rate>', 'initial learning rate (cosine-annealed)')
    .option('--seed <n>', 'random seed (the same seed gives the same widths)')
    .option('--max-train-images <n>', 'use only the first N training images (0: all)')
    .option('--max-test-images <n>', 'use only the first N test images (0: all)')
    .option('--budget <kind>', 'macs | latency: what the budget counts (latency: measured per layer on the engine, cached per machine)')
    .option('--distill <weight>', 'also train the adjusted network with the trained original as teacher, soft-label weight α in (0, 1]')
    .option('--set <key=value...>', 'any other search setting, e.g. --set probeRepeats=3')
    .option('--engine <engine>', 'auto | tfjs | torch (auto: tfjs-node-gpu with a GPU, else PyTorch if importable, else tfjs)', 'auto')
    .option('--resume <run>', 'continue a cancelled or killed run (its id, folder, or "latest") from its last completed iteration')
    .option('--workspace <dir>', 'folder that holds .netadjust/runs (default: the current folder)')
    .option('--json', 'JSON lines on stdout instead of a progress bar');
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    process.exitCode = 0;
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
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
