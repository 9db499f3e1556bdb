/**
 * The "Compare methods" part of the end-to-end test: runs the command from the explorer's context menu on a second
 * tiny model (test/fixtures/e2e-workspace/compare.netadj.yaml), answers its prompts — half the MACs, the L1 pruning
 * baseline only, the model file's own tiny search — and follows the run in the progress panel until it is done.
 * Then checks the panel's accuracy-vs-MACs chart (the test hook's chart data and drawn points, and the pixels at each
 * point), its report table, and the run folder on disk.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { ChartSummary, LineSummary, PointSummary } from '../../webview/hookTypes.js';
import { closeDialogs, ExtensionError, panelFrame, runFromExplorerMenu, until, untilNoError } from './workbench.js';

export const COMPARE_MODEL = 'compare.netadj.yaml';

/** The methods pick's rows to uncheck (every baseline starts picked), and the one to keep. */
const UNPICKED = ['Uniform scaling', 'CHIP pruning', 'HRel pruning'];
const PICKED = 'L1-norm pruning';
/** The networks the comparison trains, as the chart and the report name them (webview/networksModel.ts order). */
const NETWORKS = [
  { network: 'original', name: 'original' },
  { network: 'adjusted', name: 'adjusted' },
  { network: 'l1', name: 'L1-norm pruned' },
] as const;
/** The chart's marker radius (webview/charts/tradeoffChart.ts): markers closer than this overlap. */
const MARKER_DIAMETER = 12;

export interface Workbench {
  readonly page: Page;
  readonly step: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
  readonly screenshot: (name: string) => Promise<void>;
  readonly diagnostic: (message: string) => void;
}

interface NetworkResult {
  readonly macs: number;
  readonly testAccuracy: number;
  readonly recipe?: string;
}
interface CompareReport {
  readonly runId: string;
  readonly original: NetworkResult;
  readonly uniform?: NetworkResult;
  readonly adjusted: NetworkResult;
  readonly pruned?: Record<string, NetworkResult | undefined>;
}
interface CompareManifest {
  readonly compare?: { readonly methods: readonly string[] };
  readonly settings: { readonly targetMacs: number };
  readonly budget?: { readonly targetMacs: number };
  readonly originalMacs: number;
}

interface CompareView {
  readonly runId: string | undefined;
  readonly state: string;
  readonly stats: string;
  readonly tradeoff: ChartSummary;
  readonly points: readonly PointSummary[];
  readonly budget: LineSummary | null;
  readonly sectionShown: boolean;
  readonly rows: readonly { readonly network: string; readonly cells: readonly string[] }[];
}

const COMPARE_VIEW = `(() => {
  const hook = window.__netadjustPanel;
  const section = document.getElementById('section-tradeoff');
  return {
    runId: hook.runId(),
    state: document.querySelector('#run-state')?.textContent ?? '',
    stats: document.querySelector('header .stats')?.textContent ?? '',
    tradeoff: hook.charts().tradeoff,
    points: hook.tradeoffPoints(),
    budget: hook.budgetLine('tradeoff'),
    sectionShown: !!section && !section.hidden && section.offsetParent !== null,
    rows: [...document.querySelectorAll('#report-networks tbody tr')].map((tr) => ({ network: tr.dataset.network, cells: [...tr.children].map((c) => c.textContent.trim()) })),
  };
})()`;

/**
 * Pixels of the chart canvas within `tolerance` of a CSS colour (resolved through a canvas, whatever its notation)
 * in each box, in CSS pixels of the canvas. Returns one count per box.
 */
