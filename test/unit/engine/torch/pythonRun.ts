/** Runs Python snippets against the worker package, for tests that compare the Python side with the TS side. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { locateWorkerDir } from '../../../../src/engine/torch/worker.js';
import { torchPython } from '../conformance/trainers.js';

/** The JSON a snippet prints (its last line), run by the torch engine's Python with the worker on its path. */
export async function runPython<T>(code: string): Promise<T> {
  const python = await torchPython();
  const env = { ...process.env, PYTHONPATH: [locateWorkerDir(), process.env['PYTHONPATH']].filter(Boolean).join(path.delimiter), PYTHONDONTWRITEBYTECODE: '1' };
  const out = execFileSync(python.command, ['-c', code], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}
