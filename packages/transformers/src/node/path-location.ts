import { access } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

import { DEFAULT_ONNX_SUBFOLDER, relativeInside } from '../location/model-folder.js';
import type { ModelLocation } from '../options.js';

/** The transformers.js env settings that decide where model files lie in Node. */
export interface PathSettings {
  localModelPath: string;
  cacheDir: string | null;
}

// The model file's folder and two above it cover transformers.js' `subfolder` option with up to two levels.
const FOLDERS_SEARCHED_FOR_CONFIG = 3;

/**
 * Tells the model id, folder and file name of a model file path. transformers.js 4.3 passes
 * onnxruntime-node `<localModelPath>/<model>/<subfolder>/<file>`, or the same below env.cacheDir
 * for downloaded files. The model folder is the nearest folder with a config.json, searched from
 * the file's folder upwards. Without one, it is the file's folder, or the folder above when that
 * is named "onnx". The model id is the folder relative to localModelPath or cacheDir, or the
 * folder's absolute path elsewhere.
 */
export async function locateModelPath(path: string, settings: PathSettings): Promise<ModelLocation> {
  const absolute = resolve(path);
  const folder = (await findConfigFolder(dirname(absolute))) ?? defaultFolder(dirname(absolute));
  const fileName = toPosix(relative(folder, absolute));

  const roots = [settings.localModelPath, settings.cacheDir].filter((root): root is string => typeof root === 'string' && root !== '');
  const modelId = roots.map((root) => relativeInside(toPosix(folder), toPosix(resolve(root)))).find((id) => id !== undefined) ?? folder;

  return { modelId, fileName, folder, source: absolute };
}

async function findConfigFolder(start: string): Promise<string | undefined> {
  let folder = start;
  for (let level = 0; level < FOLDERS_SEARCHED_FOR_CONFIG; level++) {
    if (await exists(join(folder, 'config.json'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return undefined;
}

function defaultFolder(directory: string): string {
  return basename(directory) === DEFAULT_ONNX_SUBFOLDER ? dirname(directory) : directory;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
