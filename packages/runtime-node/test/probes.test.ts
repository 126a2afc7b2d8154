import { readFileSync } from 'node:fs';

import { type ModulatorParams, modulate, multimaxLastAxis, uniformParamsFile } from '@multimax/core';
import { decodeModel, encodeModel, patchModel } from '@multimax/onnx';
import { attentionSiteValueNames, broadcastTo, buildBertOpset14, buildIfBranch, type FeedTensors, type Float64Tensor, runWithExtraOutputs, toFloat64Tensor, toOrtFeeds } from '@multimax/testing';

import { ocrFeeds, ocrModelPath } from '../src/check-gpu/ocr-model.js';
import { createSession } from '../src/index.js';
import { SPARSE_PARAMS } from './support/params.js';
import { runOnce } from './support/run.js';
import { useTemporaryFolder } from './support/temporary-folder.js';

/** PP-OCRv4's attention layers: the scaled scores QKᵀ/√d and the Softmax output. */
const OCR_ATTENTION = [
  { layer: 0, scores: 'p2o.MatMul.3', probabilities: 'softmax_9.tmp_0' },
  { layer: 1, scores: 'p2o.MatMul.15', probabilities: 'softmax_10.tmp_0' },
];
const OCR_OUTPUT = 'softmax_11.tmp_0';

/**
 * Values of the model patched by @multimax/onnx directly, run on cpu. Scores come from the patched
 * model, because each layer's scores depend on the MultiMax attention of the layers before it.
 */
async function patchedValues(bytes: Uint8Array, feeds: FeedTensors, names: string[]): Promise<Map<string, Float64Tensor>> {
  const model = decodeModel(bytes);
  patchModel(model, uniformParamsFile(SPARSE_PARAMS));
  return runWithExtraOutputs(encodeModel(model), feeds, names);
}

function ocrFixtureFeeds(): FeedTensors {
  const x = ocrFeeds().x!;
  return { x: { type: 'float32', dims: [...x.dims], data: x.data as Float32Array } };
}

/**
 * MultiMax of scores with an additive mask, with σ and the mask Add rounded to float32 as the graph
 * computes them: σ(x) − 10000 in float32 keeps only about 3 decimals of σ(x).
 */
