// Writes test/fixtures/runs/vgg10-cifar10.messages.json: the HostToWebview messages the extension host relays to
// the progress panel during a short search (3 iterations of a 10-conv network, then both final trainings), recorded
// from the real search loop driven by the test suite's fake trainer. Run once after `npm run compile-tests` with
// `node scripts/make-panel-fixture.cjs`; the output is committed, so the panel tests never depend on the engine.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const out = path.join(__dirname, '..', 'out');
const { loadModel } = require(path.join(out, 'src/model/load.js'));
const { runSearch } = require(path.join(out, 'src/engine/search/loop.js'));
const { describeRun } = require(path.join(out, 'src/engine/runs/manifest.js'));
const { createRun } = require(path.join(out, 'src/engine/runs/store.js'));
const { DEFAULT_SEARCH_SETTINGS } = require(path.join(out, 'src/protocol/settings.js'));
const { FakeTrainer, FAKE_DATASET } = require(path.join(out, 'test/helpers/fakeTrainer.js'));

const MODEL = `netadjust: 1
name: vgg10-cifar10
input: [32, 32, 3]
layers:
  - {type: conv, name: conv1, width: 32}
  - {type: conv, name: conv2, width: 32}
  - {type: conv, name: conv3, width: 64, stride: 2}
  - {type: conv, name: conv4, width: 64}
  - {type: conv, name: conv5, width: 128, stride: 2}
  - {type: conv, name: conv6, width: 128}
  - {type: conv, name: conv7, width: 128}
  - {type: conv, name: conv8, width: 256, stride: 2}
  - {type: conv, name: conv9, width: 256}
  - {type: conv, name: conv10, width: 256}
  - {type: gap}
  - {type: dense, name: fc, units: 10}
`;

const SETTINGS = { ...DEFAULT_SEARCH_SETTINGS, iterations: 3, epochsPerIteration: 4, finalEpochs: 6, probeRepeats: 2, updateCount: 2, updateCountDecay: 0 };

/** Early layers are worth more per channel, so the search visibly grows them and shrinks the wide late ones. */
const USEFULNESS = { conv1: 3, conv2: 2.5, conv3: 2, conv4: 1.6, conv5: 1.2, conv6: 1, conv7: 0.8, conv8: 0.5, conv9: 0.4, conv10: 0.3 };

/** A plausible training curve: fast early drop, a floor that improves a little with each training of the run. */
function trainLoss(call, epoch) {
  const floor = 0.62 - 0.03 * call;
  return floor + 1.7 * Math.exp(-0.55 * (epoch - 1)) + 0.02 * Math.sin(epoch * 1.7 + call);
}

async function main() {
  const analysis = loadModel('vgg10.netadj.yaml', MODEL).analysis;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'netadjust-fixture-'));
  const manifest = describeRun(analysis, {
    modelFile: 'models/vgg10.netadj.yaml',
    dataset: { format: 'cifar10', path: 'data/cifar-10-batches-bin' },
    settings: SETTINGS,
    engine: { engine: 'tfjs', backend: 'wasm', version: '4.22.0', reason: 'tfjs-node is not installed; wasm is the fastest backend available' },
    versions: { netadjust: '0.1.0', '@tensorflow/tfjs': '4.22.0' },
  });
  const store = createRun(workspace, manifest, new Date('2026-11-23T13:15:00Z'));
  const messages = [{ kind: 'snapshot', snapshot: { manifest: store.manifest, state: 'running', epochs: [], iterations: [] } }];
  let clock = 0;
  await runSearch({
    analysis,
    trainer: new FakeTrainer(analysis, { usefulness: USEFULNESS, noise: 0.002, batches: 4, trainLoss }),
    dataset: FAKE_DATASET,
    settings: SETTINGS,
    store,
    now: () => (clock += 180),
    sink: {
      progress: (event) => messages.push({ kind: 'progress', event }),
      iteration: (record) => messages.push({ kind: 'iteration', record }),
      report: (report) => messages.push({ kind: 'report', report }),
      ended: (o) => messages.push({ kind: 'runEnded', runId: store.runId, state: o.state, ...(o.message ? { message: o.message } : {}) }),
    },
  });
  fs.rmSync(workspace, { recursive: true, force: true });
  const file = path.join(__dirname, '..', 'test/fixtures/runs/vgg10-cifar10.messages.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(messages, null, 1) + '\n');
  console.log(`${file}: ${messages.length} messages`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
