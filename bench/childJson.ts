/** Runs one measurement script in its own process and answers the one JSON line it prints (or why there is none). */
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
