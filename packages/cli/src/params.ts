import { promises as fs } from 'node:fs';

import { type ParamsFile, parseParamsFile } from '@multimax/core';
import { ModelError } from '@multimax/onnx';

/** Reads and validates a params file; every invalid field is listed in one ParamsValidationError. */
export async function readParamsFile(file: string): Promise<ParamsFile> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new ModelError('params', `cannot read the params file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the --params path`, { file, cause: error });
  }
  return parseParamsFile(text, file);
}
