/**
 * End to end in a real VS Code: the packaged extension (dist/netadjust.vsix) installed into code-server, driven
 * through Debian's Chromium like a user would. Opens a tiny model, checks a layer's CodeLens, starts "Adjust network"
 * from the explorer's context menu, follows the run in the progress panel (a webview) until it is done, applies the
 * adjusted widths from the CodeLens, saves, and checks the file on disk. Then runs "Compare methods" on a second tiny
 * model against the L1 pruning baseline and checks the panel's accuracy-vs-MACs chart and report (compareMethods.ts).
 *
 * Needs `npm run package` (the .vsix) and `bash scripts/e2e-setup.sh` (code-server in .e2e/, Chromium); it fails,
 * never skips, when either is missing. Screenshots go to out/test-artifacts/e2e-*.png, and on failure the editor's
 * logs to out/test-artifacts/e2e-logs/.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { compareMethods, COMPARE_MODEL } from './compareMethods.js';
import { closeDialogs, ExtensionError, panelFrame, runFromExplorerMenu, until, untilNoError } from './workbench.js';

/** Compiled to out/test/e2e; the repository root is three levels up. */
const ROOT = path.resolve(__dirname, '../../..');
const ARTIFACTS = path.join(ROOT, 'out/test-artifacts');
const VSIX = path.join(ROOT, 'dist/netadjust.vsix');
const CODE_SERVER_VERSION = '4.100.3';
const CODE_SERVER_PKG = path.join(ROOT, '.e2e/code-server/node_modules/code-server');
const CODE_SERVER = path.join(ROOT, '.e2e/code-server/node_modules/.bin/code-server');
const CHROMIUM = '/usr/bin/chromium';
const FIXTURE = path.join(ROOT, 'test/fixtures/e2e-workspace');
const DATASET = path.join(ROOT, 'examples/data/fashion-mnist');
const MODEL = 'tiny.netadj.yaml';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface AnalyzedLayer {
  readonly name: string;
  readonly type: string;
  readonly outChannels: number;
  readonly macs: number;
  readonly params: number;
}
interface Analysis {
  readonly totalMacs: number;
  readonly layers: readonly AnalyzedLayer[];
}
interface Report {
  readonly runId: string;
  readonly original: { readonly widths: Record<string, number> };
  readonly adjusted: { readonly widths: Record<string, number> };
}

/** What must be in place before anything starts; the message says what to run. */
function checkPrerequisites(): void {
  const missing: string[] = [];
  if (!fs.existsSync(VSIX)) {
    missing.push(`${path.relative(ROOT, VSIX)} is missing: run \`npm run package\` first.`);
  } else {
    const stale = newestSource() > fs.statSync(VSIX).mtimeMs;
    if (stale) {
      missing.push(`${path.relative(ROOT, VSIX)} is older than the sources: run \`npm run package\` to rebuild it.`);
    }
  }
  const version = fs.existsSync(path.join(CODE_SERVER_PKG, 'package.json')) ? (JSON.parse(fs.readFileSync(path.join(CODE_SERVER_PKG, 'package.json'), 'utf8')) as { version?: string }).version : undefined;
  if (!fs.existsSync(CODE_SERVER) || version !== CODE_SERVER_VERSION) {
    missing.push(`code-server ${CODE_SERVER_VERSION} is not installed in .e2e/code-server (found ${version ?? 'nothing'}): run \`bash scripts/e2e-setup.sh\`.`);
  }
  if (!fs.existsSync(CHROMIUM)) {
    missing.push(`${CHROMIUM} is missing: run \`bash scripts/e2e-setup.sh\` as root (or \`apt-get install -y chromium\`).`);
  }
  if (!fs.existsSync(path.join(DATASET, 'train-images-idx3-ubyte.gz'))) {
    missing.push(`the Fashion-MNIST subset is missing from ${path.relative(ROOT, DATASET)}.`);
  }
  if (missing.length > 0) {
    throw new Error(`the end-to-end test cannot run:\n  ${missing.join('\n  ')}`);
  }
}

/** The newest modification time among the files the .vsix is built from. */
function newestSource(): number {
  let newest = 0;
  const visit = (p: string): void => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p)) {
        visit(path.join(p, name));
      }
    } else {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const p of ['src', 'webview', 'media', 'package.json']) {
    if (fs.existsSync(path.join(ROOT, p))) {
      visit(path.join(ROOT, p));
    }
  }
  return newest;
}

