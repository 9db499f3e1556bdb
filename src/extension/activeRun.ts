/**
 * The run this window is running (at most one): starts it in the engine, follows its notifications (status bar,
 * progress notification, the language server's lenses, the panel), and ends it on `engine/runEnded` or a crash.
 */
import * as vscode from 'vscode';
import { openRun } from '../engine/runs/store.js';
import type { RunEndParams, StartParams } from '../protocol/engine.js';
import { DEFAULT_SEARCH_SETTINGS } from '../protocol/settings.js';
import type { EngineInfo, IterationRecord, ProgressEvent, RunReport } from '../protocol/types.js';
import type { HostToWebview } from '../protocol/webview.js';
import type { EngineClient } from '../engineClient/client.js';
import { exitText, type EngineProcess } from './engineProcess.js';
import { iterationResults } from './runs/results.js';
import { accuracySummary, progressParts } from './runs/status.js';
import type { ServerBridge } from './languageClient.js';
import { RunStatusBar } from './statusBar.js';

export interface LiveRun {
  readonly runId: string;
  readonly runDir: string;
  readonly modelUri: vscode.Uri;
  readonly iterations: number;
  lastProgress?: ProgressEvent;
  lastIteration?: IterationRecord;
  report?: RunReport;
  /** Set once a cancel was sent: the status bar says so until the run ends. */
  cancelling?: boolean;
}

/** A message for the panel showing `runId`. */
export interface RunMessage {
  readonly runId: string;
  readonly message: HostToWebview;
}

const RUN_ACTIVE_CONTEXT = 'netadjust.runActive';

export class ActiveRun implements vscode.Disposable {
  private readonly messages = new vscode.EventEmitter<RunMessage>();
  /** Every engine notification of the live run, as the panel receives it. */
  readonly onMessage = this.messages.event;
  private readonly statusBar = new RunStatusBar();
  private readonly disposables: vscode.Disposable[] = [this.messages, this.statusBar];
  private live?: { run: LiveRun; client: EngineClient; end: (p: RunEndParams) => void };
  /** Notifications that arrive while `engine/start` has not answered yet (replayed once it has). */
  private early?: { runId: string; replay: () => void }[];

  private readonly engine: EngineProcess;
  private readonly server: ServerBridge;

  constructor(engine: EngineProcess, server: ServerBridge) {
    this.engine = engine;
    this.server = server;
    this.disposables.push(
      engine.onProgress((e) => this.route(e.runId, () => this.progress(e))),
      engine.onIteration((p) => this.route(p.runId, () => this.iteration(p.record))),
      engine.onReport(({ runDir: _runDir, ...report }) => this.route(report.runId, () => this.report(report))),
      engine.onRunEnded((p) => this.route(p.runId, () => this.ended(p))),
      engine.onCrash(({ code }) => {
        const run = this.live?.run;
        if (run) {
          this.ended({ runId: run.runId, state: 'failed', message: `the engine process ${exitText(code)} unexpectedly. The completed iterations are kept: resume the run to continue.` });
        }
      }),
    );
  }

  get current(): LiveRun | undefined {
    return this.live?.run;
  }

  /**
   * Starts (or resumes) a run in the engine. Resolves once the engine has answered with the run's id and folder;
   * the run goes on in the background. Throws when the engine cannot start or refuses the run.
   */
  async start(params: StartParams, modelUri: vscode.Uri, env: Record<string, string>): Promise<LiveRun> {
    if (this.live || this.early) {
      throw new Error(this.live ? `run ${this.live.run.runId} is still in progress; cancel it first` : 'a run is already starting');
    }
    this.early = [];
    try {
      const client = await this.engine.client(env);
      const { runId, runDir } = await client.start(params);
      const { iterations, engine } = runPlan(runDir, params);
      const run: LiveRun = { runId, runDir, modelUri, iterations };
      let end!: (p: RunEndParams) => void;
      const ended = new Promise<RunEndParams>((resolve) => (end = resolve));
      this.live = { run, client, end };
      void vscode.commands.executeCommand('setContext', RUN_ACTIVE_CONTEXT, true);
      this.statusBar.show(runId, iterations, engine);
      this.showProgress(run, ended);
      const early = this.early;
      this.early = undefined;
      early.filter((e) => e.runId === runId).forEach((e) => e.replay());
      return run;
    } finally {
      this.early = undefined;
    }
  }

  /** Asks the engine to stop the live run (it keeps every completed iteration). */
  async cancel(runId?: string): Promise<boolean> {
    const live = this.live;
    if (!live || (runId !== undefined && runId !== live.run.runId)) {
      return false;
    }
    await live.client.cancel(live.run.runId);
    live.run.cancelling = true;
    this.statusBar.cancelling(live.run.runId);
    return true;
  }

