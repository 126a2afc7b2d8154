/**
 * The MultiMax params file, version 1: a JSON object that assigns modulator params to Softmax
 * nodes of a model.
 *
 *   { "format": "multimax-params", "version": 1, "description": "...", "targets": [
 *     { "select": { "kind": "attention", "layer": 0 }, "ranges": [-1.2, 0.8], "ts": [-0.9, -0.3] },
 *     { "select": { "node": "p2o.Softmax.1" }, "tb": [-1], "td": [1], "b": [1.5], "d": [0.8], "comment": "..." } ] }
 *
 * Each target takes params in either notation. A Softmax node takes the first matching target,
 * and nodes that no target matches stay unchanged.
 */

import { paperToReference, referenceToPaper } from './convert.js';
import { normalizeParams } from './normalize.js';
import { type AnyParams, type ModulatorParams, ParamsValidationError, type ValidationIssue } from './params.js';
import { collectParamsIssues, describeValue, isPlainObject, joinPath } from './validate.js';

/** Role of a Softmax node: attention probabilities, the model's output distribution, or anything else. */
export type SoftmaxKind = 'attention' | 'output' | 'other';

/**
 * Selector of Softmax nodes. Every field that is set must match. `layer` counts the Softmax nodes
 * of `kind` from 0 in topological order, so it requires `kind`. `node` is an exact node name.
 */
export interface TargetSelector {
  kind?: 'attention' | 'output';
  layer?: number;
  node?: string;
}

export interface ParamsTarget {
  select: TargetSelector;
  params: ModulatorParams;
  comment?: string;
}

export interface ParamsFile {
  format: 'multimax-params';
  version: 1;
  description?: string;
  targets: ParamsTarget[];
}

const FORMAT = 'multimax-params';
const VERSION = 1;
const FILE_KEYS = ['format', 'version', 'description', 'targets'];
const TARGET_KEYS = ['select', 'comment'];
const SELECT_KEYS = ['kind', 'layer', 'node'];
const SELECTABLE_KINDS = ['attention', 'output'];

/**
 * Parses and validates a params file given as JSON text or as an already parsed value.
 *
 * Throws one ParamsValidationError that lists every invalid field by JSON path, such as
 * `targets[1].ts[2]`. A JSON syntax error becomes a ParamsValidationError too. `source`, such as a
 * file name, prefixes the message.
 */
export function parseParamsFile(input: unknown, source?: string): ParamsFile {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      // A UTF-8 byte order mark is valid in a file but not in JSON.parse input.
      value = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ParamsValidationError([{ path: '', message: `invalid JSON: ${reason}` }], source);
    }
  }

  const issues: ValidationIssue[] = [];
  const file = collectFileIssues(value, issues);
  if (file === undefined || issues.length > 0) throw new ParamsValidationError(issues, source);
  return file;
}

function collectFileIssues(value: unknown, issues: ValidationIssue[]): ParamsFile | undefined {
  if (!isPlainObject(value)) {
    issues.push({ path: '', message: `expected an object with format, version and targets, got ${describeValue(value)}` });
    return undefined;
  }

  for (const key of Object.keys(value)) {
    if (!FILE_KEYS.includes(key)) {
      issues.push({ path: joinPath('', key), message: `unknown field; expected one of ${FILE_KEYS.join(', ')}` });
    }
  }

  if (value.format === undefined) {
    issues.push({ path: 'format', message: `missing; expected "${FORMAT}"` });
  } else if (value.format !== FORMAT) {
    issues.push({ path: 'format', message: `expected "${FORMAT}", got ${describeValue(value.format)}` });
  }

  if (value.version === undefined) {
    issues.push({ path: 'version', message: `missing; expected ${VERSION}` });
  } else if (value.version !== VERSION) {
    issues.push({
      path: 'version',
      message: `unsupported version ${describeValue(value.version)}; this version of @multimax/core reads only version ${VERSION}`,
    });
  }

  const description = value.description;
  if (description !== undefined && typeof description !== 'string') {
    issues.push({ path: 'description', message: `expected a string, got ${describeValue(description)}` });
  }

  const targets: ParamsTarget[] = [];
  if (value.targets === undefined) {
    issues.push({ path: 'targets', message: 'missing; expected an array of targets' });
  } else if (!Array.isArray(value.targets)) {
    issues.push({ path: 'targets', message: `expected an array of targets, got ${describeValue(value.targets)}` });
  } else {
    value.targets.forEach((entry: unknown, index) => {
      const target = collectTargetIssues(entry, joinPath('targets', index), issues);
      if (target !== undefined) targets.push(target);
    });
  }

  const file: ParamsFile = { format: FORMAT, version: VERSION, targets };
  if (typeof description === 'string') file.description = description;
  return file;
}

