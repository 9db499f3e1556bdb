// Bundles every process of netadjust: one esbuild context per entry point.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Node-side entry points: the extension host client, the CLI. */
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
];

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
