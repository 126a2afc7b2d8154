import { describe, expect, it } from '@jest/globals';

import {
  type ParamsFile,
  ParamsValidationError,
  parseParamsFile,
  selectTarget,
  serializeParamsFile,
  uniformParamsFile,
} from '../src/index.js';

const EXAMPLE_TEXT = `{ "format": "multimax-params", "version": 1, "description": "ViT-S attention", "targets": [
  { "select": { "kind": "attention", "layer": 0 }, "ranges": [-1.2, 0.8], "ts": [-0.9, -0.3] },
  { "select": { "node": "p2o.Softmax.1" }, "ranges": [-1, 1, -2, 2], "ts": [-1, 0.1, -0.2, 0.02], "scale": 1, "bias": 0 },
  { "select": { "kind": "attention" }, "tb": [-1.0], "td": [1.0], "b": [1.5], "d": [0.75], "comment": "fallback" } ] }`;

function validationErrorOf(action: () => unknown): ParamsValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ParamsValidationError) return error;
    throw error;
  }
  throw new Error('expected a ParamsValidationError');
}

describe('parseParamsFile', () => {
  it('parses the example file', () => {
    const file = parseParamsFile(EXAMPLE_TEXT, 'example.json');

    expect(file.format).toBe('multimax-params');
    expect(file.version).toBe(1);
    expect(file.description).toBe('ViT-S attention');
    expect(file.targets).toHaveLength(3);
    expect(file.targets[0]).toEqual({ select: { kind: 'attention', layer: 0 }, params: { ranges: [-1.2, 0.8], ts: [-0.9, -0.3] } });
    expect(file.targets[1]?.params).toEqual({ ranges: [-1, 1, -2, 2], ts: [-1, 0.1, -0.2, 0.02], scale: 1, bias: 0 });
    // Paper notation is converted to reference notation: ts = [1 − b, d − 1].
    expect(file.targets[2]).toEqual({
      select: { kind: 'attention' },
      params: { ranges: [-1, 1], ts: [-0.5, -0.25] },
      comment: 'fallback',
    });
  });

  it('accepts a parsed object', () => {
    expect(parseParamsFile(JSON.parse(EXAMPLE_TEXT))).toEqual(parseParamsFile(EXAMPLE_TEXT));
  });

  it('accepts a byte order mark', () => {
    expect(parseParamsFile(`\uFEFF${EXAMPLE_TEXT}`).targets).toHaveLength(3);
  });

  it('accepts an empty target list', () => {
    expect(parseParamsFile({ format: 'multimax-params', version: 1, targets: [] }).targets).toEqual([]);
  });

  it('lists every invalid field', () => {
    const input = {
      format: 'multimax',
      version: 2,
      author: 'x',
      targets: [
        { select: { kind: 'attention', layer: 0 }, ranges: [-1, 1], ts: [0, 0] },
        { select: { kind: 'decoder', layer: 1.5 }, ranges: [-1, 1, 0, 0], ts: [0, 0, 'x', 0], comment: 7 },
        { select: { layer: 2 }, tb: [0], td: [1], b: [1], d: [1], ranges: [0] },
        { select: {}, ranges: [0, 0], ts: [0, 0], extra: 1 },
        { ranges: [0, 0], ts: [0, 0] },
        'not a target',
      ],
    };

    const error = validationErrorOf(() => parseParamsFile(input, 'params.json'));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'author',
      'format',
      'version',
      'targets[1].select.kind',
      'targets[1].select.layer',
      'targets[1].comment',
      'targets[1].ts[2]',
      'targets[2].select.layer',
      'targets[2]',
      'targets[2].ranges',
      'targets[3].select',
      'targets[3].extra',
      'targets[4].select',
      'targets[5]',
    ]);
    expect(error.source).toBe('params.json');
    expect(error.message.startsWith('params.json: invalid MultiMax params: author: unknown field')).toBe(true);
    expect(error.message).not.toContain('\n');
  });

  it('reports missing top-level fields', () => {
    const error = validationErrorOf(() => parseParamsFile({}));
    expect(error.issues.map((issue) => issue.path)).toEqual(['format', 'version', 'targets']);
  });

  it('rejects a non-object root', () => {
    const error = validationErrorOf(() => parseParamsFile('[1, 2]'));
    expect(error.issues).toEqual([{ path: '', message: 'expected an object with format, version and targets, got an array of 2' }]);
  });

  it('turns JSON syntax errors into validation errors', () => {
    const error = validationErrorOf(() => parseParamsFile('{ "format": ', 'broken.json'));
    expect(error.source).toBe('broken.json');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.message).toMatch(/^invalid JSON: /);
    expect(error.message).toMatch(/^broken\.json: invalid MultiMax params: \(root\): invalid JSON: /);
  });
});

