/**
 * The progress panel in real headless Chromium: the built bundle under the real CSP, fed the messages of a
 * recorded run. Checks what is drawn (pixels and chart data), what the buttons post, that saved state and a
 * reopened finished run draw the same charts, theme switches, and that the CSP is never violated.
 * Screenshots go to out/test-artifacts/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWebviewToHost } from '../../src/extension/panelHtml.js';
import type { HostToWebview } from '../../src/protocol/webview.js';
import type { PanelHook } from '../../webview/hookTypes.js';
import { finishedSnapshot, recordedMessages } from '../helpers/panelFixture.js';
import { CANVASES, pixelsOf, switchTheme, tableText, visible, type CanvasInfo } from './browserScripts.js';
import { panelSuite, type PanelPage } from './harness.js';
import { DARK, LIGHT } from './themes.js';

type Charts = ReturnType<PanelHook['charts']>;

const messages = recordedMessages();
const runId = finishedSnapshot().manifest.runId;
/** Mid-run: two iterations done, the third in its second epoch. */
const midRun = messages.findIndex((m) => m.kind === 'progress' && m.event.phase === 'search-train' && m.event.iteration === 2 && m.event.epoch === 2 && m.event.epochEnd) + 1;

const CHARTS = 'window.__netadjustPanel.charts()';
const text = (selector: string): string => `document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`;
const pointsOf = (c: Charts, name: keyof Charts): number[] => c[name].datasets.map((d) => d.points);

