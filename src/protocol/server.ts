/**
 * Custom messages between the extension (language client) and the language server, beyond standard LSP.
 * Method names are `netadjust/…`. The server never talks to the engine: the extension relays what a run found.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { ModelSummary } from '../model/summary.js';
import type { WidthMap } from './types.js';

/** Settings the server reads through `workspace/configuration` (section `netadjust`) and re-reads on change. */
export const SERVER_SETTINGS = {
  /** Whether the server offers CodeLens (per-layer MACs/params, FUR and the summary at the top). */
  codeLens: 'netadjust.codeLens.enabled',
  /** Whether the server offers inlay hints (proposed widths beside width literals). */
  inlayHints: 'netadjust.inlayHints.enabled',
} as const;

export interface RunResultsParams {
  /** The model file's document URI, exactly as the client names the document. */
  readonly uri: string;
  readonly runId: string;
  /** The search iteration these results come from (0-based). */
  readonly iteration: number;
  /** FUR of each coupling group (group id → loss increase per FLOP dropped); larger means more useful. */
  readonly fur: Readonly<Record<string, number>>;
  /** Widths the iteration's network was trained at (width variable name → channels). */
  readonly widths: WidthMap;
  /** Widths the run proposes (width variable name → channels); variables not listed keep their width. */
  readonly proposed: WidthMap;
}

/**
 * Client → server, whenever a run finishes an iteration for a model file (and once at startup for the latest run
 * on disk): the latest FUR and proposed widths, shown as CodeLens and inlay hints. It replaces what the server
 * held for that URI; `fur` and `proposed` both empty clear it.
 */
export const runResults = new NotificationType<RunResultsParams>('netadjust/runResults');

export interface ModelSummaryParams {
  /** The model file's document URI; an open document's current text is used, otherwise the file on disk. */
  readonly uri: string;
}

/**
 * Client → server, for the panel's per-layer table: the summary (per-layer and total MACs and params) at the
 * widths written in the file. Null when the file cannot be read or nothing in it could be analysed.
 */
export const modelSummary = new RequestType<ModelSummaryParams, ModelSummary | null, void>('netadjust/modelSummary');

/** The commands CodeLens refer to; the extension implements them. Each takes the model file's document URI. */
export const LENS_COMMANDS = {
  /** Start (or continue) a channel-width search for the model file. */
  adjust: 'netadjust.adjust',
  /** Write the latest run's proposed widths into the model file. */
  applyAdjustedWidths: 'netadjust.applyAdjustedWidths',
} as const;
