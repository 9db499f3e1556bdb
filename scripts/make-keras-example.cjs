// Writes examples/keras/small-cnn.model.json: a small Fashion-MNIST CNN saved as TensorFlow.js does (layers
// format), without weights. Run once with `node scripts/make-keras-example.cjs`; the output is committed.
const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');

async function main() {
  await tf.setBackend('cpu');
  const L = tf.layers;
  const model = tf.sequential({
    name: 'small_cnn',
    layers: [
      L.conv2d({ name: 'conv1', inputShape: [28, 28, 1], filters: 16, kernelSize: 3, padding: 'same', useBias: false }),
      L.batchNormalization({ name: 'bn1' }),
      L.activation({ name: 'relu1', activation: 'relu' }),
      L.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      L.conv2d({ name: 'conv2', filters: 32, kernelSize: 3, padding: 'same', useBias: false }),
      L.batchNormalization({ name: 'bn2' }),
      L.activation({ name: 'relu2', activation: 'relu' }),
      L.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      L.conv2d({ name: 'conv3', filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
      L.globalAveragePooling2d({ name: 'gap' }),
      L.dropout({ name: 'dropout', rate: 0.3 }),
      L.dense({ name: 'classifier', units: 10, activation: 'softmax' }),
    ],
  });
  // The artifacts `model.save` would write; the weights themselves are not needed to analyse the model.
  let artifacts;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const json = { modelTopology: artifacts.modelTopology, format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy ?? null, weightsManifest: [] };
  const out = path.resolve(__dirname, '../examples/keras/small-cnn.model.json');
  fs.writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote ${out}: ${model.countParams()} parameters`);
}

main();
