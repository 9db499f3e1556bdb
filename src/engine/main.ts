/**
 * The engine process: owns a search run and speaks the engine protocol (JSON-RPC over the IPC channel of its parent,
 * the extension or the CLI). Nothing is written to stdout as protocol; tfjs and Node warnings may go there freely.
 */
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, ResponseError } from 'vscode-jsonrpc/node';
import * as protocol from '../protocol/engine.js';
import { RunController } from './host/controller.js';
import { createTrainer, probeEngine } from './host/engines.js';

function main(): void {
  if (!process.send) {
    process.stderr.write('netadjust engine: start me with an IPC channel (the extension and the CLI do this)\n');
    process.exit(2);
  }
  const connection = createMessageConnection(new IPCMessageReader(process), new IPCMessageWriter(process));
  const controller = new RunController(
    {
      progress: (e) => void connection.sendNotification(protocol.progress, e),
      iteration: (p) => void connection.sendNotification(protocol.iteration, p),
      report: (r) => void connection.sendNotification(protocol.report, r),
      runEnded: (p) => void connection.sendNotification(protocol.runEnded, p),
      log: (p) => void connection.sendNotification(protocol.log, p),
    },
    createTrainer,
  );

  connection.onRequest(protocol.initialize, async (params) => {
    if (params.protocolVersion !== protocol.PROTOCOL_VERSION) {
      throw new ResponseError(1, `engine protocol ${protocol.PROTOCOL_VERSION}, client ${params.protocolVersion}: rebuild netadjust (npm run build)`);
    }
    return { protocolVersion: protocol.PROTOCOL_VERSION, engine: await probeEngine(params.engine ?? 'auto') };
  });
  connection.onRequest(protocol.start, (params) => asResponse(() => controller.start(params)));
  connection.onRequest(protocol.cancel, (params) => asResponse(() => controller.cancel(params.runId)));
  connection.onRequest(protocol.status, () => controller.status());

  // The parent went away (editor closed, CLI killed): stop the run cleanly so its folder stays consistent.
  process.on('disconnect', () => void controller.shutdown().finally(() => process.exit(0)));
  process.on('SIGTERM', () => void controller.shutdown().finally(() => process.exit(0)));
  // A bug outside any request: say so, stop the run (its folder stays resumable), and exit so the client notices.
  const crash = (e: unknown) => {
    void connection.sendNotification(protocol.log, { level: 'error', message: `engine crashed: ${e instanceof Error ? e.message : String(e)}` });
    setTimeout(() => process.exit(1), 3000).unref();
    void controller.shutdown().finally(() => process.exit(1));
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  connection.listen();
}

/** Failures become JSON-RPC errors whose message is meant for people (no stack). */
async function asResponse<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw new ResponseError(2, e instanceof Error ? e.message : String(e));
  }
}

main();
