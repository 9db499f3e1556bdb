/**
 * The language server's entry point (`dist/server.js`): connection, documents, capabilities and handler
 * registration only. The transport (`--node-ipc`, `--stdio`, `--socket=`) is whatever the client passes.
 */
import {
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  InlayHintRefreshRequest,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { modelSummary, runResults } from '../protocol/server.js';
import { computeCodeLenses } from './codeLens.js';
import { computeCompletions } from './completion.js';
import { computeDiagnostics } from './diagnostics.js';
import { computeHover } from './hover.js';
import { computeInlayHints } from './inlayHints.js';
import { safe, safeVoid } from './safe.js';
import { readSettings } from './settings.js';
import { ServerState } from './state.js';
import { computeSymbols } from './symbols.js';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = connection.console;
const state = new ServerState(documents);
const client = { configuration: false, dynamicConfiguration: false, codeLensRefresh: false, inlayHintRefresh: false };

process.on('uncaughtException', (e) => log.error(`netadjust: uncaught exception: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => log.error(`netadjust: unhandled rejection: ${String(e)}`));

connection.onInitialize((params) => {
  const caps = params.capabilities;
  client.configuration = caps.workspace?.configuration === true;
  client.dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  client.codeLensRefresh = caps.workspace?.codeLens?.refreshSupport === true;
  client.inlayHintRefresh = caps.workspace?.inlayHint?.refreshSupport === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      inlayHintProvider: true,
      completionProvider: { triggerCharacters: [':', ' ', '"'] },
      documentSymbolProvider: true,
    },
    serverInfo: { name: 'netadjust' },
  };
});

/** Reads the settings: pulled when the client answers `workspace/configuration`, else as pushed with a change. */
async function readConfiguration(pushed?: unknown): Promise<void> {
  if (client.configuration) {
    state.settings = readSettings(await connection.workspace.getConfiguration('netadjust'));
  } else if (pushed !== undefined) {
    state.settings = readSettings((pushed as { netadjust?: unknown } | null)?.netadjust);
  }
}

/** Asks the client to re-query lenses and hints, when it can be asked. */
async function refreshViews(): Promise<void> {
  if (client.codeLensRefresh) {
    await connection.sendRequest(CodeLensRefreshRequest.type);
  }
  if (client.inlayHintRefresh) {
    await connection.sendRequest(InlayHintRefreshRequest.type);
  }
}

connection.onInitialized(safeVoid(log, 'initialized', async () => {
  if (client.dynamicConfiguration) {
    await connection.client.register(DidChangeConfigurationNotification.type, { section: 'netadjust' });
  }
  await readConfiguration();
}));

connection.onDidChangeConfiguration(safeVoid(log, 'configuration', async (params) => {
  await readConfiguration(params.settings ?? null);
  await refreshViews();
}));

documents.onDidChangeContent(safeVoid(log, 'diagnostics', ({ document }) => {
  const diagnostics = computeDiagnostics(state.cache.get(document));
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
}));

documents.onDidClose(safeVoid(log, 'close', ({ document }) => {
  state.cache.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
}));

connection.onHover(safe(log, 'hover', null, ({ textDocument, position }) => {
  const a = state.analysis(textDocument.uri);
  return a ? computeHover(a, position, state.runs.get(a.uri)) : null;
}));

connection.onCodeLens(safe(log, 'codeLens', [], ({ textDocument }) => {
  const a = state.settings.codeLens ? state.analysis(textDocument.uri) : undefined;
  return a ? computeCodeLenses(a, state.runs.get(a.uri)) : [];
}));

connection.languages.inlayHint.on(safe(log, 'inlayHint', [], ({ textDocument, range }) => {
  const a = state.settings.inlayHints ? state.analysis(textDocument.uri) : undefined;
  return a ? computeInlayHints(a, state.runs.get(a.uri), range) : [];
}));

connection.onCompletion(safe(log, 'completion', [], ({ textDocument, position }) => {
  const a = state.analysis(textDocument.uri);
  return a ? computeCompletions(a.model.format, a.text, a.lines, position) : [];
}));

connection.onDocumentSymbol(safe(log, 'documentSymbol', [], ({ textDocument }) => {
  const a = state.analysis(textDocument.uri);
  return a ? computeSymbols(a) : [];
}));

connection.onNotification(runResults, safeVoid(log, 'runResults', (params) => {
  if (!state.runs.update(params)) {
    log.error('netadjust: ignored a malformed netadjust/runResults notification');
    return;
  }
  return refreshViews();
}));

connection.onRequest(modelSummary, safe(log, 'modelSummary', null, ({ uri }) => state.summary(uri)));

documents.listen(connection);
connection.listen();
