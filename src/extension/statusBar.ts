/** The status-bar item of the running search: phase, iteration i/T, epoch, ETA; a click shows the panel. */
import * as vscode from 'vscode';
import type { EngineInfo, ProgressEvent } from '../protocol/types.js';
import { statusText, statusTooltip } from './runs/status.js';

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('netadjust.run', vscode.StatusBarAlignment.Left, 10);
  private engine: EngineInfo | undefined;

  constructor() {
    this.item.name = 'netadjust run';
  }

  /** Shows the item for a run that has just started. */
  show(runId: string, iterations: number, engine?: EngineInfo): void {
    this.engine = engine;
    this.update(runId, iterations, undefined);
    this.item.show();
  }

  update(runId: string, iterations: number, event: ProgressEvent | undefined): void {
    this.item.text = statusText(event, iterations);
    this.item.tooltip = statusTooltip(runId, event, this.engine);
    this.item.command = { title: 'Show progress panel', command: 'netadjust.showPanel', arguments: [runId] };
  }

  /** Until the run ends: the engine stops the current training within seconds. */
  cancelling(runId: string): void {
    this.item.text = '$(sync~spin) netadjust: cancelling…';
    this.item.tooltip = `netadjust run ${runId}: cancelling; completed iterations are kept`;
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
