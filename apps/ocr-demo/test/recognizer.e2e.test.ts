// End to end on the real PP-OCRv4 recognizer and the committed samples/*.png, in onnxruntime-node on CPU.
import { readFile } from 'node:fs/promises';

import { type ModulatorParams, multimaxLastAxis, type ParamsFile, parseParamsFile, uniformParamsFile } from '@multimax/core';

import { type AttentionStats, poolAttentionStats } from '../src/attention-stats.js';
import { loadRecognizerAssets, type PreparedSample, prepareSamples, type RecognizerAssets } from '../src/demo-setup.js';
import { evaluateSamples, type SampleResult } from '../src/evaluate.js';
import { buildModelVariant, type ModelVariant, type VariantOptions } from '../src/model-variants.js';
import { PARAMS_PATH, SAMPLES_MANIFEST_PATH } from '../src/paths.js';
import { type Recognition, Recognizer } from '../src/recognizer.js';
import { readManifest } from '../src/samples.js';

let assets: RecognizerAssets;
let samples: PreparedSample[];
let shippedParams: ParamsFile;

beforeAll(async () => {
  assets = await loadRecognizerAssets();
  samples = await prepareSamples();
  shippedParams = parseParamsFile(await readFile(PARAMS_PATH, 'utf8'), PARAMS_PATH);
});

/** Builds a variant, runs `use` with a recognizer on it, and releases the session. */
async function withVariant<T>(options: VariantOptions, use: (recognizer: Recognizer, variant: ModelVariant) => Promise<T>): Promise<T> {
  const variant = buildModelVariant(assets.modelBytes, assets.attentionLayers, options);
  const recognizer = await Recognizer.create(variant.bytes, assets.classes);
  try {
    return await use(recognizer, variant);
  } finally {
    await recognizer.release();
  }
}

async function recognizeAll(recognizer: Recognizer): Promise<Recognition[]> {
  const recognitions: Recognition[] = [];
  for (const sample of samples) recognitions.push(await recognizer.recognize(sample.input));
  return recognitions;
}

function pooled(results: SampleResult[], layerIndex: number): AttentionStats {
  return poolAttentionStats(results.map((result) => result.attention[layerIndex] as AttentionStats));
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

function bytesOf(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

test('model has two attention layers', () => {
  expect(assets.attentionLayers.map((layer) => layer.softmaxNode)).toEqual(['p2o.Softmax.0', 'p2o.Softmax.1']);
  expect(assets.attentionLayers.map((layer) => layer.probabilitiesValue)).toEqual(['softmax_9.tmp_0', 'softmax_10.tmp_0']);
  expect(assets.classes).toHaveLength(6625);
});

test('manifest matches sample files', async () => {
  const manifest = await readManifest(SAMPLES_MANIFEST_PATH);

  expect(samples.length).toBeGreaterThanOrEqual(4);
  expect(samples.map((sample) => sample.file)).toEqual([...manifest.keys()].sort());
});

test('SoftMax model reads every sample', async () => {
  const texts = await withVariant({}, async (recognizer) => (await evaluateSamples(recognizer, assets.attentionLayers, samples)).map((result) => result.text));

  samples.forEach((sample, index) => {
    expect({ file: sample.file, text: texts[index] }).toEqual({ file: sample.file, text: sample.expectedText });
  });
});

test('shipped params keep texts, sparsify attention', async () => {
  const softmax = await withVariant({}, (recognizer) => evaluateSamples(recognizer, assets.attentionLayers, samples));
  const multimax = await withVariant({ params: shippedParams }, (recognizer) => evaluateSamples(recognizer, assets.attentionLayers, samples));

  samples.forEach((sample, index) => {
    expect({ file: sample.file, text: multimax[index]?.text }).toEqual({ file: sample.file, text: softmax[index]?.text });
  });
  assets.attentionLayers.forEach((_, layerIndex) => {
    const before = pooled(softmax, layerIndex);
    const after = pooled(multimax, layerIndex);
    // "Clearly higher": at least 20 percentage points more probabilities below the threshold.
    expect(after.meanSparsity).toBeGreaterThan(before.meanSparsity + 0.2);
    expect(after.meanEntropy).toBeLessThan(before.meanEntropy);
  });
});

test('zero ts gives identical outputs', async () => {
  const zeroParams = uniformParamsFile({ ranges: [0.5, 1], ts: [0, 0] });
  const original = await withVariant({}, recognizeAll);
  const { patched, recognitions } = await withVariant({ params: zeroParams }, async (recognizer, variant) => ({ patched: variant.patch?.patched, recognitions: await recognizeAll(recognizer) }));

  expect(patched).toBe(0);
  recognitions.forEach((recognition, index) => {
    const reference = original[index] as Recognition;
    expect(recognition.text).toBe(reference.text);
    expect(bytesOf(recognition.probabilities.data).equals(bytesOf(reference.probabilities.data))).toBe(true);
    for (const layer of assets.attentionLayers) {
      const attention = recognition.extraOutputs.get(layer.probabilitiesValue)?.data as Float32Array;
      const referenceAttention = reference.extraOutputs.get(layer.probabilitiesValue)?.data as Float32Array;
      expect(bytesOf(attention).equals(bytesOf(referenceAttention))).toBe(true);
    }
  });
});

test('patched attention matches core multimaxLastAxis', async () => {
  await withVariant({ params: shippedParams, exposeScores: true }, async (recognizer, variant) => {
    const plan = variant.patch?.plan ?? [];
    const recognitions = await recognizeAll(recognizer);

    for (const layer of assets.attentionLayers) {
      const params = plan.find((planned) => planned.site.name === layer.softmaxNode)?.params as ModulatorParams;
      expect(params).toBeDefined();

      for (const recognition of recognitions) {
        const scores = recognition.extraOutputs.get(layer.scoresValue);
        const attention = recognition.extraOutputs.get(layer.probabilitiesValue);
        if (scores === undefined || attention === undefined) throw new Error(`missing outputs for ${layer.softmaxNode}`);

        const expected = multimaxLastAxis(scores.data, scores.dims, params);
        expect(attention.dims).toEqual(scores.dims);
        expect(maxAbsDifference(attention.data, expected)).toBeLessThan(1e-5);
      }
    }
  });
});

test('SoftMax attention matches core reference', async () => {
  const identity: ModulatorParams = { ranges: [0, 0], ts: [0, 0] };
  await withVariant({ exposeScores: true }, async (recognizer) => {
    const [recognition] = await recognizeAll(recognizer);
    for (const layer of assets.attentionLayers) {
      const scores = recognition?.extraOutputs.get(layer.scoresValue);
      const attention = recognition?.extraOutputs.get(layer.probabilitiesValue);
      if (scores === undefined || attention === undefined) throw new Error(`missing outputs for ${layer.softmaxNode}`);

      expect(maxAbsDifference(attention.data, multimaxLastAxis(scores.data, scores.dims, identity))).toBeLessThan(1e-5);
    }
  });
});
