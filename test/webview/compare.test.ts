/**
 * A finished comparison in the progress panel, in real headless Chromium under the real CSP: the messages of a real
 * `netadjust compare` run (adjustment, uniform scaling, distillation, L1, CHIP and HRel pruning at half the MACs, with
 * measured latencies), and a run under a latency budget. Checks the accuracy-vs-MACs chart point by point (chart
 * data, where each point and its name went, and the pixels there), the budget lines, every row of the report, a
 * reload from saved state, a theme switch, and that nothing broke the CSP. Screenshots go to out/test-artifacts/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostToWebview } from '../../src/protocol/webview.js';
import type { LineSummary, PanelHook, PointSummary } from '../../webview/hookTypes.js';
import { CANVASES, pixelsIn, switchTheme, tableText, visible, type CanvasInfo } from './browserScripts.js';
import { compareMessages, compareSnapshot } from './compareFixtures.js';
import { panelSuite, type PanelPage } from './harness.js';
import { DARK, LIGHT, type Theme } from './themes.js';

type Charts = ReturnType<PanelHook['charts']>;

const HOOK = 'window.__netadjustPanel';
const CHARTS = `${HOOK}.charts()`;
const POINTS = `${HOOK}.tradeoffPoints()`;
const budgetLine = (chart: 'cost' | 'tradeoff'): string => `${HOOK}.budgetLine(${JSON.stringify(chart)})`;

const NAMES = ['original', 'uniformly scaled', 'adjusted', 'adjusted + distillation', 'L1-norm pruned', 'CHIP pruned', 'HRel pruned'];
/** The theme variable each network is drawn in (webview/networkStyle.ts). */
const COLOUR_VARIABLES = ['orange', 'purple', 'green', 'yellow', 'red', 'blue', 'foreground'].map((c) => `--vscode-charts-${c}`);
const colours = (theme: Theme): string[] => COLOUR_VARIABLES.map((v) => theme.variables[v]!);

/** Pixels of a point's own colour in a small square at its centre, inside its marker and clear of every name. */
function markerPixels(page: PanelPage, point: PointSummary, hex: string): Promise<number> {
  return page.eval<number>(pixelsIn('chart-tradeoff', hex, { x: point.x - 3, y: point.y - 3, width: 7, height: 7 }));
}

/** Pixels of the muted theme colour along a reference line (two pixels wide, whole-pixel aligned). */
function linePixels(page: PanelPage, id: string, line: LineSummary, theme: Theme): Promise<number> {
  const along = { from: Math.ceil(line.from), length: Math.floor(line.to - line.from) };
  const region = line.vertical ? { x: line.pixel - 1, y: along.from, width: 2, height: along.length } : { x: along.from, y: line.pixel - 1, width: along.length, height: 2 };
  return page.eval<number>(pixelsIn(id, theme.variables['--vscode-descriptionForeground']!, region, 8));
}

