import { uniformParamsFile } from '@multimax/core';
import { buildBertOpset11, buildBertOpset14, buildGpt2Causal, buildLogSoftmaxOutput, type Fixture } from '@multimax/testing';

import { decodeModel, patchModel } from '../src/index.js';

const FLOAT32_LOWEST = -3.4028234663852886e38;

function zeroingNodes(fixture: Fixture): number {
  const model = decodeModel(fixture.bytes);
  patchModel(model, uniformParamsFile({ ranges: [-1, 1], ts: [-0.5, 0.3] }));
  return model.graph!.node.filter((node) => node.name.startsWith('multimax/') && node.opType === 'ReduceMax').length;
}

describe('zeroing of fully masked rows', () => {
  it.each([
    ['BERT legacy −10000 mask', buildBertOpset14()],
    ['NeMo Where fill −10000', buildLogSoftmaxOutput()],
  ])('is skipped where the mask stays finite: %s', (_label, fixture) => {
    expect(zeroingNodes(fixture)).toBe(0);
  });

  it.each([
    ['BERT float32-lowest mask', buildBertOpset11({ maskFill: FLOAT32_LOWEST }), 1],
    ['GPT-2 causal and padding masks', buildGpt2Causal(), 1],
  ])('is emitted where a row can be fully masked: %s', (_label, fixture, sites) => {
    expect(zeroingNodes(fixture)).toBe(sites);
  });
});
