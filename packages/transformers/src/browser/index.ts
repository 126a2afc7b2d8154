// Browser entry of @multimax/transformers: hooks the onnxruntime-web/webgpu module that the web
// build of transformers.js (dist/transformers.web.js) imports. Imports no node: modules.
import { env as transformersEnv } from '@huggingface/transformers';
import * as onnxruntimeWeb from 'onnxruntime-web/webgpu';

import { installWithPlatform } from '../installation.js';
import type { InstallOptions, MultiMaxInstallation } from '../options.js';
import { assertSameRuntime, globalRuntime, type OnnxRuntimeModule } from '../runtime-check.js';
import { createBrowserPlatform } from './browser-platform.js';

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

const CDN_BUILD_HINT =
  'The CDN builds of transformers.js (transformers.min.js, transformers.js) bundle their own onnxruntime-web, which no plugin can reach. ' +
  'Install @huggingface/transformers and onnxruntime-web from npm and bundle them with your application, so that transformers.js imports onnxruntime-web/webgpu, and pass its `env` to installMultiMax.';

/**
 * Patches every model session that transformers.js creates from now on with MultiMax, until
 * uninstall(), on every device (webgpu, wasm, webnn). Throws when `options.params` is invalid, or
 * when the transformers.js of `options.env` runs another onnxruntime-web than the one this package
 * imports, as the CDN builds do.
 */
export function installMultiMax(options: InstallOptions = {}): MultiMaxInstallation {
  const env = options.env ?? transformersEnv;
  const runtime = globalRuntime() ?? (onnxruntimeWeb as unknown as OnnxRuntimeModule);
  assertSameRuntime(env, runtime, CDN_BUILD_HINT);
  return installWithPlatform(options, createBrowserPlatform(runtime.InferenceSession, env));
}
