/**
 * The elementwise modulator σ, compiled once per params object so that row loops read plain
 * numbers. First-order params get zero second-order coefficients.
 */

import { type ModulatorParams, ParamsValidationError, type ValidationIssue } from './params.js';
import { collectReferenceIssues } from './validate.js';

export interface CompiledModulator {
  readonly ranges: readonly [number, number, number, number];
  readonly ts: readonly [number, number, number, number];
  readonly scale: number;
  readonly bias: number;
  /** Limit of the modulator as its affine input y = scale·x + bias tends to −∞. */
  readonly limitAtNegativeInfinity: number;
  /** Limit of the modulator as y tends to +∞. */
  readonly limitAtPositiveInfinity: number;
}

/** Validates `params` and precomputes the coefficients; throws ParamsValidationError when they are invalid. */
export function compileModulator(params: ModulatorParams): CompiledModulator {
  const issues: ValidationIssue[] = [];
  collectReferenceIssues(params, issues);
  if (issues.length > 0) throw new ParamsValidationError(issues);

  const ranges = [params.ranges[0] ?? 0, params.ranges[1] ?? 0, params.ranges[2] ?? 0, params.ranges[3] ?? 0] as const;
  const ts = [params.ts[0] ?? 0, params.ts[1] ?? 0, params.ts[2] ?? 0, params.ts[3] ?? 0] as const;

  return {
    ranges,
    ts,
    scale: params.scale ?? 1,
    bias: params.bias ?? 0,
    limitAtNegativeInfinity: limitAtInfinity(-1, ranges, ts),
    limitAtPositiveInfinity: limitAtInfinity(1, ranges, ts),
  };
}

/**
 * Returns lim σ(y) for y → direction·∞, where only the terms on that side are active.
 * The square coefficient decides the sign when it is nonzero. Otherwise the linear slope does,
 * and a zero slope leaves the constant that the flat segment settles at.
 */
function limitAtInfinity(
  direction: -1 | 1,
  ranges: readonly [number, number, number, number],
  ts: readonly [number, number, number, number],
): number {
  const linearT = direction < 0 ? ts[0] : ts[1];
  const squareT = direction < 0 ? ts[2] : ts[3];
  const linearThreshold = direction < 0 ? ranges[0] : ranges[1];

  if (squareT > 0) return Number.POSITIVE_INFINITY;
  if (squareT < 0) return Number.NEGATIVE_INFINITY;

  // Left of ranges[0]: y + t·(r − y) = (1 − t)·y + t·r. Right of ranges[1]: (1 + t)·y − t·r.
  const slope = direction < 0 ? 1 - linearT : 1 + linearT;
  if (slope === 0) return direction < 0 ? linearT * linearThreshold : -linearT * linearThreshold;
  return slope * direction > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/**
 * Computes σ(x) in float64. NaN gives NaN. ±Infinity, and finite inputs whose terms overflow
 * to ∞ − ∞, give the limit of σ in that direction, so a flat segment yields its finite value.
 */
export function modulateValue(modulator: CompiledModulator, x: number): number {
  if (Number.isNaN(x)) return Number.NaN;

  // A zero scale maps every input, infinite ones included, to the bias.
  const y = modulator.scale === 0 ? modulator.bias : modulator.scale * x + modulator.bias;
  if (!Number.isFinite(y)) return limitTowards(modulator, y);

  const { ranges, ts } = modulator;
  const below0 = Math.max(ranges[0] - y, 0);
  const above1 = Math.max(y - ranges[1], 0);
  const below2 = Math.max(ranges[2] - y, 0);
  const above3 = Math.max(y - ranges[3], 0);
  const sigma = y + ts[0] * below0 + ts[1] * above1 + ts[2] * below2 * below2 + ts[3] * above3 * above3;

  // Only terms that overflowed with opposite signs produce NaN here, far out on one side.
  return Number.isNaN(sigma) ? limitTowards(modulator, y) : sigma;
}

function limitTowards(modulator: CompiledModulator, y: number): number {
  return y < 0 ? modulator.limitAtNegativeInfinity : modulator.limitAtPositiveInfinity;
}
