import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';

import { decodeModel, encodeModel, patchModel } from '@multimax/onnx';
import { readModelFile, writeModelFile } from '@multimax/onnx/node';

import { patchingParams } from './params.js';

/** `memory`: decodeModel and encodeModel on bytes already read. `files`: readModelFile and writeModelFile. */
export type PatchingApi = 'memory' | 'files';
/** `patch` runs patchModel between loading and saving; `plain` only loads and saves. */
export type PatchingOperation = 'patch' | 'plain';

/**
 * Prepares one load-(patch-)save operation on a model, returning the action to time and a cleanup
 * to run after it, outside the timing. Files are written next to the input, so external data is
 * referenced in place rather than copied. The cleanup removes the written file.
 */
export function prepareOperation(modelPath: string, api: PatchingApi, operation: PatchingOperation): { run: () => Promise<number>; cleanup: () => Promise<void> } {
  const params = patchingParams();

  if (api === 'memory') {
    const bytes = new Uint8Array(readFileSync(modelPath));
    return {
      run: async () => {
        const model = decodeModel(bytes, modelPath);
        const patched = operation === 'patch' ? patchModel(model, params).patched : 0;
        encodeModel(model);
        return patched;
      },
      cleanup: async () => {},
    };
  }

  const output = path.join(path.dirname(modelPath), `.bench-${operation}-${process.pid}.onnx`);
  return {
    run: async () => {
      const loaded = await readModelFile(modelPath);
      const patched = operation === 'patch' ? patchModel(loaded.model, params).patched : 0;
      await writeModelFile(output, loaded.model, { sourcePath: loaded.path, externalData: loaded.externalData });
      return patched;
    },
    cleanup: () => fs.rm(output, { force: true }),
  };
}
