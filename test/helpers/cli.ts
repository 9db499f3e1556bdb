/** Runs the built `netadjust` command as a user would, capturing its output and exit code. */
import { spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): CliRun {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'netadjust.js'), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Node stack frames look like `    at fn (file:line:col)`; a user-facing failure must never show one. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(text);
}

/** One line of `--json` output: every one names its event; most carry the run folder and some a phase. */
export interface JsonEvent {
  readonly event: string;
  readonly runDir?: string;
  readonly phase?: string;
}

/**
 * Resolves with the run folder once a `--json` line of the running CLI matches `until`; rejects if the process exits
 * first, saying what it was waiting for.
 */
export function untilJsonEvent(child: ChildProcess, until: (e: JsonEvent) => boolean, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let runDir = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const e of lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as JsonEvent)) {
        runDir = e.runDir ?? runDir;
        if (until(e)) {
          resolve(runDir);
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`the CLI exited (${code}) before ${what}`)));
  });
}
