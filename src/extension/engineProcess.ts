/**
 * Owns the engine process (`dist/engine.js`, forked through EngineClient; never inside the extension host): at most
 * one at a time, started when a run needs it, restarted after a crash, ended on deactivate. Fans the engine's
 * notifications out as events.
 */
import * as vscode from 'vscode';
import { EngineClient } from '../engineClient/client.js';
import * as protocol from '../protocol/engine.js';
import type { ProgressEvent, RunReport } from '../protocol/types.js';

/** The engine stopped without being asked to. */
export interface EngineExit {
  readonly code: number | null;
}

/** One engine process: the environment it was started with and the client once it answers. */
interface Slot {
  readonly envKey: string;
  readonly env: Record<string, string>;
}

/** Crashes within this window count towards the restart limit. */
const CRASH_WINDOW_MS = 120_000;
const MAX_CRASHES = 3;

export class EngineProcess implements vscode.Disposable {
  readonly onProgress: vscode.Event<ProgressEvent>;
  readonly onIteration: vscode.Event<protocol.IterationParams>;
  readonly onReport: vscode.Event<RunReport & { readonly runDir: string }>;
  readonly onRunEnded: vscode.Event<protocol.RunEndParams>;
  readonly onCrash: vscode.Event<EngineExit>;

  private readonly emitters = {
    progress: new vscode.EventEmitter<ProgressEvent>(),
    iteration: new vscode.EventEmitter<protocol.IterationParams>(),
    report: new vscode.EventEmitter<RunReport & { readonly runDir: string }>(),
    runEnded: new vscode.EventEmitter<protocol.RunEndParams>(),
    crash: new vscode.EventEmitter<EngineExit>(),
  };
  private current?: { readonly slot: Slot; readonly client: Promise<EngineClient> };
  private crashes: number[] = [];
  private disposed = false;

  private readonly enginePath: string;
  private readonly output: vscode.OutputChannel;

  constructor(enginePath: string, output: vscode.OutputChannel) {
    this.enginePath = enginePath;
    this.output = output;
    this.onProgress = this.emitters.progress.event;
    this.onIteration = this.emitters.iteration.event;
    this.onReport = this.emitters.report.event;
    this.onRunEnded = this.emitters.runEnded.event;
    this.onCrash = this.emitters.crash.event;
  }

  /**
   * The running engine, started with `env` if none runs. An idle engine started with a different environment (the
   * backend setting changed) is replaced; callers ask only when no run is in progress.
   */
  async client(env: Record<string, string>): Promise<EngineClient> {
    if (this.disposed) {
      throw new Error('the extension is shutting down');
    }
    const envKey = JSON.stringify(env);
    if (this.current && this.current.slot.envKey !== envKey) {
      await this.stop();
    }
    if (!this.current) {
      const slot: Slot = { envKey, env };
      const client = this.launch(slot);
      this.current = { slot, client };
      client.catch(() => {
        if (this.current?.slot === slot) {
          this.current = undefined;
        }
      });
    }
    return this.current.client;
  }

  /** Ends the engine process, if one runs (a run in it is interrupted; its completed iterations stay on disk). */
  async stop(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    const client = await current?.client.catch(() => undefined);
    await client?.dispose();
  }

  private async launch(slot: Slot): Promise<EngineClient> {
    this.output.appendLine(`[engine] starting ${this.enginePath}`);
    const { client, init } = await EngineClient.start({ enginePath: this.enginePath, env: slot.env, onOutput: (line) => this.output.appendLine(`[engine] ${line}`) });
    this.output.appendLine(`[engine] ${init.engine.engine} ${init.engine.version}, backend ${init.engine.backend}: ${init.engine.reason}`);
    const c = client.connection;
    c.onNotification(protocol.progress, (e) => this.emitters.progress.fire(e));
    c.onNotification(protocol.iteration, (e) => this.emitters.iteration.fire(e));
    c.onNotification(protocol.report, (e) => this.emitters.report.fire(e));
    c.onNotification(protocol.runEnded, (e) => this.emitters.runEnded.fire(e));
    c.onNotification(protocol.log, (e) => this.output.appendLine(`[engine] ${e.level}: ${e.message}`));
    void client.whenExited().then((code) => {
      // `stop` clears `current` first, so only an exit nobody asked for gets here with the slot still current.
      if (this.current?.slot === slot && !this.disposed) {
        this.current = undefined;
        this.output.appendLine(`[engine] the engine process ${exitText(code)} unexpectedly`);
        this.emitters.crash.fire({ code });
        this.restartAfterCrash(slot.env, code);
      }
    });
    return client;
  }

  private restartAfterCrash(env: Record<string, string>, code: number | null): void {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    if (this.crashes.length >= MAX_CRASHES) {
      void vscode.window.showErrorMessage(
        `The netadjust engine stopped ${this.crashes.length} times in two minutes (last: ${exitText(code)}); it will start again with the next run. See the netadjust output for details.`,
      );
      return;
    }
    void vscode.window.showWarningMessage(`The netadjust engine ${exitText(code)} unexpectedly; restarting it. See the netadjust output for details.`);
    this.client(env).catch((e: unknown) => this.output.appendLine(`[engine] restart failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  dispose(): void {
    this.disposed = true;
    void this.stop();
    Object.values(this.emitters).forEach((e) => e.dispose());
  }

  /** For deactivate: ends the engine and waits for it. */
  async shutdown(): Promise<void> {
    this.disposed = true;
    await this.stop();
  }
}

/** `exited with code 3`, or `was killed` when a signal ended it (the exit code is then null). */
export function exitText(code: number | null): string {
  return code === null ? 'was killed' : `exited with code ${code}`;
}
