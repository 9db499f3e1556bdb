/**
 * The two ends of a measurement in its own process: the child answers one JSON line (its result, or why it has none)
 * and the parent reads it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export function childJson<T extends { readonly error?: string }>(script: string, args: readonly string[], timeoutMs: number): T {
  const run = spawnSync(process.execPath, [path.join(__dirname, script), ...args], { encoding: 'utf8', timeout: timeoutMs });
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  if (line) {
    return JSON.parse(line) as T;
  }
  const why = run.error ? run.error.message : (run.stderr || 'no output').trim().split('\n').at(-1) ?? 'failed';
  return { error: `${script}: ${why}` } as T;
}

/** The child's end: runs `measure` and prints its result, or `{ "error": … }` with exit code 1, as one JSON line. */
export function answerOneJsonLine(measure: () => Promise<object>): void {
  measure().then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (e: Error) => {
      process.stdout.write(`${JSON.stringify({ error: e.message })}\n`);
      process.exitCode = 1;
    },
  );
}
