import { promises as fs } from 'node:fs';

import { type AnyParams, type ParamsFile, parseParamsFile, uniformParamsFile } from '@multimax/core';
import { ModelError } from '@multimax/onnx';

/** A params file, a params file's path, or one params object that applies to every attention Softmax. */
export type ParamsInput = ParamsFile | AnyParams | string;

/**
 * Reads and validates the params option into a params file in reference notation. An object with
 * `format` or `targets` is a params file; any other object is one set of params for all attention
 * layers. Invalid params raise ParamsValidationError listing every invalid field.
 */
export async function resolveParams(input: ParamsInput): Promise<ParamsFile> {
  if (typeof input === 'string') return parseParamsFile(await readParamsText(input), input);
  if (typeof input === 'object' && input !== null && ('format' in input || 'targets' in input)) return parseParamsFile(toFileShape(input), 'options.params');
  return uniformParamsFile(input, 'attention');
}

/**
 * Moves each target's `params` object, as a parsed ParamsFile has it, into the target itself, as
 * the JSON file has it, so parseParamsFile validates both shapes.
 */
function toFileShape(input: object): unknown {
  const targets = (input as { targets?: unknown }).targets;
  if (!Array.isArray(targets)) return input;

  const flattened = targets.map((target: unknown) => {
    if (typeof target !== 'object' || target === null || !('params' in target) || typeof target.params !== 'object') return target;
    const { params, ...rest } = target as { params: object };
    return { ...rest, ...params };
  });
  return { ...input, targets: flattened };
}

async function readParamsText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ModelError('params', `cannot read the params file (${reason}); check options.params`, { file, cause: error });
  }
}