function multimaxWithFloat32Mask(scores: Float64Tensor, mask: Float64Tensor, params: ModulatorParams): Float32Array {
  const modulated = Float32Array.from(modulate(scores.data, params));
  const broadcastMask = broadcastTo(mask.data, mask.dims, scores.dims);
  const logits = modulated.map((value, i) => value + (broadcastMask[i] ?? 0));
  return multimaxLastAxis(logits, scores.dims, { ranges: [0, 0], ts: [0, 0] });
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

describe('attention probes on PP-OCRv4', () => {
  it('leave the original outputs unchanged', async () => {
    const plain = await createSession(ocrModelPath(), { params: SPARSE_PARAMS, device: 'cpu' });
    const plainOutputs = await runOnce(plain, ocrFeeds());
    const probed = await createSession(ocrModelPath(), { params: SPARSE_PARAMS, device: 'cpu', probes: { layers: 'all' } });
    const outputNames = [...probed.session.outputNames];
    const probedOutputs = await runOnce(probed, ocrFeeds());

    expect(outputNames).toEqual([OCR_OUTPUT, ...OCR_ATTENTION.map((site) => site.probabilities)]);
    expect(probedOutputs[OCR_OUTPUT]?.dims).toEqual(plainOutputs[OCR_OUTPUT]?.dims);
    expect(Array.from(probedOutputs[OCR_OUTPUT]?.data as Float32Array)).toEqual(Array.from(plainOutputs[OCR_OUTPUT]?.data as Float32Array));
  });

  it('equal MultiMax of the attention scores', async () => {
    const opened = await createSession(ocrModelPath(), { params: SPARSE_PARAMS, device: 'cpu', probes: { layers: 'all' } });
    const outputs = await runOnce(opened, ocrFeeds());
    const scores = await patchedValues(new Uint8Array(readFileSync(ocrModelPath())), ocrFixtureFeeds(), OCR_ATTENTION.map((site) => site.scores));

    expect(opened.probes).toEqual(OCR_ATTENTION.map((site) => ({ layer: site.layer, softmax: `p2o.Softmax.${site.layer}`, output: site.probabilities })));
    for (const site of OCR_ATTENTION) {
      const siteScores = scores.get(site.scores)!;
      const expected = multimaxLastAxis(Float32Array.from(siteScores.data), siteScores.dims, SPARSE_PARAMS);
      expect(maxAbsDifference(outputs[site.probabilities]?.data as Float32Array, expected)).toBeLessThan(1e-5);
    }
  });

  it('expose only the requested layers', async () => {
    const opened = await createSession(ocrModelPath(), { params: SPARSE_PARAMS, device: 'cpu', probes: { layers: [1] } });
    await opened.session.release();

    expect(opened.probes).toEqual([{ layer: 1, softmax: 'p2o.Softmax.1', output: 'softmax_10.tmp_0' }]);
    expect(opened.session.outputNames).toEqual([OCR_OUTPUT, 'softmax_10.tmp_0']);
  });

  it('reject a layer the model does not have', async () => {
    const promise = createSession(ocrModelPath(), { params: SPARSE_PARAMS, device: 'cpu', probes: { layers: [0, 5] } });

    await expect(promise).rejects.toThrow('probes.layers contains layer 5, which is not an attention layer of the model; its attention layers are 0, 1');
  });

  it('reject layers that are not numbers', async () => {
    const promise = createSession(ocrModelPath(), { params: SPARSE_PARAMS, device: 'cpu', probes: { layers: ['0'] as never } });

    await expect(promise).rejects.toThrow(`invalid probes.layers ["0"]; expected 'all' or an array of attention layer numbers`);
  });

  describe('with the cache', () => {
    const temporaryFolder = useTemporaryFolder('probes-cache');

    it('come back from a cache hit', async () => {
      const options = { params: SPARSE_PARAMS, device: 'cpu' as const, probes: { layers: 'all' as const }, cache: { dir: temporaryFolder() } };
      const first = await createSession(ocrModelPath(), options);
      await first.session.release();
      const second = await createSession(ocrModelPath(), options);
      await second.session.release();
      const withoutProbes = await createSession(ocrModelPath(), { ...options, probes: undefined });
      await withoutProbes.session.release();

      expect([first.cache, second.cache, withoutProbes.cache]).toEqual(['miss', 'hit', 'miss']);
      expect(second.probes).toEqual(first.probes);
      expect(second.session.outputNames).toEqual(first.session.outputNames);
      expect(withoutProbes.session.outputNames).toEqual([OCR_OUTPUT]);
    });
  });
});

describe('attention probes on fixtures', () => {
  it('read the masked probabilities that the layer passes on (bert-opset14)', async () => {
    const fixture = buildBertOpset14();
    const opened = await createSession(fixture.bytes, { params: SPARSE_PARAMS, device: 'cpu', probes: { layers: 'all' } });
    const outputs = await runOnce(opened, toOrtFeeds(fixture.inputs(1)));
    const values = await patchedValues(fixture.bytes, fixture.inputs(1), fixture.attention.flatMap(attentionSiteValueNames));

    expect(opened.probes.map((probe) => probe.softmax)).toEqual(fixture.attention.map((site) => site.softmax));
    for (const [index, site] of fixture.attention.entries()) {
      const probe = opened.probes[index]!;
      const scores = values.get(site.scores)!;
      if (site.mask?.kind !== 'additive') throw new Error('bert-opset14 is expected to use an additive mask');
      const mask = values.get(site.mask.value)!;
      const expected = multimaxWithFloat32Mask(scores, mask, SPARSE_PARAMS);

      expect(probe.output.startsWith('multimax/')).toBe(false);
      expect(maxAbsDifference(toFloat64Tensor(outputs[probe.output]!).data, expected)).toBeLessThan(1e-5);
    }
  });

  it('reject layers inside If branches, naming them', async () => {
    const promise = createSession(buildIfBranch().bytes, { params: SPARSE_PARAMS, device: 'cpu', probes: { layers: 'all' } });

    await expect(promise).rejects.toThrow(/cannot probe attention layer 0 \(.+ in main\/.+:then_branch\), layer 1 \(.+ in main\/.+:else_branch\): values inside If\/Loop\/Scan bodies cannot be model outputs; probe main-graph layers only \(none\)/);
  });
});
