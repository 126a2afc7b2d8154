import { isMaskedValue, type ModulatorParams, modulate, uniformParamsFile } from '@multimax/core';
import {
  allFixtures,
  attentionReference,
  attentionSiteValueNames,
  buildBertOpset11,
  buildSoftmax9Axis1,
  describeSoftmaxNode,
  type Fixture,
  type Float64Tensor,
  maskedScores64,
  runWithExtraOutputs,
} from '@multimax/testing';

import { decodeModel, encodeModel, findSoftmaxSites, patchModel, readPatchRecord, removeModulators } from '../src/index.js';

const FIRST_ORDER: ModulatorParams = { ranges: [-0.5, 0.5], ts: [-0.7, 0.3] };
const SECOND_ORDER: ModulatorParams = { ranges: [-0.5, 0.5, -1, 1], ts: [0.4, -0.3, -0.2, 0.05] };
const AFFINE: ModulatorParams = { ranges: [-0.5, 0.5], ts: [-0.6, 0.2], scale: 2, bias: 0.25 };
const FLOAT32_LOWEST = -3.4028234663852886e38;

// Variants whose masks use float32's lowest value, so opset < 13 graphs get fully masked rows too.
const fixtures: Fixture[] = [
  ...allFixtures(),
  { ...buildBertOpset11({ maskFill: FLOAT32_LOWEST }), name: 'bert-opset11-lowest-mask' },
  { ...buildSoftmax9Axis1({ maskFill: FLOAT32_LOWEST }), name: 'softmax9-axis1-lowest-mask' },
];

function patch(fixture: Fixture, params: ModulatorParams): Uint8Array {
  const model = decodeModel(fixture.bytes);
  patchModel(model, uniformParamsFile(params));
  return encodeModel(model);
}

function runOptions(fixture: Fixture) {
  return fixture.externalData ? { externalData: [{ path: fixture.externalData.fileName, data: fixture.externalData.bytes }] } : {};
}

/** Replaces a site's scores by σ(scores), computed in float64 like the core reference. */
function withModulatedScores(values: Map<string, Float64Tensor>, scoresName: string, params: ModulatorParams, foldedScale: number): Map<string, Float64Tensor> {
  const scores = values.get(scoresName);
  if (scores === undefined) throw new Error(`missing scores ${scoresName}`);
  const original = scores.data.map((value) => value / foldedScale);
  const modulated = new Map(values);
  modulated.set(scoresName, { ...scores, data: Float64Array.from(modulate(original, params)) });
  return modulated;
}

describe.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('rewriter on fixture %s', (_name, fixture) => {
  it('finds every attention site and its scores', () => {
    const sites = findSoftmaxSites(decodeModel(fixture.bytes));
    for (const expected of fixture.attention) {
      const site = sites.find((candidate) => candidate.name === expected.softmax);
      expect(site?.kind).toBe('attention');
      expect(site?.insertion.value).toBe(expected.scores);
      expect(site?.guarded).toBe(false);
    }
    for (const name of fixture.outputSoftmax ?? []) {
      expect(sites.find((candidate) => candidate.name === name)?.kind).toBe('output');
    }
  });

  it('keeps the model byte-identical for identity params', () => {
    const patched = patch(fixture, { ranges: [-1, 1], ts: [0, 0] });
    expect(Buffer.from(patched).equals(Buffer.from(fixture.bytes))).toBe(true);
  });

  it.each([
    ['second order', SECOND_ORDER],
    ['affine', AFFINE],
  ])('changes nothing outside the inserted nodes (%s)', (_label, params) => {
    const model = decodeModel(patch(fixture, params));
    expect(model.metadataProps.some((prop) => prop.key === 'multimax')).toBe(true);

    // Removing the modulators undoes exactly what patching added, so any other change would remain.
    removeModulators(model);
    expect(Buffer.from(encodeModel(model)).equals(Buffer.from(fixture.bytes))).toBe(true);
  });

  it.each([
    ['first order', FIRST_ORDER],
    ['second order', SECOND_ORDER],
    ['affine', AFFINE],
  ])('matches the float64 reference (%s)', async (_order, params) => {
    const patched = patch(fixture, params);
    const fp16 = fixture.name.includes('fp16');
    const tolerance = fp16 ? 2e-3 : 1e-5;

    for (const site of fixture.attention) {
      const node = describeSoftmaxNode(fixture.bytes, site.softmax);
      const values = await runWithExtraOutputs(patched, fixture.inputs(7), [...attentionSiteValueNames(site), node.output], runOptions(fixture));
      const actual = values.get(node.output);
      // A value inside an If branch that did not run comes back empty.
      if (actual === undefined || actual.data.length === 0) continue;

      // A power-of-two scale may be folded into the scaling constant: the scores then arrive scaled.
      const fold = readPatchRecord(decodeModel(patched))?.sites.find((record) => record.softmax === site.softmax)?.foldedScale;
      const modulated = withModulatedScores(values, site.scores, params, fold?.scale ?? 1);
      const expected = attentionReference(site, node, modulated);
      const masked = maskedScores64(site, modulated);
      // Before opset 13 a row spans every dimension from the axis on (2-D coercion).
      const axis = node.axis < 0 ? node.axis + masked.dims.length : node.axis;
      const rowLength = node.coercesTo2d ? masked.dims.slice(axis).reduce((product, dim) => product * dim, 1) : (masked.dims[masked.dims.length - 1] ?? 1);
      let fullyMaskedRows = 0;

      expect(actual.data.length).toBe(expected.data.length);
      let maxDifference = 0;
      for (let row = 0; row * rowLength < masked.data.length; row++) {
        const rowValues = masked.data.subarray(row * rowLength, (row + 1) * rowLength);
        const fullyMasked = rowValues.every((value) => isMaskedValue(value));
        if (fullyMasked) fullyMaskedRows++;
        for (let i = row * rowLength; i < (row + 1) * rowLength; i++) {
          const got = actual.data[i] ?? Number.NaN;
          expect(Number.isNaN(got)).toBe(false);
          // MultiMax gives zeros for fully masked rows, where plain Softmax gives NaN or a uniform row.
          const want = fullyMasked && node.opType === 'Softmax' ? 0 : (expected.data[i] ?? Number.NaN);
          maxDifference = Math.max(maxDifference, Math.abs(got - want));
        }
      }
      expect(maxDifference).toBeLessThan(tolerance);
      if (fixture.name.endsWith('-lowest-mask')) expect(fullyMaskedRows).toBeGreaterThan(0);
    }
  });

  it('produces no NaN in any model output with masked inputs', async () => {
    const patched = patch(fixture, SECOND_ORDER);
    const values = await runWithExtraOutputs(patched, fixture.inputs(11), [], runOptions(fixture));
    for (const [name, tensor] of values) {
      expect([name, tensor.data.some((value) => Number.isNaN(value))]).toEqual([name, false]);
    }
  });
});
