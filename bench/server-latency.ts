/**
 * Re-analysis latency per keystroke in the language server, for ResNet-110 (examples/resnet110-cifar100.netadj.yaml).
 *
 * Simulates 200 edits that each change one width literal and times, per edit:
 * - in process: loadModel + summary + CodeLens + inlay hints + diagnostics (with a run's results present, so the
 *   FUR lenses and proposed-width hints are computed too);
 * - end to end: didChange → publishDiagnostics, then codeLens and inlayHint answered, against the compiled server.
 * Both for the file as shipped (one literal per stage slot) and with one literal per block (as after "Apply").
 *
 * Run: npx tsc -p tsconfig.test.json && node out/bench/server-latency.js
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeText } from '../src/server/analysisCache.js';
import { computeCodeLenses } from '../src/server/codeLens.js';
import { computeDiagnostics } from '../src/server/diagnostics.js';
import { computeInlayHints } from '../src/server/inlayHints.js';
import { RunResultsStore } from '../src/server/runResults.js';
import { LspClient } from '../test/helpers/lsp.js';

const EDITS = 200;
const WARMUP = 20;
const FILE = path.resolve(__dirname, '..', '..', 'examples', 'resnet110-cifar100.netadj.yaml');
const URI = pathToFileURL(FILE).toString();

interface Variant {
  readonly name: string;
  readonly text: string;
  /** The literal the edits change: its offset and written value. */
  readonly literal: { readonly start: number; readonly end: number };
}

function variants(): Variant[] {
  const shipped = readFileSync(FILE, 'utf8');
  // One literal per block instance: `inner: [16, 16, …]`, as the rewriter writes diverging widths.
  const perBlock = shipped.replace(/(inner|out): (\d+)/g, (_m, slot: string, w: string) => `${slot}: [${Array(18).fill(w).join(', ')}]`);
  const literalOf = (text: string, needle: string) => {
    const start = text.indexOf(needle) + needle.length - 2;
    return { start, end: start + 2 };
  };
  return [
    { name: 'shipped (scalar widths)', text: shipped, literal: literalOf(shipped, 'stride: 2, inner: 32') },
    { name: 'one literal per block', text: perBlock, literal: literalOf(perBlock, 'stride: 2, inner: [32') },
  ];
}

/** The i-th edit: the literal set to a width between 24 and 47. */
function edit(v: Variant, i: number): string {
  return v.text.slice(0, v.literal.start) + String(24 + (i % 24)) + v.text.slice(v.literal.end);
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function report(label: string, samples: readonly number[]): void {
  const f = (x: number) => x.toFixed(2).padStart(7);
  console.log(`  ${label.padEnd(34)} p50 ${f(percentile(samples, 50))} ms   p95 ${f(percentile(samples, 95))} ms   max ${f(Math.max(...samples))} ms`);
}

/** Synthetic run results: every group measured, every searchable width proposed 2 channels wider. */
function runFor(v: Variant): RunResultsStore {
  const analysis = analyzeText(URI, 0, v.text).model.analysis!;
  const store = new RunResultsStore();
  store.update({
    uri: URI,
    runId: 'bench',
    iteration: 3,
    fur: Object.fromEntries(analysis.groups.map((g, i) => [g.id, (i % 17) / 100])),
    widths: { ...analysis.widths },
    proposed: Object.fromEntries(analysis.graph.widths.map((w) => [w.name, w.searchable ? w.value + 2 : w.value])),
  });
  return store;
}

function inProcess(v: Variant): number[] {
  const run = runFor(v).get(URI);
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const text = edit(v, i);
    const t0 = performance.now();
    const a = analyzeText(URI, i + 1, text);
    computeDiagnostics(a);
    const lenses = computeCodeLenses(a, run);
    const hints = computeInlayHints(a, run);
    const ms = performance.now() - t0;
    if (lenses.length < 6 || hints.length === 0) {
      throw new Error(`unexpected result: ${lenses.length} lenses, ${hints.length} hints`);
    }
    if (i >= WARMUP) {
      samples.push(ms);
    }
  }
  return samples;
}

async function endToEnd(v: Variant): Promise<number[]> {
  const client = await LspClient.start();
  try {
    await client.open(URI, v.text);
    const analysis = analyzeText(URI, 0, v.text).model.analysis!;
    await client.connection.sendNotification('netadjust/runResults', {
      uri: URI, runId: 'bench', iteration: 3, widths: analysis.widths,
      fur: Object.fromEntries(analysis.groups.map((g, i) => [g.id, (i % 17) / 100])),
      proposed: Object.fromEntries(analysis.graph.widths.map((w) => [w.name, w.value + 2])),
    });
    const td = { textDocument: { uri: URI } };
    const range = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + EDITS; i++) {
      const t0 = performance.now();
      await client.change(URI, i + 2, edit(v, i));
      await Promise.all([client.request('textDocument/codeLens', td), client.request('textDocument/inlayHint', { ...td, range })]);
      if (i >= WARMUP) {
        samples.push(performance.now() - t0);
      }
    }
    return samples;
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  console.log(`ResNet-110 (${path.relative(process.cwd(), FILE)}), ${EDITS} edits of one width literal, after ${WARMUP} warm-up edits`);
  for (const v of variants()) {
    console.log(`${v.name}:`);
    report('analysis + lenses + hints', inProcess(v));
    report('LSP round trip (didChange → all)', await endToEnd(v));
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
