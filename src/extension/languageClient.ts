/** The language client for `dist/server.js` (diagnostics, hover, CodeLens, inlay hints, completion, outline). */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { runResults, type RunResultsParams } from '../protocol/server.js';

/** The model files the server handles: netadj YAML, and Keras / TensorFlow.js JSON named `model.json` or `*.model.json`. */
export const MODEL_DOCUMENTS: DocumentSelector = [
  { language: 'netadjust-yaml' },
  { language: 'json', pattern: '**/model.json' },
  { language: 'json', pattern: '**/*.model.json' },
];

/** Starts and owns the language client; sends it what the runs found. */
export class ServerBridge implements vscode.Disposable {
  private readonly client: LanguageClient;
  private readonly started: Promise<boolean>;

  constructor(context: vscode.ExtensionContext, output: vscode.OutputChannel) {
    const module = context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: MODEL_DOCUMENTS,
      synchronize: { configurationSection: 'netadjust' },
      outputChannel: output,
    };
    this.client = new LanguageClient('netadjust', 'netadjust language server', serverOptions, clientOptions);
    this.started = this.client.start().then(
      () => true,
      (e: unknown) => {
        output.appendLine(`netadjust: the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      },
    );
  }

  /** The URI string the server knows a document by (the client's own conversion). */
  uriOf(uri: vscode.Uri): string {
    return this.client.code2ProtocolConverter.asUri(uri);
  }

  /** Sends `netadjust/runResults` once the server runs; dropped (the server shows no run) when it never started. */
  async sendRunResults(params: RunResultsParams): Promise<void> {
    if (await this.started) {
      await this.client.sendNotification(runResults, params);
    }
  }

  /** Stops the server (deactivate waits for this). */
  async stop(): Promise<void> {
    if (await this.started) {
      await this.client.stop().catch(() => undefined);
    }
  }

  dispose(): void {
    void this.stop();
  }
}