function collectTargetIssues(value: unknown, path: string, issues: ValidationIssue[]): ParamsTarget | undefined {
  if (!isPlainObject(value)) {
    issues.push({ path, message: `expected an object with select and params, got ${describeValue(value)}` });
    return undefined;
  }

  const select = collectSelectorIssues(value.select, joinPath(path, 'select'), issues);

  const comment = value.comment;
  if (comment !== undefined && typeof comment !== 'string') {
    issues.push({ path: joinPath(path, 'comment'), message: `expected a string, got ${describeValue(comment)}` });
  }

  const checked = collectParamsIssues(value, path, issues, TARGET_KEYS);
  if (select === undefined || checked === undefined) return undefined;

  const params = checked.notation === 'paper' ? paperToReference(checked.params) : checked.params;
  const target: ParamsTarget = { select, params };
  if (typeof comment === 'string') target.comment = comment;
  return target;
}

function collectSelectorIssues(value: unknown, path: string, issues: ValidationIssue[]): TargetSelector | undefined {
  if (value === undefined) {
    issues.push({ path, message: 'missing; expected an object with kind, layer or node' });
    return undefined;
  }
  if (!isPlainObject(value)) {
    issues.push({ path, message: `expected an object with kind, layer or node, got ${describeValue(value)}` });
    return undefined;
  }

  const issueCountBefore = issues.length;
  for (const key of Object.keys(value)) {
    if (!SELECT_KEYS.includes(key)) {
      issues.push({ path: joinPath(path, key), message: `unknown field; expected one of ${SELECT_KEYS.join(', ')}` });
    }
  }

  const { kind, layer, node } = value;
  if (kind === undefined && layer === undefined && node === undefined) {
    issues.push({ path, message: 'is empty; set kind ("attention" or "output"), layer with kind, or node' });
  }
  if (kind !== undefined && (typeof kind !== 'string' || !SELECTABLE_KINDS.includes(kind))) {
    issues.push({ path: joinPath(path, 'kind'), message: `expected "attention" or "output", got ${describeValue(kind)}` });
  }
  if (layer !== undefined && (typeof layer !== 'number' || !Number.isInteger(layer) || layer < 0)) {
    issues.push({ path: joinPath(path, 'layer'), message: `expected a non-negative integer, got ${describeValue(layer)}` });
  } else if (layer !== undefined && kind === undefined) {
    issues.push({
      path: joinPath(path, 'layer'),
      message: 'requires kind, because layer counts the Softmax nodes of one kind; add kind "attention" or "output"',
    });
  }
  if (node !== undefined && (typeof node !== 'string' || node === '')) {
    issues.push({ path: joinPath(path, 'node'), message: `expected a non-empty node name, got ${describeValue(node)}` });
  }

  if (issues.length > issueCountBefore) return undefined;

  const selector: TargetSelector = {};
  if (kind !== undefined) selector.kind = kind as 'attention' | 'output';
  if (layer !== undefined) selector.layer = layer as number;
  if (node !== undefined) selector.node = node as string;
  return selector;
}

/**
 * Serializes a params file as pretty JSON with a trailing newline, in reference (default) or paper
 * notation. The file is validated first, so the output always parses with parseParamsFile.
 * Reference notation round-trips exactly. Paper notation round-trips up to the float64 rounding
 * of 1 − x.
 */
export function serializeParamsFile(file: ParamsFile, notation: 'reference' | 'paper' = 'reference'): string {
  const json: Record<string, unknown> = { format: FORMAT, version: VERSION };
  if (file.description !== undefined) json.description = file.description;

  const targetsToJson = (convert: (params: ModulatorParams) => object) =>
    file.targets.map((target) => {
      const entry: Record<string, unknown> = { select: target.select, ...convert(target.params) };
      if (target.comment !== undefined) entry.comment = target.comment;
      return entry;
    });

  // Validating in reference notation first makes issue paths name the target, e.g. targets[2].ts[1].
  json.targets = targetsToJson((params) => params);
  parseParamsFile(json, 'serializeParamsFile');
  if (notation === 'paper') json.targets = targetsToJson(referenceToPaper);

  // Number arrays go on one line, e.g. "ts": [-1, 0.1], which keeps params readable.
  const pretty = JSON.stringify(json, null, 2).replace(/\[\s+([-+\d.eE,\s]+?)\s+\]/g, (_match, inner: string) => {
    return `[${inner.split(/,\s*/).join(', ')}]`;
  });
  return `${pretty}\n`;
}

/**
 * Returns the first target whose selector matches the Softmax node, or undefined when none does.
 * `softmax.layer` is the node's index among the Softmax nodes of its kind, in topological order.
 */
export function selectTarget(
  file: ParamsFile,
  softmax: { name: string; kind: SoftmaxKind; layer: number },
): ParamsTarget | undefined {
  return file.targets.find(({ select }) => {
    if (select.node !== undefined && select.node !== softmax.name) return false;
    if (select.kind !== undefined && select.kind !== softmax.kind) return false;
    if (select.layer !== undefined && select.layer !== softmax.layer) return false;
    return true;
  });
}

/** Builds a file that applies the same params to every Softmax node of `kind` (default "attention"). */
export function uniformParamsFile(params: AnyParams, kind: 'attention' | 'output' = 'attention'): ParamsFile {
  return {
    format: FORMAT,
    version: VERSION,
    targets: [{ select: { kind }, params: normalizeParams(params) }],
  };
}
