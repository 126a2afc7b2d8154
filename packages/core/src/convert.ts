/**
 * Converters between paper notation and reference notation. For order n = 1, 2 (index k = n − 1):
 *
 *   ranges[2k] = tb[k]      ts[2k]     = 1 − b[k]
 *   ranges[2k + 1] = td[k]  ts[2k + 1] = d[k] − 1
 *
 * scale and bias are copied unchanged. A round trip is exact up to the rounding of 1 − x in float64.
 */

import { type ModulatorParams, type PaperParams, ParamsValidationError, type ValidationIssue } from './params.js';
import { collectPaperIssues, collectReferenceIssues } from './validate.js';

/** Converts paper-notation params to reference notation; throws ParamsValidationError when `params` is invalid. */
export function paperToReference(params: PaperParams): ModulatorParams {
  const issues: ValidationIssue[] = [];
  collectPaperIssues(params, issues);
  if (issues.length > 0) throw new ParamsValidationError(issues);

  const ranges: number[] = [];
  const ts: number[] = [];
  params.tb.forEach((tb, k) => {
    ranges.push(tb, params.td[k] ?? Number.NaN);
    ts.push(1 - (params.b[k] ?? Number.NaN), (params.d[k] ?? Number.NaN) - 1);
  });

  const reference: ModulatorParams = { ranges, ts };
  return withAffine(reference, params);
}

/** Converts reference-notation params to paper notation; throws ParamsValidationError when `params` is invalid. */
export function referenceToPaper(params: ModulatorParams): PaperParams {
  const issues: ValidationIssue[] = [];
  collectReferenceIssues(params, issues);
  if (issues.length > 0) throw new ParamsValidationError(issues);

  const paper: PaperParams = { tb: [], td: [], b: [], d: [] };
  for (let k = 0; 2 * k < params.ts.length; k++) {
    paper.tb.push(params.ranges[2 * k] ?? Number.NaN);
    paper.td.push(params.ranges[2 * k + 1] ?? Number.NaN);
    paper.b.push(1 - (params.ts[2 * k] ?? Number.NaN));
    paper.d.push(1 + (params.ts[2 * k + 1] ?? Number.NaN));
  }

  return withAffine(paper, params);
}

function withAffine<T extends { scale?: number; bias?: number }>(target: T, source: { scale?: number; bias?: number }): T {
  if (source.scale !== undefined) target.scale = source.scale;
  if (source.bias !== undefined) target.bias = source.bias;
  return target;
}
