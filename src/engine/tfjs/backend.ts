/**
 * Picks the fastest TensorFlow.js backend this machine can run, once per process:
 * tfjs-node-gpu (if a CUDA GPU is visible) → tfjs-node → wasm (with netadjust's gradient kernels) → pure-JS cpu.
 *
 * wasm is preferred to cpu by a fixed rule, not a start-up benchmark: measured here it trains a small ResNet
 * ~65× faster and infers several times faster, and a benchmark would cost seconds at every start.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { EngineInfo } from '../../protocol/types.js';
import { registerGradientKernels } from './kernels/register.js';
import { cudaGpuVisible, loadNative } from './nodeBindings.js';
import { locateWasmDir } from './wasmFiles.js';

/** `auto`, or one backend forced (option or `NETADJUST_TFJS_BACKEND`). */
export type TfjsBackendChoice = 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu';

/** Accepted values of `NETADJUST_TFJS_BACKEND`. */
export const TFJS_BACKEND_CHOICES: readonly TfjsBackendChoice[] = ['auto', 'node-gpu', 'node', 'wasm', 'cpu'];

/** Options of {@link initBackend}. */
export interface BackendOptions {
  /** Overrides `NETADJUST_TFJS_BACKEND`; default `auto`. */
  readonly backend?: TfjsBackendChoice;
  readonly env?: NodeJS.ProcessEnv;
}

type Attempt = { readonly ok: true; readonly info: EngineInfo } | { readonly ok: false; readonly reason: string };

let current: { choice: TfjsBackendChoice; info: Promise<EngineInfo> } | undefined;

/**
 * Initialises the chosen (or best available) backend and makes it tfjs' current one. Repeated calls with the same
 * choice return the first answer. A forced backend that cannot start is an error, not a silent fallback.
 */
export function initBackend(options: BackendOptions = {}): Promise<EngineInfo> {
  const choice = backendChoice(options);
  if (current?.choice !== choice) {
    current = { choice, info: choice === 'auto' ? chooseAutomatically(options.env ?? process.env) : forced(choice, options.env ?? process.env) };
  }
  return current.info;
}

/** The requested backend: the option, else the environment variable, else `auto`. Unknown names are errors. */
export function backendChoice(options: BackendOptions = {}): TfjsBackendChoice {
  const raw = options.backend ?? (options.env ?? process.env)['NETADJUST_TFJS_BACKEND'] ?? 'auto';
  const value = raw.trim().toLowerCase() || 'auto';
  if (!(TFJS_BACKEND_CHOICES as readonly string[]).includes(value)) {
    throw new Error(`unknown tfjs backend '${raw}' (NETADJUST_TFJS_BACKEND): use one of ${TFJS_BACKEND_CHOICES.join(', ')}`);
  }
  return value as TfjsBackendChoice;
}

async function chooseAutomatically(env: NodeJS.ProcessEnv): Promise<EngineInfo> {
  const skipped: string[] = [];
  const order: Array<Exclude<TfjsBackendChoice, 'auto'>> = cudaGpuVisible(env) ? ['node-gpu', 'node', 'wasm'] : ['node', 'wasm'];
  if (!order.includes('node-gpu')) {
    skipped.push('no CUDA GPU visible');
  }
  for (const name of order) {
    const attempt = await tryBackend(name, env);
    if (attempt.ok) {
      return { ...attempt.info, reason: [...skipped, attempt.info.reason].join('; ') };
    }
    skipped.push(attempt.reason);
  }
  const cpu = await tryBackend('cpu', env);
  if (!cpu.ok) {
    throw new Error(`no tfjs backend could start: ${[...skipped, cpu.reason].join('; ')}`);
  }
  return { ...cpu.info, reason: [...skipped, cpu.info.reason].join('; ') };
}

async function forced(name: Exclude<TfjsBackendChoice, 'auto'>, env: NodeJS.ProcessEnv): Promise<EngineInfo> {
  const attempt = await tryBackend(name, env);
  if (!attempt.ok) {
    throw new Error(`the tfjs backend '${name}' was requested but cannot start: ${attempt.reason}`);
  }
  return { ...attempt.info, reason: `requested (${name}); ${attempt.info.reason}` };
}

async function tryBackend(name: Exclude<TfjsBackendChoice, 'auto'>, env: NodeJS.ProcessEnv): Promise<Attempt> {
  switch (name) {
    case 'node-gpu':
    case 'node':
      return tryNative(name);
    case 'wasm':
      return tryWasm(env);
    case 'cpu':
      return activate('cpu', 'pure-JavaScript cpu backend (slow: install @tensorflow/tfjs-node for native speed)');
  }
}

async function tryNative(name: 'node' | 'node-gpu'): Promise<Attempt> {
  const pkg = name === 'node-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  const loaded = loadNative(pkg);
  if (!loaded.ok) {
    return loaded;
  }
  const what = name === 'node-gpu' ? 'tfjs-node-gpu: native libtensorflow with CUDA' : 'tfjs-node: native libtensorflow on the CPU';
  const attempt = await activate('tensorflow', what);
  return attempt.ok ? { ok: true, info: { ...attempt.info, version: `${attempt.info.version} (${pkg} ${loaded.version})` } } : attempt;
}

async function tryWasm(env: NodeJS.ProcessEnv): Promise<Attempt> {
  const dir = locateWasmDir(env);
  if (dir === null) {
    return { ok: false, reason: 'wasm backend unavailable: tfjs-backend-wasm-simd.wasm not found (set NETADJUST_WASM_DIR to its folder)' };
  }
  try {
    setWasmPaths(dir);
  } catch {
    // Already initialised earlier in this process with its paths: nothing to set.
  }
  registerGradientKernels('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return activate('wasm', `wasm backend (${simd ? 'SIMD' : 'no SIMD'}, one thread) with netadjust's convolution-gradient kernels`);
}

async function activate(backend: string, reason: string): Promise<Attempt> {
  try {
    if (!(await tf.setBackend(backend))) {
      return { ok: false, reason: `${backend} backend failed to initialise` };
    }
    await tf.ready();
  } catch (e) {
    return { ok: false, reason: `${backend} backend failed to initialise (${e instanceof Error ? e.message : String(e)})` };
  }
  if (backend === 'cpu') {
    silenceCpuNotice();
  }
  return { ok: true, info: { engine: 'tfjs', backend, version: tf.version_core, reason } };
}

/** The cpu backend prints a "install tfjs-node" banner on first use; the engine info already says it. */
function silenceCpuNotice(): void {
  const backend = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (backend) {
    backend.firstUse = false;
  }
}
