// Writes the recorded runs the progress-panel tests replay: the HostToWebview messages the extension host relays to
// the panel. The outputs are committed, so the panel tests never depend on the engine.
//
// - test/fixtures/runs/vgg10-cifar10.messages.json: a short search (3 iterations of a 10-conv network, then both final
//   trainings), recorded from the real search loop driven by the test suite's fake trainer (needs
//   `npm run compile-tests`).
// - test/fixtures/runs/vgg6-fashion-compare.messages.json: a finished comparison at half the MACs — adjustment, uniform
//   scaling, distillation, L1, CHIP and HRel pruning, with measured latencies — and
// - test/fixtures/runs/vgg6-fashion-latency.messages.json: a run under a latency budget, with its latency report;
//   both run by the real `netadjust compare` (TensorFlow.js engine, needs `npm run build`) on the shipped
//   Fashion-MNIST subset, then read back from the run folder.
//
// `node scripts/make-panel-fixture.cjs [vgg10|compare|latency ...]` (default: all three) after `npm run build` and
// `npm run compile-tests`.
const { spawnSync } = require('node:child_process');
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

async function vgg10Fixture() {
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

const ROOT = path.join(__dirname, '..');
const FASHION_MNIST = path.join(ROOT, 'examples', 'data', 'fashion-mnist');

/** A small VGG-style network for 28×28 images: 2.82 M MACs, five searchable convolutions. */
const VGG6 = `netadjust: 1
name: vgg6-fashion
input: [28, 28, 1]
dataset: {format: idx, path: ${JSON.stringify(FASHION_MNIST)}}
layers:
  - {type: conv, name: conv1, width: 16}
  - {type: conv, name: conv2, width: 16, stride: 2}
  - {type: conv, name: conv3, width: 32}
  - {type: conv, name: conv4, width: 32, stride: 2}
  - {type: conv, name: conv5, width: 64}
  - {type: gap}
  - {type: dense, name: fc, units: 10}
`;

/** Short runs (about 90 s and 20 s on two CPU cores): enough epochs that every network learns something. */
const COMPARE_RUNS = {
  compare: {
    file: 'vgg6-fashion-compare.messages.json',
    flags: ['--target-macs', '0.5', '--distill', '0.5', '--iterations', '3', '--epochs', '2', '--final-epochs', '4', '--max-train-images', '1500', '--max-test-images', '500', '--set', 'probeRepeats=2', '--set', 'pruneImages=32'],
  },
  // A latency budget cannot go as low on so small a network: its fixed layers take most of the time.
  latency: {
    file: 'vgg6-fashion-latency.messages.json',
    flags: ['--target-macs', '0.8', '--budget', 'latency', '--methods', 'uniform,l1', '--iterations', '2', '--epochs', '1', '--final-epochs', '2', '--max-train-images', '1000', '--max-test-images', '300', '--set', 'probeRepeats=1'],
  },
};

/** Runs `netadjust compare` in a fresh workspace and writes what the host would have relayed to the panel. */
function compareFixture(name) {
  const spec = COMPARE_RUNS[name];
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'netadjust-fixture-'));
  const model = path.join(workspace, 'models', 'vgg6-fashion.netadj.yaml');
  fs.mkdirSync(path.dirname(model), { recursive: true });
  fs.writeFileSync(model, VGG6);
  const args = [path.join(ROOT, 'bin', 'netadjust.js'), 'compare', model, '--workspace', workspace, '--engine', 'tfjs', '--batch-size', '50', ...spec.flags, '--json'];
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 900_000 });
  if (run.status !== 0) {
    throw new Error(`netadjust compare (${name}) exited with ${run.status}: ${run.stderr}`);
  }
  const done = run.stdout.trim().split('\n').map((line) => JSON.parse(line)).at(-1);
  const messages = messagesOfRun(done.runDir, workspace);
  fs.rmSync(workspace, { recursive: true, force: true });
  writeFixture(spec.file, messages);
}

/**
 * The messages of a finished run, from its folder: a starting snapshot, then every event of `events.jsonl` as the
 * host relays it, with the report just before the end (the engine sends it there). Batch-level progress is thinned
 * to the first event of each training or phase (the header's live view) and every epoch end (the charts' points).
 * Paths become workspace-relative, so the fixture does not carry the temporary folder it was made in.
 */
function messagesOfRun(runDir, workspace) {
  const read = (file) => JSON.parse(fs.readFileSync(path.join(runDir, file), 'utf8'));
  const relative = (p) => path.relative(workspace, p).split(path.sep).join('/');
  const run = read('run.json');
  const manifest = { ...run, modelFile: relative(run.modelFile), dataset: { ...run.dataset, path: 'data/fashion-mnist' } };
  const report = read('report.json');
  const messages = [{ kind: 'snapshot', snapshot: { manifest, state: 'running', epochs: [], iterations: [] } }];
  const started = new Set();
  for (const line of fs.readFileSync(path.join(runDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const { event, time: _time, ...rest } = JSON.parse(line);
    if (event === 'progress') {
      const training = `${rest.phase}:${rest.iteration ?? ''}`;
      if (rest.epochEnd || !started.has(training)) {
        messages.push({ kind: 'progress', event: rest });
      }
      started.add(training);
    } else if (event === 'iteration') {
      messages.push({ kind: 'iteration', record: rest.record });
    } else if (event === 'ended') {
      if (rest.state === 'done') {
        messages.push({ kind: 'report', report: { ...report, adjustedModelFile: relative(path.resolve(runDir, report.adjustedModelFile)) } });
      }
      messages.push({ kind: 'runEnded', runId: run.runId, state: rest.state, ...(rest.message ? { message: rest.message } : {}) });
    }
  }
  return messages;
}

function writeFixture(name, messages) {
  const file = path.join(ROOT, 'test', 'fixtures', 'runs', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(messages, null, 1) + '\n');
  console.log(`${file}: ${messages.length} messages`);
}

const FIXTURES = {
  vgg10: vgg10Fixture,
  compare: () => compareFixture('compare'),
  latency: () => compareFixture('latency'),
};

async function main() {
  const names = process.argv.slice(2);
  for (const name of names.length > 0 ? names : Object.keys(FIXTURES)) {
    const make = FIXTURES[name];
    if (!make) {
      throw new Error(`unknown fixture '${name}'; known: ${Object.keys(FIXTURES).join(', ')}`);
    }
    await make();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