describe('selectTarget', () => {
  const file = parseParamsFile(EXAMPLE_TEXT);

  it('takes the first matching target', () => {
    expect(selectTarget(file, { name: 'a', kind: 'attention', layer: 0 })).toBe(file.targets[0]);
    expect(selectTarget(file, { name: 'b', kind: 'attention', layer: 1 })).toBe(file.targets[2]);
    expect(selectTarget(file, { name: 'p2o.Softmax.1', kind: 'attention', layer: 0 })).toBe(file.targets[0]);
    expect(selectTarget(file, { name: 'p2o.Softmax.1', kind: 'attention', layer: 3 })).toBe(file.targets[1]);
  });

  it('selects other kinds only by node', () => {
    expect(selectTarget(file, { name: 'p2o.Softmax.1', kind: 'other', layer: 0 })).toBe(file.targets[1]);
    expect(selectTarget(file, { name: 'p2o.Softmax.2', kind: 'other', layer: 0 })).toBeUndefined();
  });

  it('leaves unmatched nodes unchanged', () => {
    expect(selectTarget(file, { name: 'head', kind: 'output', layer: 0 })).toBeUndefined();
  });

  it('requires every selector field to match', () => {
    const strict = parseParamsFile({
      format: 'multimax-params',
      version: 1,
      targets: [{ select: { node: 'n1', kind: 'output' }, ranges: [0, 0], ts: [0, 0] }],
    });
    expect(selectTarget(strict, { name: 'n1', kind: 'attention', layer: 0 })).toBeUndefined();
    expect(selectTarget(strict, { name: 'n1', kind: 'output', layer: 0 })).toBe(strict.targets[0]);
  });
});

describe('serializeParamsFile', () => {
  const file = parseParamsFile(EXAMPLE_TEXT);

  it('round-trips in reference notation', () => {
    const text = serializeParamsFile(file);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('"ts": [-1, 0.1, -0.2, 0.02]');
    expect(parseParamsFile(text)).toEqual(file);
  });

  it('round-trips in paper notation', () => {
    const text = serializeParamsFile(file, 'paper');
    expect(text).toContain('"tb": [-1, -2]');
    expect(text).not.toContain('"ranges"');

    const reparsed = parseParamsFile(text);
    expect(reparsed.targets.map((target) => target.select)).toEqual(file.targets.map((target) => target.select));
    reparsed.targets.forEach((target, index) => {
      const original = file.targets[index]?.params;
      expect(target.params.ranges).toEqual(original?.ranges);
      target.params.ts.forEach((t, k) => {
        expect(Math.abs(t - (original?.ts[k] ?? Number.NaN))).toBeLessThanOrEqual(1e-15);
      });
    });
  });

  it('rejects an invalid file', () => {
    const invalid: ParamsFile = {
      format: 'multimax-params',
      version: 1,
      targets: [{ select: { kind: 'attention' }, params: { ranges: [0, 0], ts: [0, Number.NaN] } }],
    };
    expect(() => serializeParamsFile(invalid)).toThrow('serializeParamsFile: invalid MultiMax params: targets[0].ts[1]');
    expect(() => serializeParamsFile(invalid, 'paper')).toThrow('targets[0].ts[1]');
  });
});

describe('uniformParamsFile', () => {
  it('targets every attention Softmax by default', () => {
    const file = uniformParamsFile({ tb: [-1], td: [1], b: [1.5], d: [0.75] });
    expect(file).toEqual({
      format: 'multimax-params',
      version: 1,
      targets: [{ select: { kind: 'attention' }, params: { ranges: [-1, 1], ts: [-0.5, -0.25] } }],
    });
    expect(selectTarget(file, { name: 'x', kind: 'attention', layer: 11 })).toBe(file.targets[0]);
    expect(selectTarget(file, { name: 'y', kind: 'output', layer: 0 })).toBeUndefined();
  });

  it('can target the output Softmax', () => {
    const file = uniformParamsFile({ ranges: [0, 1], ts: [0.5, 0.5] }, 'output');
    expect(file.targets[0]?.select).toEqual({ kind: 'output' });
    expect(parseParamsFile(serializeParamsFile(file))).toEqual(file);
  });

  it('rejects invalid params', () => {
    expect(() => uniformParamsFile({ ranges: [0], ts: [0] })).toThrow(ParamsValidationError);
  });
});
