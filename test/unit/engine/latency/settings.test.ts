import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSettings, SettingsError } from '../../../../src/engine/host/settings.js';
import { validateManifest } from '../../../../src/engine/runs/manifest.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';

const layer = (values: Record<string, unknown>) => [{ source: 'm.netadj.yaml (search)', values }];

describe('the latency settings', () => {
  it('take budget macs or latency and a whole latency batch size ≥ 1', () => {
    const s = resolveSettings(layer({ budget: 'latency', latencyBatchSize: 32 }));
    assert.equal(s.budget, 'latency');
    assert.equal(s.latencyBatchSize, 32);
    assert.equal(resolveSettings([]).budget, 'macs');
    assert.throws(() => resolveSettings(layer({ budget: 'flops' })), (e: unknown) => e instanceof SettingsError && e.message === `m.netadj.yaml (search): 'budget' must be one of macs, latency, not "flops"`);
    assert.throws(() => resolveSettings(layer({ latencyBatchSize: 0 })), /'latencyBatchSize' must be a whole number ≥ 1, not 0/);
    assert.throws(() => resolveSettings(layer({ latencyBatchSize: 2.5 })), /'latencyBatchSize' must be a whole number ≥ 1, not 2\.5/);
  });

  it('are checked when a run.json is read', () => {
    const manifest = (settings: Record<string, unknown>) => ({
      runId: 'r', createdAt: 'now', modelFile: 'm', modelName: 'm', originalMacs: 1, originalParams: 1, originalWidths: { a: 4 },
      dataset: { format: 'cifar10', path: 'd' }, settings: { ...DEFAULT_SEARCH_SETTINGS, ...settings },
    });
    assert.doesNotThrow(() => validateManifest(manifest({ budget: 'latency', latencyBatchSize: 4 }), 'run.json'));
    assert.throws(() => validateManifest(manifest({ budget: 'time' }), 'run.json'), /^Error: run\.json is not a valid run manifest: settings: 'budget' must be one of macs, latency, not "time"$/);
    assert.throws(() => validateManifest(manifest({ latencyBatchSize: 0 }), 'run.json'), /settings: 'latencyBatchSize' must be a whole number ≥ 1, not 0$/);
  });
});
