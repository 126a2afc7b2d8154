import { Tensor } from '@huggingface/transformers';
import { modulate } from '@multimax/core';

import { MultiMaxLogitsProcessor } from '../../src/node/index.js';
import { LOGITS_PARAMS } from '../helpers/test-params.js';

describe('MultiMaxLogitsProcessor', () => {
  test('applies σ to every logit', () => {
    const values = [-3, -0.5, 0, 0.25, 2, 7.5];
    const logits = new Tensor('float32', new Float32Array(values), [1, values.length]);

    new MultiMaxLogitsProcessor(LOGITS_PARAMS)([[1n]], logits);

    const expected = Array.from(new Float32Array(modulate(values, LOGITS_PARAMS)));
    expect(Array.from(logits.data as Float32Array)).toEqual(expected);
  });

  test('keeps banned tokens at −Infinity', () => {
    // ts[0] = 1 flattens σ below −1, which would turn −Infinity into a finite logit.
    const logits = new Tensor('float32', new Float32Array([Number.NEGATIVE_INFINITY, 1]), [1, 2]);

    new MultiMaxLogitsProcessor({ ranges: [-1, 1], ts: [1, 0] })([[1n]], logits);

    expect((logits.data as Float32Array)[0]).toBe(Number.NEGATIVE_INFINITY);
  });

  test('takes the output target of a params file', () => {
    const processor = new MultiMaxLogitsProcessor({
      format: 'multimax-params',
      version: 1,
      targets: [
        { select: { kind: 'attention' }, params: { ranges: [0, 0], ts: [-1, 0] } },
        { select: { kind: 'output' }, params: LOGITS_PARAMS },
      ],
    });
    expect(processor.params).toEqual(LOGITS_PARAMS);
  });

  test('rejects a params file without an output target', () => {
    const attentionOnly = { format: 'multimax-params' as const, version: 1 as const, targets: [{ select: { kind: 'attention' as const }, params: LOGITS_PARAMS }] };
    expect(() => new MultiMaxLogitsProcessor(attentionOnly)).toThrow(/no target for the output layer/);
  });
});
