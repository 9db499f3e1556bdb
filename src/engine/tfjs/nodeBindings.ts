/**
 * Optional native backends: `@tensorflow/tfjs-node` (libtensorflow on the CPU) and `@tensorflow/tfjs-node-gpu`
 * (CUDA). Neither is a dependency: their install script downloads libtensorflow, which fails offline, so they are
 * loaded only if the user installed them, by a guarded run-time `require` (kept external by esbuild).
 */
import { existsSync } from 'node:fs';
import util from 'node:util';

/** The optional native tfjs packages. */
export type NativePackage = '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';

/** Whether a native package loaded, with its version, or why not. */
export type NativeLoad = { readonly ok: true; readonly version: string } | { readonly ok: false; readonly reason: string };

/**
 * Whether a CUDA GPU is visible, cheaply (no process spawned): the NVIDIA driver's files, and CUDA_VISIBLE_DEVICES
 * not hiding every device. tfjs-node-gpu ships builds for linux-x64 and win32-x64 only.
 */
export function cudaGpuVisible(env: NodeJS.ProcessEnv = process.env): boolean {
  const visible = env['CUDA_VISIBLE_DEVICES'];
  if (visible !== undefined && (visible.trim() === '' || visible.trim() === '-1')) {
    return false;
  }
  if (process.arch !== 'x64') {
    return false;
  }
  if (process.platform === 'linux') {
    return existsSync('/proc/driver/nvidia/version');
  }
  if (process.platform === 'win32') {
    return existsSync(`${env['SystemRoot'] ?? 'C:\\Windows'}\\System32\\nvcuda.dll`);
  }
  return false;
}

/**
 * tfjs-node 4.22.0 calls `util.isNullOrUndefined`, which Node 23 removed (VS Code's runtime is Node 22/24);
 * the upstream fix was never released, so put the function back before loading it.
 */
export function shimNodeUtil(): void {
  const target = util as unknown as Record<string, unknown>;
  if (typeof target['isNullOrUndefined'] !== 'function') {
    target['isNullOrUndefined'] = (value: unknown) => value === null || value === undefined;
  }
}

/**
 * Loads a native package, which registers the `tensorflow` backend in the process-wide tfjs engine (tfjs keeps its
 * engine and kernel registry on the global object, so a separately installed copy registers into ours).
 */
export function loadNative(pkg: NativePackage): NativeLoad {
  shimNodeUtil();
  try {
    // A plain require with a literal: esbuild leaves it alone because the package is marked external.
    const mod = (pkg === '@tensorflow/tfjs-node-gpu' ? require('@tensorflow/tfjs-node-gpu') : require('@tensorflow/tfjs-node')) as {
      version?: Record<string, string>;
    };
    const version = mod.version?.['tfjs-node'] ?? mod.version?.['tfjs-node-gpu'] ?? 'unknown';
    return { ok: true, version };
  } catch (e) {
    // "Not installed" only when the package itself is missing, not a file it needs (its native binding).
    const absent = (e as { code?: string }).code === 'MODULE_NOT_FOUND' && firstLine(e).includes(`'${pkg}'`);
    return { ok: false, reason: absent ? `${pkg} not installed` : `${pkg} failed to load (${firstLine(e)})` };
  }
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0]!;
}
