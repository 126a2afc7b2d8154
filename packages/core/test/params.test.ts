import { describe, expect, it } from '@jest/globals';

import {
  isIdentity,
  type ModulatorParams,
  modulate,
  normalizeParams,
  order,
  type PaperParams,
  ParamsValidationError,
  paperToReference,
  referenceToPaper,
} from '../src/index.js';
import { createRandom, uniform } from './support/random.js';

// σ from paper notation and σ from converted reference notation agree to float64 rounding.
const FLOAT64_TOLERANCE = 1e-12;
// A converter round trip computes 1 − (1 − b), which rounds at most a few ulps away from b.
const ROUND_TRIP_TOLERANCE = 1e-15;

function relu(value: number): number {
  return Math.max(value, 0);
}

/** σ written directly in paper notation: slope b below tb and slope d above td for order 1. */
function paperSigma(x: number, p: PaperParams): number {
  const y = (p.scale ?? 1) * x + (p.bias ?? 0);
  let sigma = y;
  for (let k = 0; k < p.tb.length; k++) {
    const power = k + 1;
    sigma += (1 - (p.b[k] ?? 1)) * relu((p.tb[k] ?? 0) - y) ** power;
    sigma += ((p.d[k] ?? 1) - 1) * relu(y - (p.td[k] ?? 0)) ** power;
  }
  return sigma;
}

function randomPaperParams(random: () => number): PaperParams {
  const orderCount = random() < 0.5 ? 1 : 2;
  const params: PaperParams = { tb: [], td: [], b: [], d: [] };
  for (let k = 0; k < orderCount; k++) {
    params.tb.push(uniform(random, -3, 0));
    params.td.push(uniform(random, 0, 3));
    params.b.push(uniform(random, -1, 3));
    params.d.push(uniform(random, -1, 3));
  }
  if (random() < 0.5) params.scale = uniform(random, -2, 2);
  if (random() < 0.5) params.bias = uniform(random, -1, 1);
  return params;
}

function expectArraysClose(actual: number[], expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => {
    expect(Math.abs(value - (expected[i] as number))).toBeLessThanOrEqual(tolerance);
  });
}

function issuePathsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ParamsValidationError) return error.issues.map((issue) => issue.path);
    throw error;
  }
  throw new Error('expected a ParamsValidationError');
}

describe('paper and reference notation', () => {
  it('give the same σ', () => {
    const random = createRandom(31337);
    const inputs = [-50, -4, -2.5, -1, -0.3, 0, 0.4, 1.2, 2.7, 4, 50];

    for (let caseIndex = 0; caseIndex < 200; caseIndex++) {
      const paper = randomPaperParams(random);
      const modulated = modulate(inputs, paperToReference(paper));
      inputs.forEach((x, i) => {
        const expected = paperSigma(x, paper);
        expect(Math.abs((modulated[i] as number) - expected)).toBeLessThanOrEqual(FLOAT64_TOLERANCE * Math.max(1, Math.abs(expected)));
      });
    }
  });

  it('convert with the documented formulas', () => {
    const paper: PaperParams = { tb: [-1, -2], td: [1, 2], b: [1.5, 1.25], d: [0.75, 1.5], scale: 2, bias: -1 };
    expect(paperToReference(paper)).toEqual({ ranges: [-1, 1, -2, 2], ts: [-0.5, -0.25, -0.25, 0.5], scale: 2, bias: -1 });
    expect(referenceToPaper({ ranges: [-1.2, 0.8], ts: [-0.5, 0.25] })).toEqual({ tb: [-1.2], td: [0.8], b: [1.5], d: [1.25] });
  });

  it('round-trip through the converters', () => {
    const random = createRandom(5);
    for (let caseIndex = 0; caseIndex < 200; caseIndex++) {
      const paper = randomPaperParams(random);
      const roundTripped = referenceToPaper(paperToReference(paper));
      expectArraysClose(roundTripped.tb, paper.tb, 0);
      expectArraysClose(roundTripped.td, paper.td, 0);
      expectArraysClose(roundTripped.b, paper.b, ROUND_TRIP_TOLERANCE);
      expectArraysClose(roundTripped.d, paper.d, ROUND_TRIP_TOLERANCE);
      expect(roundTripped.scale).toBe(paper.scale);
      expect(roundTripped.bias).toBe(paper.bias);

      const reference = paperToReference(paper);
      const referenceRoundTripped = paperToReference(referenceToPaper(reference));
      expectArraysClose(referenceRoundTripped.ranges, reference.ranges, 0);
      expectArraysClose(referenceRoundTripped.ts, reference.ts, ROUND_TRIP_TOLERANCE);
    }
  });

  it('converters reject invalid params', () => {
    expect(() => paperToReference({ tb: [0], td: [0, 1], b: [1], d: [1] })).toThrow(ParamsValidationError);
    expect(() => referenceToPaper({ ranges: [0, 0], ts: [0, 0, 0, 0] })).toThrow(ParamsValidationError);
  });
});