  private route(runId: string, handle: () => void): void {
    if (this.live?.run.runId === runId) {
      handle();
    } else if (this.early) {
      this.early.push({ runId, replay: handle });
    }
  }

  private progress(event: ProgressEvent): void {
    const run = this.live!.run;
    run.lastProgress = event;
    if (!run.cancelling) {
      this.statusBar.update(run.runId, run.iterations, event);
    }
    this.messages.fire({ runId: run.runId, message: { kind: 'progress', event } });
  }

  private iteration(record: IterationRecord): void {
    const run = this.live!.run;
    run.lastIteration = record;
    this.messages.fire({ runId: run.runId, message: { kind: 'iteration', record } });
    void this.server.sendRunResults(iterationResults(this.server.uriOf(run.modelUri), run.runId, record));
  }

  private report(report: RunReport): void {
    const run = this.live!.run;
    run.report = report;
    this.messages.fire({ runId: run.runId, message: { kind: 'report', report } });
    if (run.lastIteration) {
      // The lenses now propose what the final report measured.
      void this.server.sendRunResults(iterationResults(this.server.uriOf(run.modelUri), run.runId, run.lastIteration, report.adjusted.widths));
    }
  }

  private ended(p: RunEndParams): void {
    const live = this.live;
    if (!live) {
      return;
    }
    this.live = undefined;
    void vscode.commands.executeCommand('setContext', RUN_ACTIVE_CONTEXT, false);
    this.statusBar.hide();
    const message: HostToWebview = { kind: 'runEnded', runId: p.runId, state: p.state, ...(p.message !== undefined ? { message: p.message } : {}) };
    this.messages.fire({ runId: p.runId, message });
    live.end(p);
    void announceEnd(live.run, p);
  }

  /** The cancellable progress notification; it closes when the run ends. */
  private showProgress(run: LiveRun, ended: Promise<RunEndParams>): void {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `netadjust: run ${run.runId}`, cancellable: true },
      (progress, token) => {
        const sub = this.messages.event((m) => {
          if (m.runId === run.runId && m.message.kind === 'progress') {
            progress.report({ message: progressParts(m.message.event, run.iterations).join(' · ') });
          }
        });
        token.onCancellationRequested(() => {
          progress.report({ message: 'cancelling… (the current training stops within seconds)' });
          this.cancel(run.runId).catch((e: unknown) => void vscode.window.showErrorMessage(`netadjust: could not cancel run ${run.runId}: ${errorText(e)}`));
        });
        return ended.finally(() => sub.dispose());
      },
    );
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

/** Tells the user how the run ended, with the next steps as buttons. */
async function announceEnd(run: LiveRun, p: RunEndParams): Promise<void> {
  const actions: Record<string, () => Thenable<unknown>> = {};
  let text: string;
  if (p.state === 'done') {
    const r = run.report;
    text = r
      ? `netadjust: run ${run.runId} is done. Test accuracy: ${accuracySummary(r)}.`
      : `netadjust: run ${run.runId} is done.`;
    actions['Show report'] = () => vscode.commands.executeCommand('netadjust.showReport', run.runId);
    actions['Apply widths'] = () => vscode.commands.executeCommand('netadjust.applyAdjustedWidths', run.modelUri, run.runId);
  } else {
    text = p.state === 'cancelled' ? `netadjust: run ${run.runId} was cancelled; its completed iterations are kept.` : `netadjust: run ${run.runId} failed: ${p.message ?? 'no reason given'}`;
    actions['Resume'] = () => vscode.commands.executeCommand('netadjust.resume', run.runId);
    actions['Show panel'] = () => vscode.commands.executeCommand('netadjust.showPanel', run.runId);
  }
  const show = p.state === 'failed' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
  const picked = await show(text, ...Object.keys(actions));
  if (picked) {
    await actions[picked]?.();
  }
}

/** The run's iteration count, from its manifest (or, if that cannot be read yet, from what was asked). */
/** The run's planned iterations and the engine that runs it (with the reason), from its run.json. */
function runPlan(runDir: string, params: StartParams): { iterations: number; engine?: EngineInfo } {
  try {
    const manifest = openRun(runDir).manifest;
    return { iterations: manifest.settings.iterations, engine: manifest.engine };
  } catch {
    return { iterations: params.settings?.iterations ?? DEFAULT_SEARCH_SETTINGS.iterations };
  }
}


export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
