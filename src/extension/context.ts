/** What every command and view of the extension works with, built once in `activate`. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSummary } from '../engine/runs/list.js';
import { ActiveRun } from './activeRun.js';
import { readConfig, type Config } from './config.js';
import { EngineProcess } from './engineProcess.js';
import { ServerBridge } from './languageClient.js';
import { activePythonPath } from './pythonEnvironment.js';
import { engineEnv } from './runs/adjustDefaults.js';
import { allRuns } from './runs/select.js';
import { findRunDir } from './runs/snapshot.js';

export class Ctx implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  readonly engine: EngineProcess;
  readonly server: ServerBridge;
  readonly run: ActiveRun;
  /** Folders outside the workspace folders that this window started runs in (a model file opened on its own). */
  private readonly extraRoots = new Set<string>();

  readonly extension: vscode.ExtensionContext;

  constructor(extension: vscode.ExtensionContext) {
    this.extension = extension;
    this.output = vscode.window.createOutputChannel('netadjust');
    this.engine = new EngineProcess(extension.asAbsolutePath(path.join('dist', 'engine.js')), this.output);
    this.server = new ServerBridge(extension, this.output);
    this.run = new ActiveRun(this.engine, this.server);
  }

  /** The settings, as they apply to `scope` (a model file) when given. */
  config(scope?: vscode.Uri): Config {
    return readConfig(scope);
  }

  /** The engine process's environment for the settings that apply to `scope` (a model file). */
  async engineEnv(scope?: vscode.Uri): Promise<Record<string, string>> {
    const config = this.config(scope);
    const pythonFromExtension = config.pythonPath ? undefined : await activePythonPath(scope);
    return engineEnv({ ...config, ...(pythonFromExtension ? { pythonFromExtension } : {}) });
  }

  /** The workspace folders on disk (runs live in their `.netadjust/runs/`). */
  workspaceFolders(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  /** The folder whose `.netadjust/runs/` holds a model file's runs: its workspace folder, else its own folder. */
  workspaceFor(modelUri: vscode.Uri): string {
    const folder = vscode.workspace.getWorkspaceFolder(modelUri);
    return folder && folder.uri.scheme === 'file' ? folder.uri.fsPath : path.dirname(modelUri.fsPath);
  }

  /** Every run of the workspace folders, of folders runs were started in, and of `extra` folders, oldest first. */
  runs(...extra: string[]): RunSummary[] {
    return allRuns([...this.runRoots(), ...extra]);
  }

  findRunDir(runId: string): string | undefined {
    return findRunDir(this.runRoots(), runId);
  }

  /** Remembers a folder a run was started in, so its runs are listed even outside the workspace folders. */
  rememberRunRoot(folder: string): void {
    this.extraRoots.add(folder);
  }

  private runRoots(): string[] {
    return [...this.workspaceFolders(), ...this.extraRoots];
  }

  /** Searches run code (training, data loading) only in trusted workspaces; says so and answers false otherwise. */
  requireTrust(action: string): boolean {
    if (vscode.workspace.isTrusted) {
      return true;
    }
    void vscode.window.showWarningMessage(`netadjust: cannot ${action} in a restricted (untrusted) workspace. Model analysis still works; trust the workspace to run searches.`, 'Manage Workspace Trust').then((picked) => {
      if (picked) {
        void vscode.commands.executeCommand('workbench.trust.manage');
      }
    });
    return false;
  }

  /** For deactivate: stops the language server and the engine, and waits for both. */
  async shutdown(): Promise<void> {
    await Promise.all([this.server.stop(), this.engine.shutdown()]);
  }

  dispose(): void {
    this.run.dispose();
    this.server.dispose();
    this.engine.dispose();
    this.output.dispose();
  }
}