describe('normalizeParams', () => {
  it('returns a copy of reference params', () => {
    const input = { ranges: [-1, 1], ts: [0.5, -0.5], scale: 2, bias: 0.5 };
    const normalized = normalizeParams(input);
    expect(normalized).toEqual(input);
    expect(normalized.ranges).not.toBe(input.ranges);
    expect(normalized.ts).not.toBe(input.ts);
  });

  it('converts paper params', () => {
    expect(normalizeParams({ tb: [-1], td: [1], b: [1.5], d: [0.5], bias: 1 })).toEqual({
      ranges: [-1, 1],
      ts: [-0.5, -0.5],
      bias: 1,
    });
  });

  const invalidCases: { name: string; input: unknown; paths: string[]; messageFragment: string }[] = [
    { name: 'non-object', input: 42, paths: [''], messageFragment: 'expected an object' },
    { name: 'null', input: null, paths: [''], messageFragment: 'got null' },
    { name: 'empty object', input: {}, paths: [''], messageFragment: 'missing modulator params' },
    { name: 'missing ts', input: { ranges: [0, 0] }, paths: ['ts'], messageFragment: 'missing' },
    { name: 'wrong length', input: { ranges: [0, 0, 0], ts: [0, 0, 0] }, paths: ['ranges', 'ts'], messageFragment: 'got 3 entries' },
    { name: 'length mismatch', input: { ranges: [0, 0], ts: [0, 0, 0, 0] }, paths: ['ts'], messageFragment: 'ranges has 2' },
    { name: 'NaN entry', input: { ranges: [0, Number.NaN], ts: [0, 0] }, paths: ['ranges[1]'], messageFragment: 'got NaN' },
    {
      name: 'Infinity entries',
      input: { ranges: [0, 0], ts: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] },
      paths: ['ts[0]', 'ts[1]'],
      messageFragment: 'got Infinity',
    },
    { name: 'string entry', input: { ranges: [0, '1'], ts: [0, 0] }, paths: ['ranges[1]'], messageFragment: 'got string "1"' },
    { name: 'ts not an array', input: { ranges: [0, 0], ts: 0.5 }, paths: ['ts'], messageFragment: 'got 0.5' },
    { name: 'unknown key', input: { ranges: [0, 0], ts: [0, 0], temperature: 2 }, paths: ['temperature'], messageFragment: 'unknown field' },
    {
      name: 'odd unknown key',
      input: { ranges: [0, 0], ts: [0, 0], 'my key': 2 },
      paths: ['["my key"]'],
      messageFragment: 'unknown field',
    },
    {
      name: 'mixed notations',
      input: { ranges: [0, 0], ts: [0, 0], b: [1] },
      paths: [''],
      messageFragment: 'mixes reference notation',
    },
    {
      name: 'mixed notations with bad fields',
      input: { ranges: [0, 0, 0], tb: ['x'] },
      paths: ['', 'ranges', 'tb[0]'],
      messageFragment: 'use one notation',
    },
    { name: 'bad scale', input: { ranges: [0, 0], ts: [0, 0], scale: '2' }, paths: ['scale'], messageFragment: 'finite number' },
    { name: 'bad bias', input: { ranges: [0, 0], ts: [0, 0], bias: Number.NaN }, paths: ['bias'], messageFragment: 'got NaN' },
    {
      name: 'paper length mismatch',
      input: { tb: [0, 0], td: [1], b: [1, 1], d: [1] },
      paths: ['td', 'd'],
      messageFragment: 'tb has 2',
    },
    { name: 'paper wrong length', input: { tb: [], td: [], b: [], d: [] }, paths: ['tb', 'td', 'b', 'd'], messageFragment: 'got 0 entries' },
    { name: 'paper missing field', input: { tb: [0], td: [1], b: [1] }, paths: ['d'], messageFragment: 'missing' },
    {
      name: 'every bad field at once',
      input: { ranges: [0, 'a', 0, 0], ts: [Number.NaN, 0, 0, null], scale: Number.POSITIVE_INFINITY, extra: true },
      paths: ['extra', 'scale', 'ranges[1]', 'ts[0]', 'ts[3]'],
      messageFragment: 'got null',
    },
  ];

  it.each(invalidCases)('rejects $name', ({ input, paths, messageFragment }) => {
    expect(issuePathsOf(() => normalizeParams(input))).toEqual(paths);
    expect(() => normalizeParams(input)).toThrow(messageFragment);
  });

  it('prefixes issue paths with the given path', () => {
    expect(issuePathsOf(() => normalizeParams({ ranges: [0, 0], ts: [0, 'x'] }, 'targets[3]'))).toEqual(['targets[3].ts[1]']);
  });
});

