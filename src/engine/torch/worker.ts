/**
 * The PyTorch worker process: `python -m netadjust_worker`, spawned without a shell, spoken to in newline-delimited
 * JSON frames on stdin/stdout (see worker/netadjust_worker/protocol.py). Requests carry ids; progress arrives as
 * notifications with the request's id; the worker's stderr goes to the log. An abort sends `cancel` and, if the
 * worker has not stopped after a grace period, kills it. A worker that dies fails every open request clearly.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatasetError } from '../data/errors.js';

export interface WorkerOptions {
  /** The Python executable (checked beforehand by findTorchPython). */
  readonly python: string;
  /** Folder holding the `netadjust_worker` package; default {@link locateWorkerDir}. */
  readonly workerDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Each line the worker writes to stderr (warnings, tracebacks); default: this process's stderr. */
  readonly onLog?: (line: string) => void;
  /** How long a cancelled request may take to stop before the worker is killed. */
  readonly cancelGraceMs?: number;
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (params: Record<string, unknown>) => void;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress?: (params: Record<string, unknown>) => void;
}

/** Numbers the worker cannot send as JSON numbers (a diverged loss). */
const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity };
const NUMERIC_KEYS = new Set(['loss', 'accuracy', 'learningRate', 'imagesPerSecond']);

/** The worker package: beside the bundle (dist/torch-worker), else in the source tree (tests run from out/). */
export function locateWorkerDir(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env['NETADJUST_TORCH_WORKER'], path.join(__dirname, 'torch-worker'), path.resolve(__dirname, '../../../../src/engine/torch/worker')];
  const dir = candidates.find((d): d is string => d !== undefined && existsSync(path.join(d, 'netadjust_worker', '__main__.py')));
  if (dir === undefined) {
    throw new Error(`the PyTorch worker (netadjust_worker) is missing: looked in ${candidates.filter(Boolean).join(', ')}; rebuild netadjust (npm run build)`);
  }
  return dir;
}

export class TorchWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private readonly recentLog: string[] = [];
  private readonly graceMs: number;
  private nextId = 1;
  private ended: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(options: WorkerOptions) {
    const dir = options.workerDir ?? locateWorkerDir(options.env);
    const env = { ...(options.env ?? process.env) };
    env['PYTHONPATH'] = [dir, env['PYTHONPATH']].filter(Boolean).join(path.delimiter);
    // The package may sit in a read-only extension folder: no __pycache__ beside it.
    env['PYTHONDONTWRITEBYTECODE'] = '1';
    // The worker uses every core, so anything else running (the editor, the language server) takes one from an
    // OpenMP team whose idle threads spin at each barrier: measured on 2 cores with one busy, training fell to 0.28×
    // with libgomp's default spin count and to 0.46× with 1000 (which costs 3 % on an idle machine). A user's own
    // setting wins.
    env['GOMP_SPINCOUNT'] ??= '1000';
    // -u: unbuffered, so frames and log lines leave at once.
    this.child = spawn(options.python, ['-u', '-m', 'netadjust_worker'], { env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.graceMs = options.cancelGraceMs ?? 10_000;
    const log = options.onLog ?? ((line: string) => process.stderr.write(`torch worker: ${line}\n`));
    lines(this.child.stdout, (line) => this.receive(line));
    lines(this.child.stderr, (line) => {
      this.recentLog.push(line);
      this.recentLog.splice(0, this.recentLog.length - 20);
      log(line);
    });
    this.exited = new Promise((resolve) => {
      this.child.once('error', (e) => {
        this.fail(new Error(`cannot start the PyTorch worker with ${options.python}: ${e.message}`));
        resolve();
      });
      this.child.once('close', (code, signal) => {
        this.fail(this.deathError(code, signal));
        resolve();
      });
    });
    // A broken pipe (the worker died mid-write) is reported through 'close'.
    this.child.stdin.on('error', () => undefined);
  }

  /** The worker's process id (for logs and tests). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends a request; resolves with its result, rejects with its error (an AbortError when cancelled). */
  request<T>(method: string, params: unknown, options: RequestOptions = {}): Promise<T> {
    if (options.signal?.aborted) {
      return Promise.reject(new DOMException(`${method} was cancelled`, 'AbortError'));
    }
    if (this.ended) {
      return Promise.reject(this.ended);
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => this.cancel(id);
      const done = () => options.signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (v) => (done(), resolve(v as T)),
        reject: (e) => (done(), reject(e)),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      options.signal?.addEventListener('abort', onAbort);
      this.send({ id, method, params });
    });
  }

  /** Asks the worker to leave, then makes sure it has: SIGTERM, then SIGKILL. */
  async dispose(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      if (!this.ended) {
        this.send({ id: this.nextId++, method: 'shutdown', params: {} });
      }
      this.child.stdin.end();
      const term = setTimeout(() => this.child.kill('SIGTERM'), 3000);
      const kill = setTimeout(() => this.child.kill('SIGKILL'), 6000);
      await this.exited;
      clearTimeout(term);
      clearTimeout(kill);
    }
    this.fail(new Error('the PyTorch worker was disposed of'));
  }

  private cancel(id: number): void {
    this.send({ method: 'cancel', params: { id } });
    // The worker checks between batches; one that does not answer within the grace period is stuck: kill it.
    const timer = setTimeout(() => {
      if (this.pending.has(id)) {
        this.fail(new DOMException('the PyTorch worker did not stop when cancelled, so it was killed', 'AbortError'));
        this.child.kill('SIGKILL');
      }
    }, this.graceMs);
    timer.unref();
  }

  private send(message: unknown): void {
    if (!this.ended && this.child.stdin.writable) {
      this.child.stdin.write(`${JSON.stringify(message)}\n`);
    }
  }

  private receive(line: string): void {
    let message: { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { type: string; message: string; file?: string } };
    try {
      message = JSON.parse(line, (key, value: unknown) => (NUMERIC_KEYS.has(key) && typeof value === 'string' && value in NON_FINITE ? NON_FINITE[value] : value));
    } catch {
      // Not a frame: something in the worker wrote to the protocol stream after all. Log it rather than fail.
      this.recentLog.push(line);
      return;
    }
    if (message.method === 'progress') {
      this.pending.get(Number(message.params?.['id']))?.onProgress?.(message.params ?? {});
      return;
    }
    const pending = message.id === undefined ? undefined : this.pending.get(message.id);
    if (!pending) {
      return;
    }
    this.pending.delete(message.id!);
    if (message.error) {
      pending.reject(errorOf(message.error));
    } else {
      pending.resolve(message.result);
    }
  }

  private fail(error: Error): void {
    this.ended ??= error;
    for (const p of this.pending.values()) {
      p.reject(error);
    }
    this.pending.clear();
  }

  private deathError(code: number | null, signal: NodeJS.Signals | null): Error {
    const how = signal ? `was killed (${signal}${signal === 'SIGKILL' ? ': the system does this when it runs out of memory' : ''})` : `exited with code ${code}`;
    const tail = this.recentLog.slice(-5).join(' | ');
    return new Error(`the PyTorch worker ${how}${tail ? `; its last words: ${tail}` : ''}`);
  }
}

function errorOf(e: { type: string; message: string; file?: string }): Error {
  if (e.type === 'AbortError') {
    return new DOMException(e.message, 'AbortError');
  }
  if (e.type === 'DatasetError') {
    return new DatasetError(e.message, e.file ?? '');
  }
  return new Error(e.message);
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      if (line.length > 0) {
        onLine(line);
      }
    }
  });
}
