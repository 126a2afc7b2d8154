// Node entry of @multimax/transformers: hooks the onnxruntime-node module that transformers.js uses.
import { env as transformersEnv } from '@huggingface/transformers';

import { installWithPlatform } from '../installation.js';
import type { InstallOptions, MultiMaxInstallation } from '../options.js';
import { createNodePlatform } from './node-platform.js';
import { transformersNodeRuntime } from './onnxruntime-node.js';

export { MultiMaxLogitsProcessor } from '../logits/multimax-logits-processor.js';
export { MODEL_PARAMS_FILE_NAME } from '../params/params-resolver.js';
export type {
  InstallOptions,
  ModelLocation,
  MultiMaxInstallation,
  ParamsOrigin,
  ParamsResolver,
  ParamsValue,
  SessionReport,
  TransformersEnv,
} from '../options.js';

/**
 * Patches every model session that transformers.js creates from now on with MultiMax, until
 * uninstall(). Model files are read, patched in memory and handed to onnxruntime-node as bytes.
 * Throws when `options.params` is invalid, or when transformers.js uses another onnxruntime-node
 * instance than the one this package can reach.
 */
export function installMultiMax(options: InstallOptions = {}): MultiMaxInstallation {
  const env = options.env ?? transformersEnv;
  const runtime = transformersNodeRuntime(env);
  return installWithPlatform(options, createNodePlatform(runtime.InferenceSession, env));
}
