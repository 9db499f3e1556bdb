/** The extension manifest against the code: settings defaults, commands, activation, trust, packaging, boundaries. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LENS_COMMANDS, SERVER_SETTINGS } from '../../../src/protocol/server.js';
import { COST_BUDGETS, DEFAULT_SEARCH_SETTINGS } from '../../../src/protocol/settings.js';
import { REPO_ROOT } from '../../helpers/cli.js';

interface Manifest {
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] } };
  extensionKind: string[];
  contributes: {
    configuration: { properties: Record<string, { default?: unknown; enum?: string[] }> };
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const props = manifest.contributes.configuration.properties;
const COMMANDS = ['netadjust.analyze', 'netadjust.adjust', 'netadjust.compare', 'netadjust.cancel', 'netadjust.resume', 'netadjust.applyAdjustedWidths', 'netadjust.showReport', 'netadjust.showPanel'];

describe('package.json', () => {
  it('declares the search settings with the defaults of DEFAULT_SEARCH_SETTINGS', () => {
    for (const key of ['iterations', 'epochsPerIteration', 'finalEpochs', 'targetMacs', 'budget', 'distillWeight'] as const) {
      assert.equal(props[`netadjust.search.${key}`]?.default, DEFAULT_SEARCH_SETTINGS[key], key);
    }
    assert.deepEqual(props['netadjust.search.budget']?.enum, [...COST_BUDGETS]);
    assert.deepEqual(props['netadjust.engine']?.enum, ['auto', 'tfjs', 'torch']);
    assert.equal(props['netadjust.torch.pythonPath']?.default, '');
    assert.deepEqual(props['netadjust.tfjs.backend']?.enum, ['auto', 'node-gpu', 'node', 'wasm', 'cpu']);
    for (const setting of Object.values(SERVER_SETTINGS)) {
      assert.ok(props[setting], setting);
    }
  });

  it('contributes every command the extension registers and the CodeLens refers to, each with a category', () => {
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(declared, [...COMMANDS].sort());
    assert.ok(manifest.contributes.commands.every((c) => c.category === 'netadjust' && c.title.length > 0));
    for (const id of Object.values(LENS_COMMANDS)) {
      assert.ok(declared.includes(id), id);
    }
    const menuCommands = Object.values(manifest.contributes.menus).flat().map((m) => m.command);
    assert.ok(menuCommands.every((c) => declared.includes(c)));
  });

  it('offers "Compare methods" wherever "Adjust network" is offered, under the same conditions', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      const when = (command: string) => items.filter((m) => m.command === command).map((m) => m.when);
      assert.deepEqual(when('netadjust.compare'), when('netadjust.adjust'), menu);
    }
    assert.ok(manifest.contributes.menus['explorer/context']?.some((m) => m.command === 'netadjust.compare'));
    assert.ok(manifest.contributes.menus['editor/context']?.some((m) => m.command === 'netadjust.compare'));
  });

  it('activates on model files, the panel and the commands', () => {
    for (const e of ['onLanguage:netadjust-yaml', 'workspaceContains:**/*.netadj.yaml', 'onWebviewPanel:netadjust.progress', ...COMMANDS.map((c) => `onCommand:${c}`)]) {
      assert.ok(manifest.activationEvents.includes(e), e);
    }
  });

  it('is limited in untrusted workspaces, with the engine settings restricted, and runs on the workspace side', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['netadjust.engine', 'netadjust.tfjs.backend', 'netadjust.torch.pythonPath']);
    assert.deepEqual(manifest.extensionKind, ['workspace']);
  });
});

describe('.vscodeignore', () => {
  const lines = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());

  it('is an allowlist that ships every bundle the extension loads at run time, and no node_modules', () => {
    assert.equal(lines.find((l) => l !== '' && !l.startsWith('#')), '**');
    for (const file of ['dist/extension.js', 'dist/server.js', 'dist/engine.js', 'dist/webview.js', 'dist/torch-worker/**', 'media/**', 'package.json']) {
      assert.ok(lines.includes(`!${file}`), file);
    }
    assert.ok(!lines.some((l) => l.startsWith('!node_modules')));
  });
});

describe('src/extension boundaries', () => {
  const dir = path.join(REPO_ROOT, 'src', 'extension', 'runs');

  it('keeps the unit-tested helpers free of vscode', () => {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.ok(!/from 'vscode(-languageclient[^']*)?'/.test(text), file);
    }
  });

  it('never starts a shell: the engine is forked through EngineClient', () => {
    const files = fs.readdirSync(path.join(REPO_ROOT, 'src', 'extension'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    for (const file of files) {
      const text = fs.readFileSync(path.join(REPO_ROOT, 'src', 'extension', file), 'utf8');
      assert.ok(!/child_process|\bexecSync\b|\bspawn\(|shell:\s*true/.test(text), file);
    }
  });
});
