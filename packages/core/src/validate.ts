/**
 * Field checks shared by normalizeParams, the converters and the params-file parser. Each check
 * appends to an issue list instead of throwing, so one error can report every invalid field.
 */

import type { ModulatorParams, PaperParams, ValidationIssue } from './params.js';

export const REFERENCE_KEYS = ['ranges', 'ts'] as const;
export const PAPER_KEYS = ['tb', 'td', 'b', 'd'] as const;
export const AFFINE_KEYS = ['scale', 'bias'] as const;

const REFERENCE_LENGTH_HINT = '2 numbers (first order) or 4 (second order)';
const PAPER_LENGTH_HINT = '1 number (first order) or 2 (second order)';

/** Params fields checked but not yet converted, tagged with the notation they were written in. */
export type CheckedParams =
  | { notation: 'reference'; params: ModulatorParams }
  | { notation: 'paper'; params: PaperParams };

/** Appends `key` to a JSON path, in dot form for identifiers and bracket form otherwise. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;

  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (path === '' || segment.startsWith('[')) return `${path}${segment}`;
  return `${path}.${segment}`;
}

/** Describes a JSON value for an error message, e.g. `string "abc"` or `NaN`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') {
    const excerpt = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `string ${JSON.stringify(excerpt)}`;
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function formatEntryCount(count: number): string {
  return count === 1 ? '1 entry' : `${count} entries`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks an optional finite number such as scale or bias. */
export function checkOptionalFiniteNumber(
  record: Record<string, unknown>,
  key: string,
  path: string,
  issues: ValidationIssue[],
): number | undefined {
  const value = record[key];
  if (value === undefined) return undefined;

  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ path: joinPath(path, key), message: `expected a finite number, got ${describeValue(value)}` });
    return undefined;
  }
  return value;
}

/** Checks that `record[key]` is an array of finite numbers whose length is one of `allowedLengths`. */
function checkNumberArray(
  record: Record<string, unknown>,
  key: string,
  path: string,
  allowedLengths: readonly number[],
  lengthHint: string,
  issues: ValidationIssue[],
): number[] | undefined {
  const fieldPath = joinPath(path, key);
  const value = record[key];

  if (value === undefined) {
    issues.push({ path: fieldPath, message: `missing; expected an array of ${lengthHint}` });
    return undefined;
  }
  if (!Array.isArray(value)) {
    issues.push({ path: fieldPath, message: `expected an array of ${lengthHint}, got ${describeValue(value)}` });
    return undefined;
  }

  const issueCountBefore = issues.length;
  if (!allowedLengths.includes(value.length)) {
    issues.push({ path: fieldPath, message: `expected ${lengthHint}, got ${formatEntryCount(value.length)}` });
  }

  value.forEach((entry: unknown, index) => {
    if (typeof entry !== 'number' || !Number.isFinite(entry)) {
      issues.push({ path: joinPath(fieldPath, index), message: `expected a finite number, got ${describeValue(entry)}` });
    }
  });

  return issues.length === issueCountBefore ? (value as number[]).slice() : undefined;
}

/**
 * Checks one params object in either notation and returns its fields, or undefined when it added
 * issues. Keys in `extraKeys` belong to an enclosing structure (a params-file target) and are skipped.
 */
