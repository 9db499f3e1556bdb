// Bundles every process of netadjust: one esbuild context per entry point.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * The tfjs WebAssembly backend loads its binaries at run time from beside the engine bundle: copy them into dist/
 * so the CLI and the packaged extension find them without node_modules. (The threaded build is not needed:
 * tfjs turns wasm threads off under Node.)
 */
function copyWasmBinaries() {
  const wasmDist = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  mkdirSync('dist', { recursive: true });
  for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) {
    copyFileSync(path.join(wasmDist, file), path.join('dist', file));
  }
}

/**
 * The PyTorch engine's worker is Python source run by the user's interpreter (`python -m netadjust_worker`): copy the
 * package beside the engine bundle, where src/engine/torch/worker.ts looks for it, so it ships in the .vsix.
 */
function copyTorchWorker() {
  const from = path.join('src', 'engine', 'torch', 'worker', 'netadjust_worker');
  const to = path.join('dist', 'torch-worker', 'netadjust_worker');
  rmSync(path.join('dist', 'torch-worker'), { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from).filter((f) => f.endsWith('.py'))) {
    copyFileSync(path.join(from, file), path.join(to, file));
  }
}

/** Node-side entry points: the extension host client, the language server, the engine, the CLI. */
const nodeEntries = [
  { in: 'src/extension/main.ts', out: 'extension' },
  { in: 'src/cli/main.ts', out: 'cli' },
  { in: 'src/engine/main.ts', out: 'engine' },
  { in: 'src/server/main.ts', out: 'server' },
];

/** Reports build results in the shape VS Code's `$esbuild-watch` problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const contexts = [
  await esbuild.context({
    entryPoints: nodeEntries,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outdir: 'dist',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    external: ['vscode', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
    // jsonc-parser's `main` is a UMD build whose internal requires esbuild cannot follow (the bundle then fails at
    // startup with "Cannot find module './impl/format'"); its ESM build under `module` bundles cleanly.
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    plugins: [problemMatcher],
  }),
  // The progress panel's browser code, with Chart.js and the @vscode-elements components bundled in: the webview
  // loads this one local file under its CSP, nothing from a CDN.
  await esbuild.context({
    entryPoints: [{ in: 'webview/main.ts', out: 'webview' }],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    outdir: 'dist',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [problemMatcher],
  }),
];

/** vscode-languageclient stops a language server that does not exit with a script it expects beside the bundle. */
function copyTerminateScript() {
  const script = createRequire(import.meta.url).resolve('vscode-languageclient/lib/node/terminateProcess.sh');
  copyFileSync(script, path.join('dist', 'terminateProcess.sh'));
}

copyWasmBinaries();
copyTerminateScript();
copyTorchWorker();
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
