/** `netadjust adjust <model-file> …`: run a search in the engine process and show its progress. */
import path from 'node:path';
import { EngineClient } from '../engineClient/client.js';
import * as protocol from '../protocol/engine.js';
import type { EngineChoice, SearchSettings } from '../protocol/settings.js';
import type { CompareSpec, DatasetRef } from '../protocol/types.js';
import { jsonReporter, textReporter, type AdjustReporter } from './adjustReporter.js';
import { CliError, EXIT_BAD_INPUT, EXIT_FAILURE } from './errors.js';
import { resolveRunDir } from './runArg.js';

export interface AdjustOptions {
  readonly data?: string;
  readonly dataFormat?: DatasetRef['format'];
  readonly engine?: EngineChoice;
  readonly resume?: string;
  readonly json?: boolean;
  readonly workspace?: string;
  readonly settings: Partial<SearchSettings>;
  /** `netadjust compare`: the baselines to train next to the adjusted network. */
  readonly compare?: CompareSpec;
}

/** Exit code of a run cancelled with Ctrl-C, as shells expect after SIGINT. */
export const EXIT_CANCELLED = 130;

export async function runAdjust(modelFile: string, options: AdjustOptions): Promise<number> {
  const workspace = path.resolve(options.workspace ?? '.');
  const reporter: AdjustReporter = options.json ? jsonReporter(process.stdout) : textReporter(process.stderr, Boolean(process.stderr.isTTY));
  const { client, init } = await startEngine(options.engine);
  try {
    return await followRun(client, reporter, `${init.engine.engine} on ${init.engine.backend}; ${init.engine.reason}`, {
      modelFile: path.resolve(modelFile),
      workspace,
      ...(options.data ? { dataset: { path: path.resolve(options.data), ...(options.dataFormat ? { format: options.dataFormat } : {}) } as DatasetRef } : {}),
      settings: options.settings,
      ...(options.resume ? { resume: resolveRunDir(options.resume, workspace) } : {}),
      ...(options.engine ? { engine: options.engine } : {}),
      ...(options.compare ? { compare: options.compare } : {}),
    });
  } finally {
    await client.dispose();
  }
}

async function startEngine(engine: EngineChoice | undefined): Promise<{ client: EngineClient; init: protocol.InitializeResult }> {
  try {
    // dist/cli.js and dist/engine.js are built side by side.
    const onOutput = (line: string) => process.stderr.write(`engine: ${line}\n`);
    return await EngineClient.start({ enginePath: path.join(__dirname, 'engine.js'), onOutput, ...(engine ? { engine } : {}) });
  } catch (e) {
    throw new CliError(`cannot start the engine: ${(e as Error).message}`, EXIT_FAILURE);
  }
}

/** Starts the run and resolves with the exit code once it has ended; Ctrl-C cancels it (twice: stops at once). */
async function followRun(client: EngineClient, reporter: AdjustReporter, engine: string, params: protocol.StartParams): Promise<number> {
  const c = client.connection;
  let runDir = '';
  let runId: string | undefined;
  const ended = new Promise<protocol.RunEndParams>((resolve) => c.onNotification(protocol.runEnded, resolve));
  c.onNotification(protocol.progress, (e) => reporter.progress(e));
  c.onNotification(protocol.iteration, (p) => reporter.iteration(p));
  c.onNotification(protocol.report, (r) => reporter.report(r));
  c.onNotification(protocol.log, (p) => reporter.log(p));
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1 && runId) {
      process.stderr.write('\ncancelling (Ctrl-C again to stop at once)…\n');
      void client.cancel(runId).catch(() => undefined);
    } else {
      void client.dispose(0).then(() => process.exit(EXIT_CANCELLED));
    }
  };
  process.on('SIGINT', onSigint);
  try {
    const started = await client.start(params).catch((e: Error) => {
      throw new CliError(e.message, EXIT_BAD_INPUT);
    });
    runId = started.runId;
    runDir = started.runDir;
    reporter.started(started.runId, started.runDir, engine);
    const end = await Promise.race([ended, client.whenExited().then((code) => ({ runId: started.runId, state: 'failed' as const, message: `the engine process ended unexpectedly (exit code ${code}); resume with --resume ${started.runId}` }))]);
    reporter.ended(end, runDir);
    if (end.state === 'failed') {
      throw new CliError(end.message ?? 'the run failed', EXIT_FAILURE);
    }
    return end.state === 'cancelled' ? EXIT_CANCELLED : 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