export function collectParamsIssues(
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  extraKeys: readonly string[] = [],
): CheckedParams | undefined {
  if (!isPlainObject(value)) {
    issues.push({
      path,
      message: `expected an object with ranges and ts (or tb, td, b and d), got ${describeValue(value)}`,
    });
    return undefined;
  }

  const issueCountBefore = issues.length;
  const hasReferenceKeys = REFERENCE_KEYS.some((key) => key in value);
  const hasPaperKeys = PAPER_KEYS.some((key) => key in value);

  const knownKeys: readonly string[] = [...REFERENCE_KEYS, ...PAPER_KEYS, ...AFFINE_KEYS, ...extraKeys];
  for (const key of Object.keys(value)) {
    if (!knownKeys.includes(key)) {
      issues.push({ path: joinPath(path, key), message: `unknown field; expected one of ${knownKeys.join(', ')}` });
    }
  }

  const scale = checkOptionalFiniteNumber(value, 'scale', path, issues);
  const bias = checkOptionalFiniteNumber(value, 'bias', path, issues);

  let checked: CheckedParams | undefined;
  if (hasReferenceKeys && hasPaperKeys) {
    issues.push({
      path,
      message: 'mixes reference notation (ranges, ts) with paper notation (tb, td, b, d); use one notation',
    });

    // Which notation was meant is unknown, so only the fields present get their own checks.
    for (const key of REFERENCE_KEYS.filter((k) => k in value)) {
      checkNumberArray(value, key, path, [2, 4], REFERENCE_LENGTH_HINT, issues);
    }
    for (const key of PAPER_KEYS.filter((k) => k in value)) {
      checkNumberArray(value, key, path, [1, 2], PAPER_LENGTH_HINT, issues);
    }
  } else if (hasPaperKeys) {
    const paper = collectPaperFields(value, path, issues);
    if (paper !== undefined) checked = { notation: 'paper', params: paper };
  } else if (hasReferenceKeys) {
    const reference = collectReferenceFields(value, path, issues);
    if (reference !== undefined) checked = { notation: 'reference', params: reference };
  } else {
    issues.push({
      path,
      message: 'missing modulator params; expected ranges and ts (reference notation) or tb, td, b and d (paper notation)',
    });
  }

  if (checked === undefined || issues.length > issueCountBefore) return undefined;

  if (scale !== undefined) checked.params.scale = scale;
  if (bias !== undefined) checked.params.bias = bias;
  return checked;
}

function collectReferenceFields(
  record: Record<string, unknown>,
  path: string,
  issues: ValidationIssue[],
): ModulatorParams | undefined {
  const ranges = checkNumberArray(record, 'ranges', path, [2, 4], REFERENCE_LENGTH_HINT, issues);
  const ts = checkNumberArray(record, 'ts', path, [2, 4], REFERENCE_LENGTH_HINT, issues);
  if (ranges === undefined || ts === undefined) return undefined;

  if (ranges.length !== ts.length) {
    issues.push({
      path: joinPath(path, 'ts'),
      message: `has ${formatEntryCount(ts.length)} but ranges has ${ranges.length}; ranges and ts must have the same length`,
    });
    return undefined;
  }
  return { ranges, ts };
}

function collectPaperFields(
  record: Record<string, unknown>,
  path: string,
  issues: ValidationIssue[],
): PaperParams | undefined {
  const tb = checkNumberArray(record, 'tb', path, [1, 2], PAPER_LENGTH_HINT, issues);
  const td = checkNumberArray(record, 'td', path, [1, 2], PAPER_LENGTH_HINT, issues);
  const b = checkNumberArray(record, 'b', path, [1, 2], PAPER_LENGTH_HINT, issues);
  const d = checkNumberArray(record, 'd', path, [1, 2], PAPER_LENGTH_HINT, issues);
  if (tb === undefined || td === undefined || b === undefined || d === undefined) return undefined;

  const issueCountBefore = issues.length;
  const others: [string, number[]][] = [['td', td], ['b', b], ['d', d]];
  for (const [key, array] of others) {
    if (array.length !== tb.length) {
      issues.push({
        path: joinPath(path, key),
        message: `has ${formatEntryCount(array.length)} but tb has ${tb.length}; tb, td, b and d must have the same length`,
      });
    }
  }
  return issues.length === issueCountBefore ? { tb, td, b, d } : undefined;
}

/**
 * Checks typed reference params before math or conversion. The TypeScript type fixes neither the
 * array lengths nor finiteness, so these still need a runtime check.
 */
export function collectReferenceIssues(params: ModulatorParams, issues: ValidationIssue[]): void {
  const record = params as unknown as Record<string, unknown>;
  collectReferenceFields(record, '', issues);
  checkOptionalFiniteNumber(record, 'scale', '', issues);
  checkOptionalFiniteNumber(record, 'bias', '', issues);
}

/** Checks typed paper params before conversion, like collectReferenceIssues. */
export function collectPaperIssues(params: PaperParams, issues: ValidationIssue[]): void {
  const record = params as unknown as Record<string, unknown>;
  collectPaperFields(record, '', issues);
  checkOptionalFiniteNumber(record, 'scale', '', issues);
  checkOptionalFiniteNumber(record, 'bias', '', issues);
}
