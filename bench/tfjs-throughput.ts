/**
 * Training and inference throughput of a ResNet-20 (CIFAR: 32×32×3, widths 16/32/64, zero-padded shortcuts) on a
 * tfjs backend, batch 32. Not a test; run by hand:
 *   npx tsc -p tsconfig.test.json && node out/bench/tfjs-throughput.js [wasm|cpu] [train steps] [inference batches]
 */
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph } from '../src/model/analyze.js';
import type { ModelGraph } from '../src/model/graph.js';
import { initBackend, type TfjsBackendChoice } from '../src/engine/tfjs/backend.js';
import { buildNetwork, type TfjsNetwork } from '../src/engine/tfjs/buildModel.js';
import { Sgd } from '../src/engine/tfjs/sgd.js';
import { trainStep } from '../src/engine/tfjs/trainStep.js';
import { graphOf, node } from '../test/helpers/graphs.js';

const BATCH = 32;

/** ResNet-20: stem, then 3 stages of 3 basic blocks; downsampling shortcut = 2×2 average pool + channel zero-pad. */
export function resnet20(classes = 10): ModelGraph {
  const specs: Parameters<typeof graphOf>[1] = [node('stem', 'conv2d', ['input'], {}, 16), node('stem_bn', 'batch_norm', ['stem']), node('stem_relu', 'activation', ['stem_bn'])];
  let trunk = 'stem_relu';
  [16, 32, 64].forEach((width, stage) => {
    for (let b = 0; b < 3; b++) {
      const p = `s${stage}b${b}`;
      const stride: [number, number] = stage > 0 && b === 0 ? [2, 2] : [1, 1];
      specs.push(
        node(`${p}c1`, 'conv2d', [trunk], { stride }, width),
        node(`${p}bn1`, 'batch_norm', [`${p}c1`]),
        node(`${p}r1`, 'activation', [`${p}bn1`]),
        node(`${p}c2`, 'conv2d', [`${p}r1`], {}, width),
        node(`${p}bn2`, 'batch_norm', [`${p}c2`]),
      );
      let shortcut = trunk;
      if (stride[0] === 2) {
        specs.push(node(`${p}pool`, 'avg_pool', [trunk], { size: [2, 2], stride: [2, 2] }));
        shortcut = `${p}pool`;
      }
      specs.push(node(`${p}add`, 'add', [shortcut, `${p}bn2`]), node(`${p}out`, 'activation', [`${p}add`]));
      trunk = `${p}out`;
    }
  });
  specs.push(node('gap', 'global_avg_pool', [trunk]), node('fc', 'dense', ['gap'], {}, classes));
  return graphOf([32, 32, 3], specs);
}

function timeTraining(net: TfjsNetwork, steps: number): number {
  const sgd = new Sgd(net.trainable, { momentum: 0.9, weightDecay: 3e-4 });
  const images = tf.randomNormal([BATCH, 32, 32, 3]) as tf.Tensor4D;
  const labels = Int32Array.from({ length: BATCH }, (_, i) => i % 10);
  const step = (i: number) => trainStep(net, sgd, images, labels, { learningRate: 0.1, dropRates: {}, seed: i, labelSmoothing: 0 });
  step(0);
  const start = performance.now();
  for (let i = 1; i <= steps; i++) {
    step(i);
  }
  const seconds = (performance.now() - start) / 1000;
  images.dispose();
  sgd.dispose();
  return (steps * BATCH) / seconds;
}

function timeInference(net: TfjsNetwork, batches: number): number {
  const images = tf.randomNormal([BATCH, 32, 32, 3]) as tf.Tensor4D;
  const run = () => tf.tidy(() => net.forward(images, { training: false }).dataSync());
  run();
  const start = performance.now();
  for (let i = 0; i < batches; i++) {
    run();
  }
  const seconds = (performance.now() - start) / 1000;
  images.dispose();
  return (batches * BATCH) / seconds;
}

async function main(): Promise<void> {
  const backend = (process.argv[2] ?? 'wasm') as TfjsBackendChoice;
  const steps = Number(process.argv[3] ?? 5);
  const batches = Number(process.argv[4] ?? 10);
  const info = await initBackend({ backend });
  const analysis = analyzeGraph(resnet20());
  const net = buildNetwork(analysis, analysis.widths, 1);
  const train = timeTraining(net, steps);
  const infer = timeInference(net, batches);
  console.log(`${info.backend}: ResNet-20 32×32×3, batch ${BATCH}, ${net.countParams()} params: training ${train.toFixed(1)} images/s (${steps} steps), inference ${infer.toFixed(1)} images/s (${batches} batches)`);
  net.dispose();
}

if (require.main === module) {
  void main();
}