function pixelCounts(boxes: readonly { readonly colour: string; readonly x: number; readonly y: number; readonly width: number; readonly height: number }[], tolerance = 24): string {
  return `(() => {
  const canvas = document.getElementById('chart-tradeoff');
  const scale = canvas.width / canvas.clientWidth;
  const probe = document.createElement('canvas').getContext('2d');
  const rgb = (css) => { probe.clearRect(0, 0, 1, 1); probe.fillStyle = css; probe.fillRect(0, 0, 1, 1); return probe.getImageData(0, 0, 1, 1).data; };
  const context = canvas.getContext('2d');
  return ${JSON.stringify(boxes)}.map((b) => {
    const [r, g, bl] = rgb(b.colour);
    const x = Math.max(0, Math.round(b.x * scale)), y = Math.max(0, Math.round(b.y * scale));
    const { data } = context.getImageData(x, y, Math.max(1, Math.round(b.width * scale)), Math.max(1, Math.round(b.height * scale)));
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && Math.abs(data[i] - r) <= ${tolerance} && Math.abs(data[i + 1] - g) <= ${tolerance} && Math.abs(data[i + 2] - bl) <= ${tolerance}) n++;
    }
    return n;
  });
})()`;
}

const FOREGROUND = `getComputedStyle(document.body).getPropertyValue('--vscode-charts-foreground').trim()`;

export async function compareMethods(w: Workbench, run: { readonly runsDir: string; readonly previousRunId: string }): Promise<void> {
  await w.step('Compare methods from the explorer context menu: half the MACs, the L1 baseline only', () => startComparison(w));
  const { frame, view } = await w.step('the progress panel follows the comparison until it is done', () => followComparison(w, run.previousRunId));
  await frame.evaluate(`document.getElementById('section-tradeoff').scrollIntoView({ block: 'center' })`);
  await w.screenshot('compare-done');
  const { report, manifest } = readRun(run.runsDir, view.runId!);
  w.diagnostic(
    `comparison ${report.runId}: ${NETWORKS.map(({ network, name }) => `${name} ${(resultOf(report, network).macs / 1e3).toFixed(1)} k MACs ${(resultOf(report, network).testAccuracy * 100).toFixed(1)} %`).join(', ')}; points ${JSON.stringify(view.points.map((p) => [p.name, Math.round(p.x), Math.round(p.y)]))}`,
  );
  checkRunFolder(report, manifest);
  checkChart(view, manifest);
  const pixels = await checkChartPixels(frame, view.points);
  w.diagnostic(`chart pixels of each marker's colour at its centre (of 49): ${pixels.markers.join(', ')}; of the foreground in each name's box: ${pixels.names.join(', ')}`);
  checkReportTable(view);
}

