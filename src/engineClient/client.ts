/**
 * Starts the engine in its own process and talks to it over the typed protocol. Used by the CLI and the
 * extension alike: the engine never runs inside their process, so training cannot block an editor or a terminal.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import * as protocol from '../protocol/engine.js';
import type { EngineChoice } from '../protocol/settings.js';

export interface EngineClientOptions {
  /** Path of the bundled engine (`dist/engine.js`). */
  readonly enginePath: string;
  /** Extra environment for the engine process (e.g. a forced tfjs backend). */
  readonly env?: NodeJS.ProcessEnv;
  /** The engine the client means to use, so the answer to `initialize` names what it resolves to. */
  readonly engine?: EngineChoice;
  /** Where the engine's own stdout/stderr lines go (tfjs and Node warnings); never mixed into the protocol. */
  readonly onOutput?: (line: string) => void;
}

export class EngineClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private exited: Promise<number | null>;

  private constructor(child: ChildProcess, connection: MessageConnection) {
    this.child = child;
    this.connection = connection;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Forks the engine (no shell: arguments never pass through one) and agrees on the protocol version. */
  static async start(options: EngineClientOptions): Promise<{ client: EngineClient; init: protocol.InitializeResult }> {
    const child = fork(options.enginePath, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ...options.env },
    });
    forwardLines(child, options.onOutput);
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    const client = new EngineClient(child, connection);
    const failedToStart = client.exited.then((code) => {
      throw new Error(`the engine process exited (code ${code}) before it answered`);
    });
    const init = await Promise.race([connection.sendRequest(protocol.initialize, { protocolVersion: protocol.PROTOCOL_VERSION, ...(options.engine ? { engine: options.engine } : {}) }), failedToStart]);
    return { client, init };
  }

  start(params: protocol.StartParams): Promise<protocol.StartResult> {
    return this.connection.sendRequest(protocol.start, params);
  }

  cancel(runId: string): Promise<void> {
    return this.connection.sendRequest(protocol.cancel, { runId });
  }

  status(): Promise<protocol.StatusResult> {
    return this.connection.sendRequest(protocol.status);
  }

  /** Resolves with the process's exit code once it has ended. */
  whenExited(): Promise<number | null> {
    return this.exited;
  }

  /** Ends the engine process: politely first, then forcibly if it does not exit. */
  async dispose(graceMs = 3000): Promise<void> {
    this.connection.dispose();
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

function forwardLines(child: ChildProcess, sink: ((line: string) => void) | undefined): void {
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.filter((l) => l.trim() !== '').forEach((l) => sink?.(l));
    });
  }
}
