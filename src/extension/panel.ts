/**
 * The progress panel's host: one `WebviewPanel` beside the editor, showing one run. It answers `ready` with the run
 * read from its folder, relays the live run's engine notifications, and turns the panel's requests into commands.
 */
import * as vscode from 'vscode';
import type { HostToWebview, WebviewState, WebviewToHost } from '../protocol/webview.js';
import type { Ctx } from './context.js';
import { createNonce, isWebviewToHost, panelHtml } from './panelHtml.js';
import { revealLayer } from './revealLayer.js';
import { buildSnapshot } from './runs/snapshot.js';
import { runModelPath } from './runs/select.js';
import { openRun } from '../engine/runs/store.js';

export const PANEL_VIEW_TYPE = 'netadjust.progress';

interface ShownRun {
  readonly runId: string;
  readonly runDir: string;
}

export class ProgressPanel implements vscode.Disposable {
  private static current: ProgressPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private run: ShownRun | undefined;

  /** Shows `run` in the panel, creating the panel beside the editor if it is not open. */
  static show(ctx: Ctx, run: ShownRun): void {
    const existing = ProgressPanel.current;
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      existing.setRun(run);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, title(run.runId), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(ctx));
    try {
      ProgressPanel.current = new ProgressPanel(ctx, panel, run);
    } catch (e) {
      panel.dispose();
      throw e;
    }
  }

  /** Registers the serializer that brings the panel back after a reload, re-reading its run's folder. */
  static registerSerializer(ctx: Ctx): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const runId = savedRunId(state);
        const runDir = runId === undefined ? undefined : ctx.findRunDir(runId);
        panel.webview.options = webviewOptions(ctx);
        ProgressPanel.current?.dispose();
        ProgressPanel.current = new ProgressPanel(ctx, panel, runId !== undefined && runDir !== undefined ? { runId, runDir } : undefined);
      },
    });
  }

  private readonly ctx: Ctx;
  private readonly panel: vscode.WebviewPanel;

  private constructor(ctx: Ctx, panel: vscode.WebviewPanel, run: ShownRun | undefined) {
    this.ctx = ctx;
    this.panel = panel;
    this.run = run;
    panel.webview.html = html(ctx, panel.webview);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((value: unknown) => this.receive(value)),
      ctx.run.onMessage((m) => {
        if (m.runId === this.run?.runId) {
          this.post(m.message);
        }
      }),
    );
    if (run) {
      panel.title = title(run.runId);
    }
  }

  private setRun(run: ShownRun): void {
    this.run = run;
    this.panel.title = title(run.runId);
    this.postSnapshot();
  }

  private postSnapshot(): void {
    if (!this.run) {
      return; // restored without its run folder: the panel keeps showing what it saved
    }
    try {
      this.post({ kind: 'snapshot', snapshot: buildSnapshot(this.run.runDir) });
    } catch (e) {
      this.ctx.output.appendLine(`netadjust: cannot show run ${this.run.runId}: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage(`netadjust: cannot read run ${this.run.runId} (see the netadjust output).`);
    }
  }

  private post(message: HostToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private receive(value: unknown): void {
    if (!isWebviewToHost(value)) {
      this.ctx.output.appendLine(`netadjust: ignored a malformed message from the progress panel: ${safeJson(value)}`);
      return;
    }
    if (value.kind === 'ready') {
      this.postSnapshot();
      return;
    }
    if (!this.run || value.runId !== this.run.runId) {
      this.ctx.output.appendLine(`netadjust: ignored a '${value.kind}' request for run ${value.runId}, which the panel does not show`);
      return;
    }
    void this.handle(value, this.run).catch((e: unknown) => void vscode.window.showErrorMessage(`netadjust: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async handle(message: Exclude<WebviewToHost, { kind: 'ready' }>, run: ShownRun): Promise<void> {
    switch (message.kind) {
      case 'cancel':
        await vscode.commands.executeCommand('netadjust.cancel', run.runId);
        return;
      case 'resume':
        await vscode.commands.executeCommand('netadjust.resume', run.runId);
        return;
      case 'apply':
        await vscode.commands.executeCommand('netadjust.applyAdjustedWidths', this.modelUri(run), run.runId);
        return;
      case 'openReport':
        await vscode.commands.executeCommand('netadjust.showReport', run.runId);
        return;
      case 'revealLayer':
        await revealLayer(this.modelUri(run), message.layer);
        return;
    }
  }

  private modelUri(run: ShownRun): vscode.Uri {
    return vscode.Uri.file(runModelPath({ dir: run.runDir, manifest: openRun(run.runDir).manifest }));
  }

  dispose(): void {
    if (ProgressPanel.current === this) {
      ProgressPanel.current = undefined;
    }
    this.disposables.splice(0).forEach((d) => d.dispose());
    this.panel.dispose();
  }
}

function webviewOptions(ctx: Ctx): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  const root = ctx.extension.extensionUri;
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(root, 'media'), vscode.Uri.joinPath(root, 'dist')] };
}

function html(ctx: Ctx, webview: vscode.Webview): string {
  const root = ctx.extension.extensionUri;
  return panelHtml({
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'panel.css')).toString(),
  });
}

function title(runId: string): string {
  return `netadjust: ${runId}`;
}

/** The run id in the state the webview saved with `setState`, if it is there and well formed. */
function savedRunId(state: unknown): string | undefined {
  const runId = (state as WebviewState | null | undefined)?.snapshot?.manifest?.runId;
  return typeof runId === 'string' ? runId : undefined;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value).slice(0, 200);
  } catch {
    return String(value);
  }
}
