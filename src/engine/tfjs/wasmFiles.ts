/**
 * Where the wasm backend's binaries are. Bundled by esbuild, the backend's own lookup (next to the running script)
 * finds nothing, so the folder is resolved at run time and handed to `setWasmPaths`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/**
 * The binaries Node can load: tfjs never enables wasm threads under Node, so only the SIMD build (or, without SIMD,
 * the plain one) is ever read. The threaded build is for browsers.
 */
export const WASM_BINARIES = ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'] as const;

const PROBE = WASM_BINARIES[0];

/**
 * The folder holding the wasm binaries, with a trailing separator (tfjs appends file names to it), or null.
 * Looks, in order: `NETADJUST_WASM_DIR`; the installed package (`node_modules/@tensorflow/tfjs-backend-wasm/dist/`,
 * which resolves from the bundle in an extension's `dist/` as well as from compiled sources); next to this script.
 */
export function locateWasmDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env['NETADJUST_WASM_DIR'], resolvePackageDir(), __dirname].filter((d): d is string => !!d);
  const found = candidates.find((dir) => existsSync(join(dir, PROBE)));
  return found === undefined ? null : withSeparator(found);
}

function resolvePackageDir(): string | undefined {
  try {
    // A deep path needs no package.json and no `main` file: shipping the .wasm files alone is enough.
    return dirname(require.resolve(`@tensorflow/tfjs-backend-wasm/dist/${PROBE}`));
  } catch {
    return undefined;
  }
}

function withSeparator(dir: string): string {
  return dir.endsWith(sep) || dir.endsWith('/') ? dir : dir + sep;
}
