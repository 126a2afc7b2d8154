import { normalizeParams, type ParamsFile, ParamsValidationError, parseParamsFile, uniformParamsFile } from '@multimax/core';

/**
 * Turns a params value into a validated params file. A value with `format` or `targets` is read as
 * a params file, either as parseParamsFile returns it (targets with `params`) or in the JSON form
 * (params fields inside each target). Anything else is one params object for every attention
 * Softmax. Throws ParamsValidationError that names `source`.
 */
export function toParamsFile(value: unknown, source: string): ParamsFile {
  if (typeof value === 'object' && value !== null && ('format' in value || 'targets' in value)) {
    return parseParamsFile(toJsonForm(value), source);
  }

  try {
    return uniformParamsFile(normalizeParams(value), 'attention');
  } catch (error) {
    if (error instanceof ParamsValidationError) throw new ParamsValidationError(error.issues, source);
    throw error;
  }
}

/** Parses params file text (JSON) into a validated params file, naming `source` in errors. */
export function parseParamsText(text: string, source: string): ParamsFile {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ParamsValidationError([{ path: '', message: `invalid JSON: ${reason}` }], source);
  }
  return toParamsFile(value, source);
}

/** Moves the `params` of parsed targets into the target, as the JSON form has them; other targets stay as they are. */
function toJsonForm(file: object): unknown {
  const targets = (file as { targets?: unknown }).targets;
  if (!Array.isArray(targets)) return file;

  const flattened = targets.map((target: unknown) => {
    if (typeof target !== 'object' || target === null || !('params' in target)) return target;
    const { params, ...rest } = target as { params: unknown };
    return typeof params === 'object' && params !== null ? { ...rest, ...params } : target;
  });
  return { ...file, targets: flattened };
}
