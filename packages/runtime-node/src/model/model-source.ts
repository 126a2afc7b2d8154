import { promises as fs } from 'node:fs';
import path from 'node:path';

import { ModelError } from '@multimax/onnx';

/** The model to patch: its bytes and, for a model given as a path, where it lives. */
export interface ModelSource {
  bytes: Uint8Array;
  /** Absolute path of the model file; undefined for a model given as bytes. */
  path: string | undefined;
  /** Name for messages: the path as given, or 'model bytes'. */
  label: string;
}

export async function readModelSource(model: string | Uint8Array): Promise<ModelSource> {
  if (typeof model !== 'string') return { bytes: model, path: undefined, label: 'model bytes' };

  const absolute = path.resolve(model);
  try {
    const buffer = await fs.readFile(absolute);
    return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), path: absolute, label: model };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ModelError('io', `cannot read the model (${reason}); check the path`, { file: model, cause: error });
  }
}
