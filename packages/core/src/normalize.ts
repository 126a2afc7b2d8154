import { paperToReference } from './convert.js';
import { type ModulatorParams, ParamsValidationError, type ValidationIssue } from './params.js';
import { collectParamsIssues } from './validate.js';

/**
 * Validates params in either notation and returns a fresh copy in reference notation.
 *
 * Throws ParamsValidationError listing every invalid field: wrong array lengths, a length mismatch
 * between arrays, NaN or ±Infinity, non-numbers, unknown keys and mixed notations. `path` prefixes
 * each issue path, e.g. `targets[0]` gives `targets[0].ts[1]`.
 */
export function normalizeParams(input: unknown, path = ''): ModulatorParams {
  const issues: ValidationIssue[] = [];
  const checked = collectParamsIssues(input, path, issues);
  if (checked === undefined || issues.length > 0) throw new ParamsValidationError(issues);

  return checked.notation === 'paper' ? paperToReference(checked.params) : checked.params;
}
