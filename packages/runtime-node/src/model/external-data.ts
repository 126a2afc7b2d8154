import { promises as fs } from 'node:fs';
import path from 'node:path';

import { listExternalData, type ModelProto, ModelError } from '@multimax/onnx';
import { resolveExternalLocation } from '@multimax/onnx/node';
import type { InferenceSession } from 'onnxruntime-node';

import type { ModelSource } from './model-source.js';

/**
 * onnxruntime's session config entry for the folder that external initializers are read from when
 * the model is loaded from bytes. Checked with onnxruntime-node 1.30.0: without it, locations are
 * resolved against the working directory.
 */
export const EXTERNAL_INITIALIZERS_FOLDER_KEY = 'session.model_external_initializers_file_folder_path';

/**
 * Returns the session options with the model's folder as the external initializers folder, so the
 * patched bytes read their external data from next to the original model and nothing is written there.
 * A folder that the caller set in `extra` is kept. Models given as bytes get no folder.
 */
export function withExternalDataFolder(options: InferenceSession.SessionOptions, source: ModelSource): InferenceSession.SessionOptions {
  if (source.path === undefined || externalDataFolderOf(options) !== undefined) return options;
  return { ...options, extra: { ...options.extra, [EXTERNAL_INITIALIZERS_FOLDER_KEY]: path.dirname(source.path) } };
}

/** Returns the external initializers folder the caller set in `sessionOptions.extra`, flat or nested. */
export function externalDataFolderOf(options: InferenceSession.SessionOptions): string | undefined {
  const extra = options.extra as Record<string, unknown> | undefined;
  const flat = extra?.[EXTERNAL_INITIALIZERS_FOLDER_KEY];
  if (typeof flat === 'string') return flat;
  const nested = (extra?.session as Record<string, unknown> | undefined)?.model_external_initializers_file_folder_path;
  return typeof nested === 'string' ? nested : undefined;
}

/**
 * Checks that every external data file of a model given as a path is inside the model's folder and
 * long enough for its tensors. For model bytes with external data it requires the caller to name the
 * folder, since bytes carry no location.
 */
export async function checkExternalData(model: ModelProto, source: ModelSource, options: InferenceSession.SessionOptions): Promise<void> {
  const references = listExternalData(model);
  if (references.length === 0) return;

  if (source.path === undefined) {
    if (externalDataFolderOf(options) !== undefined) return;
    const first = references[0]?.location ?? '';
    throw new ModelError('external-data', `the model refers to external data (${JSON.stringify(first)}), which model bytes cannot locate; pass the model as a path, or set sessionOptions.extra['${EXTERNAL_INITIALIZERS_FOLDER_KEY}'] to the data's folder`, { file: source.label });
  }

  const sizes = new Map<string, number>();
  for (const reference of references) {
    const file = resolveExternalLocation(source.path, reference.location, source.label);
    const size = sizes.get(file) ?? (await fileSize(file, reference.location, reference.tensor, source.label));
    sizes.set(file, size);

    const end = reference.offset + (reference.length ?? 0);
    if (end > size) {
      throw new ModelError('external-data', `external data file ${JSON.stringify(reference.location)} has ${size} bytes, but tensor ${JSON.stringify(reference.tensor)} needs bytes up to ${end}; the file is truncated or belongs to another model`, { file: source.label });
    }
  }
}

async function fileSize(file: string, location: string, tensor: string, label: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch (error) {
    throw new ModelError('external-data', `external data file ${JSON.stringify(location)} of tensor ${JSON.stringify(tensor)} is missing; copy it next to the model`, { file: label, cause: error });
  }
}
