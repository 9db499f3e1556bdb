/**
 * A minimal LSP client for tests: starts the compiled language server as a child process and speaks real LSP to
 * it over the child's stdio. It answers `workspace/configuration` from `settings` and counts refresh requests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { REPO_ROOT } from './cli.js';

/** The compiled server: out/src/server/main.js. */
export const SERVER_MAIN = path.join(REPO_ROOT, 'out', 'src', 'server', 'main.js');

export interface ClientSettings {
  codeLens: { enabled: boolean };
  inlayHints: { enabled: boolean };
}

export function exampleUri(relative: string): string {
  return pathToFileURL(path.join(REPO_ROOT, relative)).toString();
}

export function exampleText(relative: string): string {
  return readFileSync(path.join(REPO_ROOT, relative), 'utf8');
}

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcessWithoutNullStreams;
  settings: ClientSettings = { codeLens: { enabled: true }, inlayHints: { enabled: true } };
  readonly refreshes = { codeLens: 0, inlayHint: 0 };
  /** `window/logMessage` texts, e.g. errors the server logged. */
  readonly logs: string[] = [];
  stderr = '';
  private readonly published = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; version: number; resolve: (d: Diagnostic[]) => void }[] = [];

  private constructor() {
    this.child = spawn(process.execPath, [SERVER_MAIN, '--stdio'], { stdio: 'pipe' });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'netadjust' ? this.settings : null)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => void this.refreshes.codeLens++);
    this.connection.onRequest('workspace/inlayHint/refresh', () => void this.refreshes.inlayHint++);
    this.connection.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, p);
      for (const w of this.waiters.filter((x) => x.uri === p.uri && x.version === p.version)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    });
    this.connection.listen();
  }

  static async start(): Promise<LspClient> {
    const client = new LspClient();
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(REPO_ROOT).toString(),
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          codeLens: { refreshSupport: true },
          inlayHint: { refreshSupport: true },
        },
        textDocument: { hover: { contentFormat: ['markdown'] }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
      },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  /** Opens a document and waits for its diagnostics. */
  open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    const diagnostics = this.diagnostics(uri, version);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: languageOf(uri), version, text } });
    return diagnostics;
  }

  /** Replaces a document's whole text and waits for the new version's diagnostics. */
  change(uri: string, version: number, text: string): Promise<Diagnostic[]> {
    const diagnostics = this.diagnostics(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return diagnostics;
  }

  /** The diagnostics published for `version` of `uri` (already, or the next ones to come). */
  diagnostics(uri: string, version: number): Promise<Diagnostic[]> {
    const known = this.published.get(uri);
    if (known && known.version === version) {
      return Promise.resolve(known.diagnostics);
    }
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Shuts the server down politely and waits for the process to end. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null) {
        resolve(this.child.exitCode);
      } else {
        this.child.once('exit', (code) => resolve(code));
      }
    });
    if (this.child.exitCode === null) {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

function languageOf(uri: string): string {
  return uri.endsWith('.json') ? 'json' : 'netadjust-yaml';
}
