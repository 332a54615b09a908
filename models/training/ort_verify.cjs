// Checks every models/<id>/ against ONNX Runtime 1.30 itself (the runtime production uses), through
// the npm package onnxruntime-node, which is not a project dependency. Set-up, outside the repository:
//   mkdir -p /tmp/ortnode && cd /tmp/ortnode && npm install onnxruntime-node@1.30.0 --ignore-scripts
// Run from the repository root:
//   NODE_PATH=/tmp/ortnode/node_modules node models/training/ort_verify.cjs
// Checks per model: golden outputs one by one and as one batch (dynamic batch axis), the classifier
// outputs, and mc_dropout=true drawing a fresh mask per run that averages back to the deterministic logits.
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

const modelsRoot = path.resolve(__dirname, '..');

function readRaw(folder, spec) {
  const bytes = fs.readFileSync(path.join(folder, spec.file));
  if (spec.dtype !== 'float32') throw new Error(`unexpected dtype ${spec.dtype} in ${spec.file}`);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

function maxViolation(actual, expected, atol, rtol) {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    worst = Math.max(worst, excess);
  }
  return worst;
}

async function verifyModel(folder) {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
  const golden = JSON.parse(fs.readFileSync(path.join(folder, 'golden', 'golden.json'), 'utf8'));
  const { absolute: atol, relative: rtol } = golden.tolerance;
  const session = await ort.InferenceSession.create(path.join(folder, manifest.file));
  const failures = [];
  const check = (what, actual, expected) => {
    const violation = maxViolation(actual, expected, atol, rtol);
    if (violation > 0) failures.push(`${what}: beyond tolerance by ${violation}`);
  };
  const goldenDir = path.join(folder, 'golden');
  const inputs = golden.cases.map((c) => readRaw(goldenDir, c.input));
  const shape = golden.cases[0].input.shape;

  for (const [i, c] of golden.cases.entries()) {
    const result = await session.run({
      image: new ort.Tensor('float32', inputs[i], c.input.shape),
      [manifest.mc_dropout.input]: new ort.Tensor('bool', [false], []),
    });
    for (const [name, spec] of Object.entries(c.outputs)) check(`${c.name}/${name}`, result[name].data, readRaw(goldenDir, spec));
    check(`${c.name}/classifier_weight`, result.classifier_weight.data, readRaw(goldenDir, golden.classifier_weight));
    check(`${c.name}/classifier_bias`, result.classifier_bias.data, readRaw(goldenDir, golden.classifier_bias));
  }

  const batch = new Float32Array(inputs.reduce((n, a) => n + a.length, 0));
  inputs.reduce((offset, a) => { batch.set(a, offset); return offset + a.length; }, 0);
  const batched = await session.run({
    image: new ort.Tensor('float32', batch, [inputs.length, ...shape.slice(1)]),
    [manifest.mc_dropout.input]: new ort.Tensor('bool', [false], []),
  });
  const perCase = batched.logits.data.length / inputs.length;
  for (const [i, c] of golden.cases.entries()) {
    check(`batch[${i}]/logits`, batched.logits.data.slice(i * perCase, (i + 1) * perCase), readRaw(goldenDir, c.outputs.logits));
  }

  // MC dropout: distinct draws, the kept fraction near 1 - rate, and (logits being linear in the dropped
  // features, with inverted-dropout scaling) the mean of the draws near the deterministic logits.
  const deterministic = readRaw(goldenDir, golden.cases[0].outputs.logits);
  const runs = 200;
  const sums = new Float64Array(deterministic.length);
  const squares = new Float64Array(deterministic.length);
  const distinct = new Set();
  let kept = 0;
  let maskSize = 0;
  for (let run = 0; run < runs; run++) {
    const result = await session.run({
      image: new ort.Tensor('float32', inputs[0], shape),
      [manifest.mc_dropout.input]: new ort.Tensor('bool', [true], []),
    });
    distinct.add(Array.from(result.logits.data).join(','));
    result.logits.data.forEach((v, k) => { sums[k] += v; squares[k] += v * v; });
    const mask = result[manifest.mc_dropout.mask_output].data;
    kept += mask.reduce((n, m) => n + (m ? 1 : 0), 0);
    maskSize += mask.length;
  }
  if (distinct.size < runs / 2) failures.push(`mc_dropout=true: only ${distinct.size} distinct draws in ${runs}`);
  const keptFraction = kept / maskSize;
  if (Math.abs(keptFraction - (1 - manifest.mc_dropout.rate)) > 0.03) failures.push(`mc_dropout kept fraction ${keptFraction}`);
  deterministic.forEach((value, k) => {
    const mean = sums[k] / runs;
    const standardError = Math.sqrt(Math.max(squares[k] / runs - mean * mean, 0) / runs);
    if (Math.abs(mean - value) > 5 * standardError + 1e-4) failures.push(`mc_dropout mean logit ${k}: ${mean} vs ${value}`);
  });

  console.log(`${manifest.id}: ${failures.length === 0 ? 'OK' : 'FAILED'} (onnxruntime-node ${ort.env.versions.common}, ` +
    `${golden.cases.length} golden cases, ${distinct.size}/${runs} distinct MC-dropout draws, kept ${keptFraction.toFixed(3)})`);
  for (const f of failures) console.log(`  ${f}`);
  return failures.length === 0;
}

(async () => {
  const folders = fs.readdirSync(modelsRoot)
    .map((name) => path.join(modelsRoot, name))
    .filter((folder) => fs.existsSync(path.join(folder, 'manifest.json')));
  let ok = folders.length > 0;
  for (const folder of folders) ok = (await verifyModel(folder)) && ok;
  process.exit(ok ? 0 : 1);
})().catch((error) => { console.error(error); process.exit(1); });
