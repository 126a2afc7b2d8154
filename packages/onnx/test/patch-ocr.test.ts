import { type ModulatorParams, multimaxLastAxis, type ParamsFile, uniformParamsFile } from '@multimax/core';

import { decodeModel, encodeModel, exposeValues, findSoftmaxSites, inspectModel, patchModel, readPatchRecord } from '../src/index.js';
import { ocrInput, readOcrModel } from './support/ocr-model.js';
import { floatTensor, maxAbsDifference, runModel } from './support/run.js';

const ATTENTION = [
  { scores: 'p2o.MatMul.3', probabilities: 'softmax_9.tmp_0' },
  { scores: 'p2o.MatMul.15', probabilities: 'softmax_10.tmp_0' },
];
const feeds = () => ({ x: floatTensor(ocrInput(), [1, 3, 48, 160]) });

function patchedBytes(params: ParamsFile, expose: string[] = []): Uint8Array {
  const model = decodeModel(readOcrModel());
  patchModel(model, params);
  exposeValues(model, expose);
  return encodeModel(model);
}

function originalBytes(expose: string[] = []): Uint8Array {
  const model = decodeModel(readOcrModel());
  exposeValues(model, expose);
  return encodeModel(model);
}

describe('patchModel on PP-OCRv4', () => {
  it('inserts nothing for all-zero ts and keeps the model byte-identical', () => {
    const bytes = patchedBytes(uniformParamsFile({ ranges: [-1, 1], ts: [0, 0] }));
    expect(Buffer.from(bytes).equals(Buffer.from(readOcrModel()))).toBe(true);
  });

  it('gives identical outputs when σ is emitted but never active', async () => {
    // Thresholds far outside the score range make every hinge zero: σ(x) = x + 0 exactly.
    const params = uniformParamsFile({ ranges: [-1e6, 1e6, -1e6, 1e6], ts: [-0.5, 0.5, 0.1, -0.1] });
    const model = decodeModel(readOcrModel());
    expect(patchModel(model, params).patched).toBe(2);

    const original = await runModel(readOcrModel(), feeds());
    const patched = await runModel(encodeModel(model), feeds());
    for (const [name, output] of Object.entries(original)) {
      expect(maxAbsDifference(patched[name]?.data ?? [], output.data)).toBe(0);
    }
  });

  it.each<[string, ModulatorParams]>([
    ['first order, sparsifying', { ranges: [-1, 1], ts: [-0.6, 0.3] }],
    ['first order, positive low slope', { ranges: [0, 2], ts: [0.4, -0.2] }],
    ['second order, both signs', { ranges: [-1, 1, -2, 2], ts: [-1, 0.1, -0.2, 0.02] }],
    ['affine variant', { ranges: [-0.5, 0.5], ts: [-0.8, 0.2], scale: 1.5, bias: 0.1 }],
  ])('matches @multimax/core on attention probabilities (%s)', async (_label, params) => {
    const exposed = ATTENTION.flatMap((site) => [site.scores, site.probabilities]);
    const outputs = await runModel(patchedBytes(uniformParamsFile(params), exposed), feeds());

    for (const site of ATTENTION) {
      const scores = outputs[site.scores];
      const probabilities = outputs[site.probabilities];
      if (scores === undefined || probabilities === undefined) throw new Error(`missing output ${site.scores}`);
      const expected = multimaxLastAxis(scores.data, scores.dims, params);
      expect(maxAbsDifference(probabilities.data, expected)).toBeLessThan(1e-5);
    }
  });

  it('changes the attention compared with SoftMax', async () => {
    const exposed = ATTENTION.map((site) => site.probabilities);
    const original = await runModel(originalBytes(exposed), feeds());
    const patched = await runModel(patchedBytes(uniformParamsFile({ ranges: [-1, 1], ts: [-0.6, 0.3] }), exposed), feeds());
    expect(maxAbsDifference(patched['softmax_9.tmp_0']?.data ?? [], original['softmax_9.tmp_0']?.data ?? [])).toBeGreaterThan(1e-3);
  });

  it('selects targets by node name and kind, first match wins', () => {
    const params: ParamsFile = {
      format: 'multimax-params',
      version: 1,
      targets: [
        { select: { node: 'p2o.Softmax.1' }, params: { ranges: [-2, 2], ts: [-0.1, 0.1] } },
        { select: { kind: 'attention' }, params: { ranges: [-1, 1], ts: [-0.5, 0.5] } },
        { select: { kind: 'output', layer: 0 }, params: { ranges: [-3, 3], ts: [-0.2, 0] } },
      ],
    };
    const model = decodeModel(readOcrModel());
    const result = patchModel(model, params);
    expect(result.plan.map((planned) => planned.params?.ranges)).toEqual([[-1, 1], [-2, 2], [-3, 3]]);
    expect(readPatchRecord(model)?.sites.map((site) => site.softmax)).toEqual(['p2o.Softmax.0', 'p2o.Softmax.1', 'p2o.Softmax.2']);
  });

  it('replaces an earlier patch instead of stacking modulators', () => {
    const first = uniformParamsFile({ ranges: [-1, 1], ts: [-0.6, 0.3] });
    const second = uniformParamsFile({ ranges: [-2, 2], ts: [-0.3, 0.1] });

    const once = decodeModel(readOcrModel());
    patchModel(once, second);
    const twice = decodeModel(readOcrModel());
    patchModel(twice, first);
    const result = patchModel(decodeModel(encodeModel(twice)), second);
    const repatched = decodeModel(encodeModel(twice));
    patchModel(repatched, second);

    expect(result.replaced).toBe(2);
    expect(Buffer.from(encodeModel(repatched)).equals(Buffer.from(encodeModel(once)))).toBe(true);
    expect(inspectModel(repatched).softmax.map((site) => site.multimax?.ranges)).toEqual([[-2, 2], [-2, 2], undefined]);
  });

  it('leaves every original node, input, output and opset unchanged', () => {
    const original = decodeModel(readOcrModel());
    const model = decodeModel(readOcrModel());
    patchModel(model, uniformParamsFile({ ranges: [-1, 1], ts: [-0.6, 0.3] }));
    const graph = model.graph!;
    const originalGraph = original.graph!;

    const ours = graph.node.filter((node) => node.name.startsWith('multimax/'));
    const others = graph.node.filter((node) => !node.name.startsWith('multimax/'));
    expect(ours.length).toBeGreaterThan(0);
    expect(others.length).toBe(originalGraph.node.length);

    // Only the Softmax inputs are rewired to σ; every other field is as before.
    const rewired = new Set(findSoftmaxSites(original).filter((site) => site.kind === 'attention').map((site) => site.name));
    others.forEach((node, index) => {
      const before = originalGraph.node[index]!;
      expect(node.name).toBe(before.name);
      expect(node.output).toEqual(before.output);
      expect(node.attribute).toEqual(before.attribute);
      if (!rewired.has(node.name)) expect(node.input).toEqual(before.input);
    });
    expect(graph.input).toEqual(originalGraph.input);
    expect(graph.output).toEqual(originalGraph.output);
    expect(model.opsetImport).toEqual(original.opsetImport);
    expect(model.metadataProps.filter((prop) => prop.key !== 'multimax')).toEqual(original.metadataProps);
  });
});