/** The built CLI's `analyze --json` of a model file. */
function analyze(file: string): Analysis {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/netadjust.js'), 'analyze', '--json', file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `netadjust analyze failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Analysis;
}

/** As the CodeLens writes numbers: two decimals with k/M/G, plain integers below 1000. */
function compact(n: number): string {
  for (const [scale, unit] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (Math.abs(n) >= scale) {
      return `${(n / scale).toFixed(2)} ${unit}`;
    }
  }
  return String(Math.round(n));
}

/** The CodeLens above a written layer: its MACs (with its conv's BN and activation), their share, and its params. */
function expectedLayerLens(a: Analysis, layer: string): string {
  const nodes = a.layers.filter((l) => l.name === layer || l.name.startsWith(`${layer}/`));
  assert.ok(nodes.length > 0, `layer ${layer} is not in the analysis`);
  const macs = nodes.reduce((s, l) => s + l.macs, 0);
  const params = nodes.reduce((s, l) => s + l.params, 0);
  return `${compact(macs)} MACs (${((100 * macs) / a.totalMacs).toFixed(1)} %) · ${compact(params)} params`;
}

/** Copies the fixture workspace and points each model's dataset at the repository's Fashion-MNIST subset. */
function makeWorkspace(dir: string): string {
  fs.cpSync(FIXTURE, dir, { recursive: true });
  for (const name of [MODEL, COMPARE_MODEL]) {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const rewritten = text.replace(/path: [^}]+\}/, `path: ${DATASET}}`);
    assert.notEqual(rewritten, text, `the fixture ${name} names its dataset path`);
    fs.writeFileSync(file, rewritten);
  }
  return path.join(dir, MODEL);
}

function codeServerArgs(dirs: { userData: string; extensions: string; config: string }): string[] {
  return ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

/** Kills a process started `detached` (its own group) and everything in its group; waits for it to exit. */
async function killGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
  }
  // Anything left in the group (the engine, a language server) goes too.
  signal('SIGKILL');
}

interface PanelView {
  readonly runId: string | undefined;
  readonly state: string;
  readonly stats: string;
  /** Points drawn per chart, all datasets together. */
  readonly points: Record<'loss' | 'accuracy' | 'cost' | 'fur', number>;
  readonly lossSeries: number;
  readonly canvases: number;
}

const PANEL_VIEW = `(() => {
  const hook = window.__netadjustPanel;
  const charts = hook.charts();
  const points = {};
  for (const [name, c] of Object.entries(charts)) points[name] = c.datasets.reduce((s, d) => s + d.points, 0);
  const drawn = [...document.querySelectorAll('canvas')].filter((c) => c.width > 0 && c.height > 0 && c.offsetParent !== null);
  return {
    runId: hook.runId(),
    state: document.querySelector('#run-state')?.textContent ?? '',
    stats: document.querySelector('header .stats')?.textContent ?? '',
    points,
    lossSeries: charts.loss.datasets.length,
    canvases: drawn.length,
  };
})()`;