/** Runs the command and answers its three prompts. */
async function startComparison(w: Workbench): Promise<void> {
  const page = w.page;
  await runFromExplorerMenu(page, COMPARE_MODEL, 'Compare methods');
  const quickInput = page.locator('.quick-input-widget');
  // The target: an input box checked as it is typed.
  await quickInput.locator('.quick-input-title', { hasText: `Compare methods on ${COMPARE_MODEL}: target MACs` }).waitFor({ timeout: 20_000 });
  const box = quickInput.locator('.quick-input-box input');
  await box.fill('0.5');
  await page.keyboard.press('Enter');
  // The baselines: a multi-select pick with every method picked; a click on a row's label toggles it.
  await quickInput.locator('.quick-input-title', { hasText: /^Compare the adjusted network at 0\.5× the original/ }).waitFor({ timeout: 10_000 });
  for (const label of UNPICKED) {
    await quickInput.locator('.monaco-list-row', { hasText: label }).locator('.quick-input-list-label').click();
  }
  await until(`the methods pick to count one picked (${PICKED})`, 5_000, async () => (/\b1\b/.test((await quickInput.locator('.quick-input-count').textContent()) ?? '') ? true : undefined));
  await w.screenshot('compare-methods');
  await page.keyboard.press('Enter');
  // The run's settings, "Start comparison" first and focused: the file's search, three final trainings.
  await quickInput.locator('.quick-input-title', { hasText: `Compare methods on ${COMPARE_MODEL}` }).waitFor({ timeout: 10_000 });
  const focused = quickInput.locator('.monaco-list-row.focused');
  await focused.waitFor({ timeout: 5_000 });
  assert.match((await focused.textContent()) ?? '', /Start comparison/);
  const shown = (await quickInput.textContent()) ?? '';
  assert.match(shown, /1 × 1 epochs, then 3 × 1 final epochs/, 'the original, the adjusted and the L1-pruned network are trained once each');
  assert.match(shown, /0\.5× the original/);
  await w.screenshot('compare-pick');
  await page.keyboard.press('Enter');
  await quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Polls the panel until it shows a new run, done, with its report in. */
async function followComparison(w: Workbench, previousRunId: string): Promise<{ frame: Frame; view: CompareView }> {
  const seen: string[] = [];
  let frame: Frame | undefined;
  const view = await untilNoError(w.page, 'the comparison to be done in the panel', 90_000, async () => {
    frame = frame && !frame.isDetached() ? frame : await panelFrame(w.page);
    if (!frame) {
      return undefined;
    }
    const v = await frame.evaluate<CompareView>(COMPARE_VIEW);
    const summary = `${v.runId ?? '-'}/${v.state || '-'}`;
    if (seen.at(-1) !== summary) {
      seen.push(summary);
    }
    if (v.runId === undefined || v.runId === previousRunId) {
      return undefined;
    }
    if (v.state === 'failed' || v.state === 'cancelled') {
      throw new ExtensionError(`the comparison ${v.state}: ${v.stats}`);
    }
    return v.state === 'done' && v.tradeoff.datasets.length > 0 && v.rows.length > 0 ? v : undefined;
  }).catch((e: unknown) => {
    throw new Error(`${String(e)}\npanel (run/state) seen: ${seen.join(' ')}`);
  });
  await closeDialogs(w.page);
  return { frame: frame!, view };
}

function readRun(runsDir: string, runId: string): { report: CompareReport; manifest: CompareManifest } {
  const dir = path.join(runsDir, runId);
  const reportFile = path.join(dir, 'report.json');
  assert.ok(fs.existsSync(reportFile), `the run folder of ${runId} holds report.json: ${fs.existsSync(dir) ? fs.readdirSync(dir).join(', ') : 'no folder'}`);
  return {
    report: JSON.parse(fs.readFileSync(reportFile, 'utf8')) as CompareReport,
    manifest: JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as CompareManifest,
  };
}

function resultOf(report: CompareReport, network: (typeof NETWORKS)[number]['network']): NetworkResult {
  const result = network === 'l1' ? report.pruned?.l1 : report[network];
  assert.ok(result, `report.json has the ${network} network: ${JSON.stringify(Object.keys(report))}`);
  return result;
}

/** The run as the engine wrote it: half the MACs, the L1 baseline fine-tuned from the original, nothing else. */
function checkRunFolder(report: CompareReport, manifest: CompareManifest): void {
  assert.deepEqual(manifest.compare?.methods, ['l1'], 'run.json records the one method picked');
  assert.equal(manifest.settings.targetMacs, 0.5, 'the run has the target typed into the input box');
  const budget = manifest.budget?.targetMacs ?? Number.NaN;
  assert.ok(Math.abs(budget - manifest.originalMacs * 0.5) <= 1, `run.json records half the original's ${manifest.originalMacs} MACs as the budget: ${budget}`);
  const l1 = resultOf(report, 'l1');
  assert.equal(l1.recipe, 'fine-tune', 'the L1 baseline is fine-tuned from the trained original');
  assert.ok(Number.isFinite(l1.testAccuracy) && l1.testAccuracy > 0 && l1.testAccuracy <= 1, `pruned.l1 has a test accuracy: ${l1.testAccuracy}`);
  for (const network of ['adjusted', 'l1'] as const) {
    const macs = resultOf(report, network).macs;
    assert.ok(macs < 0.6 * manifest.originalMacs, `the ${network} network is near half the original's ${manifest.originalMacs} MACs: ${macs}`);
  }
  assert.equal(report.uniform, undefined, 'uniform scaling was not picked, so it is not trained');
  assert.deepEqual(Object.keys(report.pruned ?? {}), ['l1'], 'only the L1 baseline is pruned');
}

/** One point per network, at its MACs (the original far right of the others), and the budget line left of it. */
function checkChart(view: CompareView, manifest: CompareManifest): void {
  const names = NETWORKS.map((n) => n.name);
  assert.ok(view.sectionShown, 'the accuracy-vs-MACs chart is shown');
  assert.deepEqual(view.tradeoff.datasets.map((d) => d.label), names, 'one dataset per network');
  assert.ok(view.tradeoff.datasets.every((d) => d.points === 1), `one point each: ${JSON.stringify(view.tradeoff.datasets)}`);
  assert.deepEqual(view.points.map((p) => p.name), names, 'every point is drawn with its name');
  const at = (name: string): PointSummary => view.points.find((p) => p.name === name)!;
  assert.ok(at('original').x > at('adjusted').x + 50 && at('original').x > at('L1-norm pruned').x + 50, 'the original, with twice the MACs, is far right of the others');
  const line = view.budget;
  assert.ok(line && line.vertical && line.value === manifest.budget?.targetMacs, `the budget is a vertical line at the target: ${JSON.stringify(line)}`);
  assert.ok(line.pixel < at('original').x, 'the budget line is left of the original');
}

/** Each marker's colour at its centre (or, where markers overlap, one of theirs), and each name's text in its box. */
async function checkChartPixels(frame: Frame, points: readonly PointSummary[]): Promise<{ markers: number[]; names: number[] }> {
  const centre = (p: PointSummary, half: number) => ({ colour: p.colour, x: p.x - half, y: p.y - half, width: 2 * half + 1, height: 2 * half + 1 });
  const counts = await frame.evaluate<number[]>(pixelCounts(points.map((p) => centre(p, 3))));
  for (const [i, point] of points.entries()) {
    const covering = points.filter((other, j) => j !== i && Math.abs(other.x - point.x) < MARKER_DIAMETER && Math.abs(other.y - point.y) < MARKER_DIAMETER);
    if (covering.length === 0) {
      assert.ok(counts[i]! >= 12, `the ${point.name} marker is drawn in ${point.colour} (${counts[i]} of 49 pixels at its centre)`);
    } else {
      // Another marker may be drawn over this one: one of the group's colours is at this centre.
      const group = await frame.evaluate<number[]>(pixelCounts([point, ...covering].map((p) => ({ ...centre(point, 3), colour: p.colour }))));
      assert.ok(Math.max(...group) >= 12, `a marker is drawn where ${point.name} and ${covering.map((c) => c.name).join(', ')} meet (${JSON.stringify(group)})`);
    }
  }
  const foreground = await frame.evaluate<string>(FOREGROUND);
  assert.ok(foreground !== '', 'the theme gives the chart a foreground colour');
  const names = await frame.evaluate<number[]>(pixelCounts(points.map((p) => ({ colour: foreground, ...p.label }))));
  for (const [i, point] of points.entries()) {
    assert.ok(names[i]! > 10, `the name "${point.name}" is written where its box is (${names[i]} pixels of ${foreground})`);
  }
  return { markers: counts, names };
}

/** A row per network, the L1-pruned one with its numbers and its recipe. */
function checkReportTable(view: CompareView): void {
  assert.deepEqual(view.rows.map((r) => r.network), NETWORKS.map((n) => n.network), `the report's networks: ${JSON.stringify(view.rows)}`);
  const l1 = view.rows.find((r) => r.network === 'l1')!;
  assert.equal(l1.cells[0], 'L1-norm pruned');
  assert.match(l1.cells[1] ?? '', /^\d+\.\d\d\sk$/, `its MACs: ${JSON.stringify(l1.cells)}`);
  assert.match(l1.cells[3] ?? '', /^\d+\.\d\d\s%$/, `its test accuracy: ${JSON.stringify(l1.cells)}`);
  assert.match(l1.cells.at(-1)!, /^fine-tuned from the original \(\d+\.\d\d % right after the cut\)$/);
}
