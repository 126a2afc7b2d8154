import { ParamsValidationError, serializeParamsFile } from '@multimax/core';

import { parseParamsText, toParamsFile } from '../../src/params/params-value.js';
import { ATTENTION_PARAMS, attentionParamsFile } from '../helpers/test-params.js';

describe('toParamsFile', () => {
  test('one params object applies to attention', () => {
    expect(toParamsFile(ATTENTION_PARAMS, 'test')).toEqual(attentionParamsFile(ATTENTION_PARAMS));
  });

  test('paper notation is converted', () => {
    const file = toParamsFile({ tb: [-0.5], td: [0.5], b: [2], d: [0.5] }, 'test');
    expect(file.targets[0]?.params).toEqual(ATTENTION_PARAMS);
  });

  test('parsed and JSON forms give the same file', () => {
    const json = JSON.parse(serializeParamsFile(attentionParamsFile(ATTENTION_PARAMS))) as unknown;
    expect(toParamsFile(attentionParamsFile(ATTENTION_PARAMS), 'test')).toEqual(toParamsFile(json, 'test'));
  });

  test('invalid params name the source', () => {
    expect(() => toParamsFile({ ranges: [0, 1], ts: [0] }, 'my-params')).toThrow(ParamsValidationError);
    expect(() => toParamsFile({ ranges: [0, 1], ts: [0] }, 'my-params')).toThrow(/^my-params: /);
  });

  test('invalid JSON text is a validation error', () => {
    expect(() => parseParamsText('{"format": ', 'multimax.json')).toThrow(/multimax\.json: .*invalid JSON/);
  });
});