test('netadjust in VS Code (code-server): CodeLens, Adjust network, progress panel, Apply adjusted widths, Compare methods', { timeout: 300_000 }, async (t) => {
  checkPrerequisites();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const old of fs.readdirSync(ARTIFACTS).filter((f) => f.startsWith('e2e-') && f.endsWith('.png'))) {
    fs.rmSync(path.join(ARTIFACTS, old));
  }
  fs.rmSync(path.join(ARTIFACTS, 'e2e-logs'), { recursive: true, force: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netadjust-e2e-'));
  const dirs = { userData: path.join(tmp, 'user-data'), extensions: path.join(tmp, 'extensions'), config: path.join(tmp, 'code-server.yaml') };
  const workspace = path.join(tmp, 'workspace');
  const modelFile = makeWorkspace(workspace);
  fs.writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  // A quiet workbench: no welcome page, no update or extension-recommendation traffic. Auto save off, as in the
  // desktop editor (the web build defaults to saving after a second, which would hide whether an edit saves).
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User/settings.json'),
    JSON.stringify({ 'files.autoSave': 'off', 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'extensions.ignoreRecommendations': true, 'update.mode': 'none', 'telemetry.telemetryLevel': 'off', 'git.enabled': false }, null, 2),
  );
  const analysis = analyze(modelFile);
  const expectedLens = expectedLayerLens(analysis, 'conv1');

  let server: ChildProcess | undefined;
  let serverOutput = '';
  let browser: Browser | undefined;
  let page: Page | undefined;
  let shot = 0;
  const screenshot = async (name: string): Promise<void> => {
    shot += 1;
    await page?.screenshot({ path: path.join(ARTIFACTS, `e2e-${String(shot).padStart(2, '0')}-${name}.png`) });
  };
  // Closes the browser and ends code-server's process group; also when the test times out (every wait then fails).
  const stop = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await killGroup(server);
  };
  t.signal.addEventListener('abort', stop);
  const started = Date.now();
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const value = await fn();
    t.diagnostic(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s (at ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return value;
  };

  try {
    await step('install the .vsix', async () => {
      const r = spawnSync(CODE_SERVER, [...codeServerArgs(dirs), '--install-extension', VSIX], { encoding: 'utf8', timeout: 90_000 });
      assert.equal(r.status, 0, `code-server --install-extension failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout + r.stderr, /successfully installed/i);
      const installed = fs.readdirSync(dirs.extensions).filter((d) => d.startsWith('netadjust.netadjust-'));
      assert.equal(installed.length, 1, `one netadjust extension in ${dirs.extensions}: ${fs.readdirSync(dirs.extensions).join(', ')}`);
      // What the engine loads at run time beside its bundle: without these, tfjs falls back to its pure-JS backend
      // and the PyTorch engine has no worker.
      const dist = path.join(dirs.extensions, installed[0]!, 'dist');
      for (const file of ['engine.js', 'server.js', 'webview.js', 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'torch-worker/netadjust_worker/__main__.py']) {
        assert.ok(fs.existsSync(path.join(dist, file)), `the installed extension lacks dist/${file}`);
      }
    });

    const origin = await step('start code-server', async () => {
      server = spawn(CODE_SERVER, [...codeServerArgs(dirs), '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace], {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, VSCODE_IPC_HOOK_CLI: '' },
      });
      // Should this process end before the `finally` below runs, code-server (and the extension host, the language
      // server and the engine in its process group) must not outlive it.
      const pid = server.pid;
      process.once('exit', () => {
        try {
          if (pid) {
            process.kill(-pid, 'SIGKILL');
          }
        } catch {
          // Already gone.
        }
      });
      const listening = new Promise<string>((resolve, reject) => {
        const onData = (chunk: Buffer): void => {
          serverOutput += chunk.toString();
          const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(serverOutput);
          if (m) {
            resolve(m[1]!);
          }
        };
        server!.stdout!.on('data', onData);
        server!.stderr!.on('data', onData);
        server!.once('exit', (code, sig) => reject(new Error(`code-server exited (${code ?? sig}) before listening:\n${serverOutput}`)));
      });
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`code-server did not listen within 60 s:\n${serverOutput}`)), 60_000).unref());
      return Promise.race([listening, timeout]);
    });

    page = await step('open the workbench in Chromium', async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      const p = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await p.goto(`${origin}/?folder=${encodeURIComponent(workspace)}`);
      await p.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await p.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
      await p.waitForTimeout(3_000);
      await closeDialogs(p);
      return p;
    });
    await screenshot('workbench');

    const explorerRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: MODEL });
    await step('open the model; CodeLens shows the first layer', async () => {
      await explorerRow.click();
      await page!.locator('.tabs-container .tab', { hasText: MODEL }).waitFor({ timeout: 15_000 });
      const lens = page!.locator('.codelens-decoration', { hasText: expectedLens });
      await lens.first().waitFor({ timeout: 60_000 }).catch(async (e: unknown) => {
        const shown = await page!.locator('.codelens-decoration').allTextContents();
        throw new Error(`no CodeLens "${expectedLens}"; the lenses shown: ${JSON.stringify(shown)} (${String(e)})`);
      });
      // The summary lens at the top offers the search.
      await page!.locator('.codelens-decoration a', { hasText: 'Adjust network' }).first().waitFor({ timeout: 10_000 });
    });
    await screenshot('codelens');

    await step('Adjust network from the explorer context menu', async () => {
      await runFromExplorerMenu(page!, MODEL, 'Adjust network', () => screenshot('context-menu'));
      // One pick: the run's settings, "Start search" first and focused; Enter accepts it.
      const quickInput = page!.locator('.quick-input-widget');
      await quickInput.locator('.quick-input-title', { hasText: `Adjust ${MODEL}` }).waitFor({ timeout: 20_000 });
      const focused = quickInput.locator('.monaco-list-row.focused');
      await focused.waitFor({ timeout: 5_000 });
      assert.match((await focused.textContent()) ?? '', /Start search/);
      // The model file's own search settings are what the pick proposes.
      assert.match((await quickInput.textContent()) ?? '', /2 × 3 epochs/);
      await screenshot('adjust-pick');
      await page!.keyboard.press('Enter');
      await quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
    });

    const runsDir = path.join(workspace, '.netadjust/runs');
    const { frame, seen } = await step('the progress panel opens and follows the run until it is done', async () => {
      const f = await untilNoError(page!, 'the progress panel (a webview with window.__netadjustPanel)', 60_000, () => panelFrame(page!));
      // The engine of the installed extension: `auto` picks PyTorch where it is installed, else TensorFlow.js, whose
      // wasm backend ships with the extension — so it must never end on tfjs's pure-JavaScript backend (tens of times
      // slower: this run would not finish in time), its fallback when the .wasm binaries are missing.
      const manifestFile = await until('the run folder (run.json) in the workspace', 30_000, async () => {
        const ids = fs.existsSync(runsDir) ? fs.readdirSync(runsDir) : [];
        return ids.map((id) => path.join(runsDir, id, 'run.json')).find((file) => fs.existsSync(file));
      });
      const engine = (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { engine: { engine: string; backend: string; reason: string } }).engine;
      t.diagnostic(`engine: ${engine.engine} on ${engine.backend} (${engine.reason})`);
      assert.ok(!(engine.engine === 'tfjs' && engine.backend === 'cpu'), `the packaged extension's engine fell back to the pure-JS tfjs backend: ${engine.reason}`);
      const views: PanelView[] = [];
      let shotRunning = false;
      const done = await untilNoError(page!, 'the run to be done in the panel', 120_000, async () => {
        const frameNow = f.isDetached() ? await panelFrame(page!) : f;
        if (!frameNow) {
          return undefined;
        }
        const v = await frameNow.evaluate<PanelView>(PANEL_VIEW);
        const last = views.at(-1);
        if (!last || JSON.stringify(last) !== JSON.stringify(v)) {
          views.push(v);
        }
        if (!shotRunning && v.state === 'running' && v.points.loss > 0) {
          shotRunning = true;
          await screenshot('panel-running');
        }
        if (v.state === 'failed' || v.state === 'cancelled') {
          throw new ExtensionError(`the run ${v.state}: ${v.stats}`);
        }
        return v.state === 'done' && v.points.loss > 0 ? v : undefined;
      }).catch((e: unknown) => {
        throw new Error(`${String(e)}\npanel states seen: ${JSON.stringify(views.slice(-5))}`);
      });
      return { frame: f, seen: [...views, done] };
    });
    await screenshot('panel-done');

    const reportFile = await until('a report.json in the workspace', 10_000, async () => {
      const ids = fs.existsSync(runsDir) ? fs.readdirSync(runsDir) : [];
      const file = ids.map((id) => path.join(runsDir, id, 'report.json')).find((f) => fs.existsSync(f));
      return file;
    });
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Report;
    const final = seen.at(-1)!;
    t.diagnostic(`run ${report.runId}: widths ${JSON.stringify(report.original.widths)} → ${JSON.stringify(report.adjusted.widths)}; panel (state/loss points): ${seen.map((v) => `${v.state || '-'}/${v.points.loss}`).filter((x, i, all) => x !== all[i - 1]).join(' ')}`);
    assert.equal(final.runId, report.runId, 'the panel shows the run the engine wrote');
    assert.ok(final.lossSeries >= 2, `one loss curve per iteration at least: ${final.lossSeries}`);
    assert.ok(final.points.accuracy > 0 && final.points.cost > 0 && final.points.fur > 0, `every chart is drawn: ${JSON.stringify(final.points)}`);
    assert.ok(final.canvases >= 4, `the four charts are on screen: ${final.canvases} canvases`);
    assert.ok(
      seen.some((v) => v.state === 'running' && v.points.loss > 0 && v.points.loss < final.points.loss),
      `the charts grew while the run went on: ${seen.map((v) => `${v.state}/${v.points.loss}`).join(' ')}`,
    );
    assert.ok(!frame.isDetached() || (await panelFrame(page)) !== undefined, 'the panel is still open');
    const changed = Object.keys(report.adjusted.widths).filter((k) => report.adjusted.widths[k] !== report.original.widths[k]);
    assert.ok(changed.length > 0, `the run changed no width, so there is nothing to apply: ${JSON.stringify(report.adjusted.widths)}`);

    const beforeApply = fs.readFileSync(modelFile, 'utf8');
    await step('Apply adjusted widths from the CodeLens, then save', async () => {
      await closeDialogs(page!);
      // The language server reads the finished run and offers the apply lens at the top of the model file.
      const applyLens = page!.locator('.codelens-decoration a', { hasText: 'Apply adjusted widths' });
      await applyLens.first().waitFor({ timeout: 30_000 });
      await screenshot('apply-lens');
      await applyLens.first().click();
      await page!.locator('.notifications-toasts', { hasText: /wrote \d+ widths? of run/ }).waitFor({ timeout: 15_000 });
      const tab = page!.locator('.tabs-container .tab', { hasText: MODEL }).first();
      // The edit leaves the document dirty ("save to keep them") and the file on disk as it was, until saved.
      await until(`${MODEL} to have unsaved changes after the apply`, 10_000, async () => (((await tab.getAttribute('class')) ?? '').includes('dirty') ? true : undefined));
      assert.equal(fs.readFileSync(modelFile, 'utf8'), beforeApply, 'applying does not write the file by itself');
      await tab.click();
      await page!.keyboard.press('Control+S');
      await until(`${MODEL} to be saved (its tab no longer dirty)`, 15_000, async () => ((await tab.getAttribute('class')) ?? '').includes('dirty') ? undefined : true);
    });
    const saved = analyze(modelFile);
    await step('the CodeLens follows the new widths', async () => {
      const lens = expectedLayerLens(saved, 'conv1');
      await page!.locator('.codelens-decoration', { hasText: lens }).first().waitFor({ timeout: 20_000 }).catch(async (e: unknown) => {
        const shown = await page!.locator('.codelens-decoration').allTextContents();
        throw new Error(`no CodeLens "${lens}" after the apply; the lenses shown: ${JSON.stringify(shown)} (${String(e)})`);
      });
      // With the run's widths written, there is nothing left to apply.
      await page!.locator('.codelens-decoration a', { hasText: 'Apply adjusted widths' }).first().waitFor({ state: 'detached', timeout: 10_000 });
    });
    await screenshot('applied');

    for (const [name, width] of Object.entries(report.adjusted.widths)) {
      const layer = saved.layers.find((l) => l.name === name);
      assert.ok(layer, `layer ${name} of the report is in the saved model`);
      assert.equal(layer.outChannels, width, `${name} has the adjusted width ${width} on disk`);
    }
    const text = fs.readFileSync(modelFile, 'utf8');
    for (const name of changed) {
      assert.match(text, new RegExp(`name: ${name}, (width|units): ${report.adjusted.widths[name]}\\b`), `${name} is written with its new width`);
    }

    // In the same workbench, with the panel still open on the finished adjustment: "Compare methods" on a second model.
    await compareMethods({ page, step, screenshot, diagnostic: (message) => t.diagnostic(message) }, { runsDir, previousRunId: report.runId });
    t.diagnostic(`whole test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    await screenshot('failure').catch(() => undefined);
    saveLogs(dirs.userData, serverOutput);
    throw e;
  } finally {
    t.signal.removeEventListener('abort', stop);
    await stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

/** Copies the editor's logs (extension host, the netadjust output channel, the language server) for a failed run. */
function saveLogs(userData: string, serverOutput: string): void {
  const out = path.join(ARTIFACTS, 'e2e-logs');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'code-server.txt'), serverOutput);
  const logs = path.join(userData, 'logs');
  if (fs.existsSync(logs)) {
    fs.cpSync(logs, path.join(out, 'logs'), { recursive: true });
  }
  process.stderr.write(`e2e: logs of the failed run are in ${path.relative(ROOT, out)}\n`);
}