describe('ParamsValidationError', () => {
  it('formats every issue on one line', () => {
    const error = new ParamsValidationError(
      [
        { path: 'ts[1]', message: 'expected a finite number, got NaN' },
        { path: '', message: 'invalid JSON: Unexpected end\nof input' },
      ],
      'model.params.json',
    );
    expect(error.message).toBe(
      'model.params.json: invalid MultiMax params: ts[1]: expected a finite number, got NaN; (root): invalid JSON: Unexpected end of input',
    );
    expect(error.source).toBe('model.params.json');
    expect(error.name).toBe('ParamsValidationError');
    expect(error).toBeInstanceOf(Error);
  });

  it('omits the source when absent', () => {
    const error = new ParamsValidationError([{ path: 'ranges', message: 'missing' }]);
    expect(error.message).toBe('invalid MultiMax params: ranges: missing');
    expect(error.source).toBeUndefined();
  });
});

describe('isIdentity', () => {
  const cases: { params: ModulatorParams; expected: boolean }[] = [
    { params: { ranges: [3, -2], ts: [0, 0] }, expected: true },
    { params: { ranges: [0, 0, 0, 0], ts: [0, -0, 0, 0], scale: 1, bias: 0 }, expected: true },
    { params: { ranges: [0, 0], ts: [0, 0.1] }, expected: false },
    { params: { ranges: [0, 0, 0, 0], ts: [0, 0, 0, 1e-9] }, expected: false },
    { params: { ranges: [0, 0], ts: [0, 0], scale: 2 }, expected: false },
    { params: { ranges: [0, 0], ts: [0, 0], bias: 1 }, expected: false },
  ];

  it.each(cases)('returns $expected for $params', ({ params, expected }) => {
    expect(isIdentity(params)).toBe(expected);
  });
});

describe('order', () => {
  it('follows the number of ts entries', () => {
    expect(order({ ranges: [0, 0], ts: [1, 1] })).toBe(1);
    expect(order({ ranges: [0, 0, 0, 0], ts: [1, 1, 0, 0] })).toBe(2);
  });
});