describe('progress panel in Chromium', { timeout: 60_000 }, () => {
  const { open, openApart, pages } = panelSuite();
  let live: PanelPage;
  let finalCanvases: CanvasInfo[];
  let finalCharts: Charts;

  it('says ready, then waits for the first epoch of a run that just started', async () => {
    live = await open();
    assert.deepEqual(await live.posted(), [{ kind: 'ready' }]);
    assert.equal(await live.eval(text('h1')), 'No run');
    await live.post(messages.slice(0, 1));
    assert.equal(await live.eval(visible('#waiting')), true);
    assert.equal(await live.eval(visible('#section-loss')), false, 'no empty charts while waiting');
    assert.match(await live.eval<string>(text('header .stats')), /phase\s*starting.*iteration 1\/3/);
    assert.equal(await live.eval(visible('#action-cancel')), true);
    await live.screenshot('panel-waiting-dark.png');
  });

  it('draws the live run as the engine reports it', async () => {
    await live.post(messages.slice(1, midRun));
    const charts = await live.eval<Charts>(CHARTS);
    assert.deepEqual(charts.loss.datasets.map((d) => d.label), ['iteration 1', 'iteration 2', 'iteration 3']);
    assert.deepEqual(pointsOf(charts, 'loss'), [4, 4, 2]);
    assert.deepEqual(pointsOf(charts, 'accuracy'), [4, 4, 2]);
    assert.deepEqual(charts.cost.labels, ['1', '2']);
    assert.equal(charts.fur.labels.length, 10, 'one FUR bar per layer group');
    assert.equal(await live.eval(visible('#waiting')), false);
    const stats = await live.eval<string>(text('header .stats'));
    assert.match(stats, /training \(search\).*iteration 3\/3.*epoch 2\/4.*ETA\s*\d.*500 images\/s.*tfjs 4\.22\.0 · wasm/);
    assert.deepEqual((await live.eval<string[][]>(tableText('#section-widths table'))).slice(0, 2), [
      ['layer', 'original', 'it 1', 'it 2', 'next'],
      ['conv1', '32', '32', '37', '42'],
    ]);
    await live.screenshot('panel-running-dark.png');
  });

  it('Cancel posts cancel with the run id', async () => {
    await live.page.click('#action-cancel');
    assert.deepEqual((await live.posted()).at(-1), { kind: 'cancel', runId });
  });

  it('ignores window messages that are not the host’s', async () => {
    const before = await live.eval<Charts>(CHARTS);
    await live.post(['snapshot', { kind: 'snapshot' }, { kind: 'bogus', event: {} }, { kind: 'progress', event: { ...finishedSnapshot().epochs[0], runId: 'another-run' } }]);
    assert.deepEqual(await live.eval<Charts>(CHARTS), before);
  });

  it('draws the finished run: every training, costs, FUR bars coloured, widths and the report', async () => {
    await live.post(messages.slice(midRun));
    finalCharts = await live.eval<Charts>(CHARTS);
    assert.deepEqual(finalCharts.loss.datasets.map((d) => d.label), ['iteration 1', 'iteration 2', 'iteration 3', 'final original', 'final adjusted']);
    assert.deepEqual(pointsOf(finalCharts, 'loss'), [4, 4, 4, 6, 6]);
    assert.deepEqual(finalCharts.cost.labels, ['1', '2', '3', 'adjusted']);
    assert.deepEqual(pointsOf(finalCharts, 'fur'), [2, 2, 6], 'two grown, two shrunk, six kept');
    finalCanvases = await live.eval<CanvasInfo[]>(CANVASES);
    assert.deepEqual(finalCanvases.map((c) => c.id).sort(), ['chart-accuracy', 'chart-cost', 'chart-fur', 'chart-loss', 'chart-tradeoff']);
    // Without a budget the MACs line is held at the original's, and the accuracy-vs-MACs chart has its two networks.
    assert.deepEqual(await live.eval('(({ value, label, vertical }) => ({ value, label, vertical }))(window.__netadjustPanel.budgetLine("cost"))'), { value: 71_666_176, label: 'original MACs 71.67 M', vertical: false });
    assert.deepEqual(finalCharts.tradeoff.datasets.map((d) => [d.label, d.points]), [['original', 1], ['adjusted', 1]]);
    assert.equal(await live.eval('window.__netadjustPanel.budgetLine("tradeoff")'), null);
    for (const c of finalCanvases) {
      assert.ok(c.width > 100 && c.height > 100 && c.colours > 20, `${c.id} looks blank: ${JSON.stringify({ ...c, dataUrl: undefined })}`);
    }
    const v = DARK.variables;
    assert.ok((await live.eval<number>(pixelsOf('chart-loss', v['--vscode-charts-green']!))) > 50, 'the final adjusted curve is drawn');
    assert.ok((await live.eval<number>(pixelsOf('chart-loss', v['--vscode-charts-orange']!))) > 50, 'the final original curve is drawn');
    assert.ok((await live.eval<number>(pixelsOf('chart-fur', v['--vscode-charts-green']!))) > 200, 'grown bars are green');
    assert.ok((await live.eval<number>(pixelsOf('chart-fur', v['--vscode-charts-red']!))) > 200, 'shrunk bars are red');
    assert.deepEqual(await live.eval(tableText('#report-metrics')), [
      ['', 'original', 'adjusted', 'Δ'],
      ['MACs', '71.67 M', '71.73 M', '+0.09 %'],
      ['params', '1.91 M', '1.43 M', '\u221225.13 %'],
      ['test accuracy', '57.47 %', '57.96 %', '+0.49 pp'],
      ['test loss', '0.7400', '0.7253', '\u22120.0147'],
    ]);
    assert.deepEqual((await live.eval<string[][]>(tableText('#report-layers')))[9], ['conv9', '256', '220', '\u221236']);
    // Heatmap tints: conv8 ends at 182 of 256 (red), conv1 at 47 of 32 (green); an unchanged width is not tinted.
    const tints = await live.eval<string[]>(`[...document.querySelectorAll('#section-widths tbody tr')].map((tr) => [tr.cells[1], tr.cells[tr.cells.length - 1]].map((c) => c.style.backgroundColor).join('|'))`);
    assert.match(tints[0]!, /^\|rgba\(137, 209, 133, 0\.\d+\)$/);
    assert.match(tints[7]!, /^\|rgba\(241, 76, 76, 0\.\d+\)$/);
    assert.equal(await live.eval(text('#run-state')), 'done');
    await live.screenshot('panel-done-dark.png');
  });

  it('offers Apply and Open report when done, and they post with the run id', async () => {
    assert.deepEqual(await Promise.all(['cancel', 'resume', 'apply', 'openReport'].map((a) => live.eval(visible(`#action-${a}`)))), [false, false, true, true]);
    await live.page.click('#action-apply');
    await live.page.click('#action-openReport');
    assert.deepEqual((await live.posted()).slice(-2), [{ kind: 'apply', runId }, { kind: 'openReport', runId }]);
  });

  it('a reload with the saved state draws the same charts before any message', async () => {
    const saved = await live.savedState();
    assert.equal(saved?.snapshot?.state, 'done');
    const reloaded = await open({ saved });
    assert.deepEqual(await reloaded.posted(), [{ kind: 'ready' }], 'only ready: nothing was sent to it');
    assert.deepEqual(await reloaded.eval(CHARTS), finalCharts);
    assert.deepEqual(await reloaded.eval(CANVASES), finalCanvases, 'pixel for pixel');
    assert.deepEqual(await reloaded.eval(tableText('#report-metrics')), await live.eval(tableText('#report-metrics')));
  });

  it('a finished run reopened from its folder (one snapshot) draws the same charts', async () => {
    const reopened = await open();
    await reopened.post([{ kind: 'snapshot', snapshot: finishedSnapshot() } satisfies HostToWebview]);
    assert.deepEqual(await reopened.eval(CHARTS), finalCharts);
    assert.deepEqual(await reopened.eval(CANVASES), finalCanvases);
    assert.deepEqual(await reopened.eval(tableText('#section-widths table')), await live.eval(tableText('#section-widths table')));
    // A narrow side panel: the charts stack in one column and redraw at the new width.
    await reopened.page.setViewportSize({ width: 420, height: 900 });
    await reopened.until(`document.getElementById('chart-loss').width < 400`);
    for (const c of await reopened.eval<CanvasInfo[]>(CANVASES)) {
      assert.ok(c.width <= 400 && c.colours > 20, `${c.id} after the resize: ${c.width} px, ${c.colours} colours`);
    }
    await reopened.screenshot('panel-done-narrow-dark.png');
  });

  it('offers Resume after a cancel, and a layer name asks to reveal the layer', async () => {
    const page = await open();
    await page.post([...messages.slice(0, midRun), { kind: 'runEnded', runId, state: 'cancelled', message: 'Cancelled at iteration 3 of 3.' }]);
    assert.equal(await page.eval(text('#run-state')), 'cancelled');
    assert.equal(await page.eval(visible('#action-cancel')), false);
    await page.page.click('#action-resume');
    await page.page.click('#section-widths button.link >> text=conv3');
    assert.deepEqual((await page.posted()).slice(-2), [{ kind: 'resume', runId }, { kind: 'revealLayer', runId, layer: 'conv3' }]);
    assert.match(await page.eval<string>(text('.message')), /Cancelled at iteration 3/);
  });

  it('re-reads the theme colours when VS Code switches theme', async () => {
    const page = await open();
    await page.post([{ kind: 'snapshot', snapshot: finishedSnapshot() }]);
    const darkFinal = (await page.eval<Charts>(CHARTS)).loss.datasets.at(-1)!.colour;
    await page.eval(switchTheme(LIGHT));
    await page.until(`${CHARTS}.loss.datasets.at(-1).colour !== ${JSON.stringify(darkFinal)}`);
    assert.equal((await page.eval<Charts>(CHARTS)).loss.datasets.at(-1)!.colour, LIGHT.variables['--vscode-charts-green']);
    assert.ok((await page.eval<number>(pixelsOf('chart-fur', LIGHT.variables['--vscode-charts-red']!))) > 200, 'bars redrawn in the light red');
    await page.screenshot('panel-done-light.png');
  });

  it('the CSP is enforced and watched: components style through constructable stylesheets, inline styles are refused', async () => {
    // Not in `pages`: this page breaks the policy on purpose, to show the recorder would catch a real violation.
    const control = await openApart();
    try {
      assert.equal(await control.eval("document.querySelector('vscode-button').shadowRoot.adoptedStyleSheets.length > 0"), true);
      assert.equal(await control.eval("document.querySelector('vscode-button').shadowRoot.querySelector('style')"), null);
      await control.eval(`document.body.insertAdjacentHTML('beforeend', '<div style="color: red"></div><img src="https://example.com/x.png">')`);
      await control.until('window.__host.violations.length >= 2');
      // Chromium may report one refused style attribute more than once; which directives fired is what matters.
      assert.deepEqual([...new Set((await control.violations()).map((v) => v.directive))].sort(), ['img-src', 'style-src-attr']);
    } finally {
      await control.close();
    }
  });

  it('posted only WebviewToHost messages, and no page hit a CSP violation or an error', async () => {
    assert.ok(pages.length >= 5);
    for (const page of pages) {
      for (const m of await page.posted()) {
        assert.ok(isWebviewToHost(m), `not a WebviewToHost: ${JSON.stringify(m)}`);
      }
      assert.deepEqual(await page.violations(), []);
      assert.deepEqual(page.errors, []);
    }
  });
});
