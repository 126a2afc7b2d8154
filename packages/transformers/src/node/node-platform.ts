import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Platform } from '../installation.js';
import type { ModelLocation, TransformersEnv } from '../options.js';
import { MODEL_PARAMS_FILE_NAME, type ParamsTextReader } from '../params/params-resolver.js';
import type { SessionOptions } from '../session/create-arguments.js';
import type { InferenceSessionClass } from '../session/session-hook.js';
import { locateModelPath } from './path-location.js';

/**
 * onnxruntime's session config key for the folder of external initializer files, which it needs
 * when a model with external data is loaded from bytes rather than from its path.
 */
export const EXTERNAL_INITIALIZERS_FOLDER_KEY = 'model_external_initializers_file_folder_path';

export function createNodePlatform(sessionClass: InferenceSessionClass, env: TransformersEnv): Platform {
  return {
    sessionClass,
    reader: nodeParamsReader,

    async locate(input) {
      if (input.kind !== 'path') return undefined;
      return locateModelPath(input.path, { localModelPath: env.localModelPath, cacheDir: env.cacheDir });
    },

    async readBytes(input) {
      return input.kind === 'path' ? new Uint8Array(await readFile(input.path)) : input.bytes;
    },

    optionsForPatchedBytes(input, options, patched) {
      if (input.kind !== 'path' || !patched.hasExternalData) return options;
      return withExternalInitializersFolder(options, dirname(input.path));
    },

    dispose() {},
  };
}

/** Adds the external initializers folder to `extra.session`, unless the caller already set one. */
function withExternalInitializersFolder(options: SessionOptions | undefined, folder: string): SessionOptions {
  const extra = options?.extra ?? {};
  const session = (extra.session ?? {}) as Record<string, unknown>;
  if (session[EXTERNAL_INITIALIZERS_FOLDER_KEY] !== undefined) return options ?? {};
  return { ...options, extra: { ...extra, session: { ...session, [EXTERNAL_INITIALIZERS_FOLDER_KEY]: folder } } };
}

const nodeParamsReader: ParamsTextReader = {
  async readRequired(pathOrUrl) {
    if (/^https?:\/\//i.test(pathOrUrl)) {
      const response = await fetch(pathOrUrl);
      if (!response.ok) throw new Error(`Failed to fetch MultiMax params ${pathOrUrl}: HTTP ${response.status} ${response.statusText}`);
      return response.text();
    }

    const path = pathOrUrl.startsWith('file:') ? fileURLToPath(pathOrUrl) : pathOrUrl;
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const displayedPath = isAbsolute(path) ? path : `${path} (relative to ${process.cwd()})`;
      throw new Error(`Failed to read MultiMax params file ${displayedPath}: ${reason}`, { cause: error });
    }
  },

  async readModelParams(location: ModelLocation) {
    try {
      return await readFile(join(location.folder, MODEL_PARAMS_FILE_NAME), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
};