function overlap(a: PointSummary['label'], b: PointSummary['label']): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('a comparison in the progress panel (Chromium)', { timeout: 90_000 }, () => {
  const { open, pages } = panelSuite();
  const compare = compareSnapshot('compare');
  const report = compare.report!;
  let live: PanelPage;
  let charts: Charts;
  let points: PointSummary[];

  it('shows no accuracy-vs-MACs chart until the report is in', async () => {
    live = await open();
    const messages = compareMessages('compare');
    await live.post(messages.slice(0, messages.findIndex((m) => m.kind === 'report')));
    assert.equal(await live.eval(visible('#section-tradeoff')), false);
    assert.equal(await live.eval(visible('#section-report')), false);
    await live.post(messages.slice(messages.findIndex((m) => m.kind === 'report')));
    assert.equal(await live.eval(visible('#section-tradeoff')), true);
    assert.equal(await live.eval('document.getElementById("run-state").textContent'), 'done');
  });

  it('draws one labelled point per network at its MACs and test accuracy', async () => {
    charts = await live.eval<Charts>(CHARTS);
    assert.deepEqual(charts.tradeoff.datasets.map((d) => d.label), NAMES);
    assert.ok(charts.tradeoff.datasets.every((d) => d.points === 1), JSON.stringify(charts.tradeoff.datasets));
    assert.deepEqual(charts.tradeoff.datasets.map((d) => d.colour), colours(DARK));
    points = await live.eval<PointSummary[]>(POINTS);
    assert.deepEqual(points.map((p) => p.name), NAMES);
    // Geometry: more MACs further right, more accuracy higher up (canvas y grows downwards).
    const at = (name: string) => points.find((p) => p.name === name)!;
    assert.ok(at('original').x > at('adjusted').x + 200, 'the original has twice the MACs');
    assert.ok(at('L1-norm pruned').y < at('CHIP pruned').y && at('CHIP pruned').y > at('HRel pruned').y, 'L1 76.6 % and HRel 75.0 % above CHIP 74.6 %');
    assert.ok(at('adjusted').y < at('uniformly scaled').y, 'adjusted 73.4 % above uniform 72.0 %');
    assert.equal(Math.round(at('L1-norm pruned').x), Math.round(at('HRel pruned').x), 'the pruned networks share the uniform widths, so their MACs');
  });

  it('draws every point in its colour and writes every name clear of the others, inside the chart', async () => {
    const canvas = (await live.eval<CanvasInfo[]>(CANVASES)).find((c) => c.id === 'chart-tradeoff')!;
    assert.ok(canvas.width > 300 && canvas.height > 250 && canvas.colours > 20, JSON.stringify({ ...canvas, dataUrl: undefined }));
    const palette = colours(DARK);
    for (const [i, point] of points.entries()) {
      assert.ok((await markerPixels(live, point, palette[i]!)) >= 12, `the ${point.name} marker is drawn in ${palette[i]}`);
      const { label } = point;
      assert.ok(label.x >= 0 && label.y >= 0 && label.x + label.width <= canvas.width && label.y + label.height <= canvas.height, `${point.name}: ${JSON.stringify(label)}`);
      for (const other of points.slice(i + 1)) {
        assert.ok(!overlap(label, other.label), `the names ${point.name} and ${other.name} overlap`);
      }
    }
    const names = await live.eval<number>(pixelsIn('chart-tradeoff', DARK.variables['--vscode-charts-foreground']!, points[2]!.label));
    assert.ok(names > 10, `the name "adjusted" is written where its box is (${names} pixels)`);
    await live.screenshot('compare-done-dark.png');
  });

  it("draws the budget as a dashed vertical line at the run's target, left of the networks just above it", async () => {
    const line = (await live.eval<LineSummary | null>(budgetLine('tradeoff')))!;
    assert.deepEqual([line.value, line.label, line.vertical], [compare.manifest.budget!.targetMacs, 'budget 1.41 M', true]);
    assert.ok(line.pixel < points[2]!.x && line.pixel < points[1]!.x, 'the target 1.4115 M is below the adjusted 1.4243 M and uniform 1.4275 M');
    const drawn = await linePixels(live, 'chart-tradeoff', line, DARK);
    const length = Math.floor(line.to - line.from);
    // A 6-on 4-off dash covers 60 % of the line, two pixels wide; markers and names may hide a little of it.
    assert.ok(drawn > 0.45 * 2 * length && drawn < 0.75 * 2 * length, `${drawn} of ${2 * length} pixels of the line are the muted colour`);
  });

  it('the MACs chart starts at the uniformly scaled network and draws the budget line at the target', async () => {
    assert.deepEqual(charts.cost.labels, ['uniform', '1', '2', '3', 'adjusted']);
    const line = (await live.eval<LineSummary | null>(budgetLine('cost')))!;
    assert.deepEqual([line.value, line.label, line.vertical], [1_411_520, 'target 1.41 M', false]);
    const drawn = await linePixels(live, 'chart-cost', line, DARK);
    assert.ok(drawn > 0.3 * 2 * (line.to - line.from), `${drawn} pixels of the budget line`);
  });

  it('draws a training curve per final network', async () => {
    assert.deepEqual(charts.loss.datasets.slice(3).map((d) => d.label), NAMES.map((n) => `final ${n}`));
    assert.deepEqual(charts.loss.datasets.slice(3).map((d) => d.colour), colours(DARK));
  });

  it('has a report row per network: MACs, params, accuracy, latency with its batch size, recipe', async () => {
    const rows = await live.eval<string[][]>(tableText('#report-networks'));
    assert.deepEqual(rows[0], ['network', 'MACs', 'params', 'test accuracy', 'Δ vs original', 'latency', 'recipe']);
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      NAMES,
    );
    const ms = (n: number) => `${n.toPrecision(3)} ms (batch 1)`;
    assert.deepEqual(rows[1], ['original', '2.82 M', '35.67 k', '76.80 %', '', ms(report.original.latency!.medianMs), 'from scratch']);
    assert.deepEqual(rows[4], ['adjusted + distillation', '1.42 M', '15.45 k', '69.80 %', '\u22127.00 pp', ms(report.distilled!.latency!.medianMs), 'distilled from the original']);
    assert.deepEqual(rows[6], ['CHIP pruned', '1.43 M', '18.23 k', '74.60 %', '\u22122.20 pp', ms(report.pruned!.chip!.latency!.medianMs), 'fine-tuned from the original']);
    assert.equal(await live.eval(visible('#report-latency')), false, 'no latency block under a MAC budget');
    assert.deepEqual(await live.eval(`[...document.querySelectorAll('#report-networks tbody tr')].map((tr) => tr.dataset.network)`), ['original', 'uniform', 'adjusted', 'adjusted-distilled', 'l1', 'chip', 'hrel']);
  });

  it('a reload with the saved state draws the same comparison, pixel for pixel', async () => {
    const saved = await live.savedState();
    const reloaded = await open({ saved });
    assert.deepEqual(await reloaded.posted(), [{ kind: 'ready' }]);
    assert.deepEqual(await reloaded.eval(CHARTS), charts);
    assert.deepEqual(await reloaded.eval(POINTS), points);
    const canvas = async (page: PanelPage) => (await page.eval<CanvasInfo[]>(CANVASES)).find((c) => c.id === 'chart-tradeoff');
    assert.deepEqual(await canvas(reloaded), await canvas(live));
    assert.deepEqual(await reloaded.eval(tableText('#report-networks')), await live.eval(tableText('#report-networks')));
  });

  it('in a narrow side panel the chart redraws at its width and the names still stay apart', async () => {
    const page = await open();
    await page.post([{ kind: 'snapshot', snapshot: compare }]);
    await page.page.setViewportSize({ width: 420, height: 900 });
    await page.until(`document.getElementById('chart-tradeoff').width < 400`);
    const narrow = await page.eval<PointSummary[]>(POINTS);
    const width = await page.eval<number>(`document.getElementById('chart-tradeoff').width`);
    assert.equal(narrow.length, NAMES.length);
    for (const [i, point] of narrow.entries()) {
      assert.ok(point.label.x >= 0 && point.label.x + point.label.width <= width, `${point.name}: ${JSON.stringify(point.label)} in ${width} px`);
      for (const other of narrow.slice(i + 1)) {
        assert.ok(!overlap(point.label, other.label), `the names ${point.name} and ${other.name} overlap at ${width} px`);
      }
    }
    await page.screenshot('compare-done-narrow-dark.png');
  });

  it('under a latency budget: the latency figures, the predicted column, and no MAC budget line', async () => {
    const page = await open();
    const latency = compareSnapshot('latency');
    await page.post([{ kind: 'snapshot', snapshot: latency } satisfies HostToWebview]);
    assert.deepEqual(await page.eval(tableText('#report-latency')), [
      ['latency table', 'latency-table.json'],
      ['timed on', 'tfjs · wasm, batch 1'],
      ['MACs–latency rank correlation', 'ρ = 0.24'],
      ['table / measured', '0.91×'],
      ['adjusted / original MACs', '0.580×'],
      ['adjusted / original latency', '0.698×'],
    ]);
    const rows = await page.eval<string[][]>(tableText('#report-networks'));
    assert.deepEqual(rows[0], ['network', 'MACs', 'params', 'test accuracy', 'Δ vs original', 'latency', 'predicted', 'recipe']);
    assert.deepEqual(rows.map((r) => r[6]), ['predicted', '0.366 ms', '0.293 ms', '0.292 ms', '0.289 ms']);
    assert.deepEqual((await page.eval<Charts>(CHARTS)).tradeoff.datasets.map((d) => d.label), ['original', 'uniformly scaled', 'adjusted', 'L1-norm pruned']);
    assert.equal(await page.eval(budgetLine('tradeoff')), null);
    assert.equal(await page.eval(budgetLine('cost')), null);
    await page.screenshot('compare-latency-dark.png');
  });

  it('re-reads the theme: the points and the budget line take the light theme colours', async () => {
    const page = await open();
    await page.post([{ kind: 'snapshot', snapshot: compare }]);
    await page.eval(switchTheme(LIGHT));
    await page.until(`${CHARTS}.tradeoff.datasets[0].colour === ${JSON.stringify(LIGHT.variables['--vscode-charts-orange'])}`);
    assert.deepEqual((await page.eval<Charts>(CHARTS)).tradeoff.datasets.map((d) => d.colour), colours(LIGHT));
    const lightPoints = await page.eval<PointSummary[]>(POINTS);
    const palette = colours(LIGHT);
    for (const [i, point] of lightPoints.entries()) {
      assert.ok((await markerPixels(page, point, palette[i]!)) >= 12, `the ${point.name} marker is redrawn in ${palette[i]}`);
    }
    const line = (await page.eval<LineSummary | null>(budgetLine('tradeoff')))!;
    assert.ok((await linePixels(page, 'chart-tradeoff', line, LIGHT)) > 0.45 * 2 * (line.to - line.from), 'the budget line in the light muted colour');
    await page.screenshot('compare-done-light.png');
  });

  it('no page hit a CSP violation or an error', async () => {
    assert.ok(pages.length >= 4);
    for (const page of pages) {
      assert.deepEqual(await page.violations(), []);
      assert.deepEqual(page.errors, []);
    }
  });
});
