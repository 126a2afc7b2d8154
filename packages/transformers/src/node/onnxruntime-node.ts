import { createRequire } from 'node:module';

import type { TransformersEnv } from '../options.js';
import { assertSameRuntime, globalRuntime, type OnnxRuntimeModule } from '../runtime-check.js';

/**
 * Returns the onnxruntime-node module that transformers.js creates sessions with. transformers.js
 * 4.3 loads it with `createRequire(<its dist file>)('onnxruntime-node')` (backends/onnx-node.js),
 * so requiring it from the same folder returns the same instance from Node's module cache.
 */
export function transformersNodeRuntime(env: TransformersEnv): OnnxRuntimeModule {
  const runtime = globalRuntime() ?? loadFromTransformersFolder();
  assertSameRuntime(
    env,
    runtime,
    'Pass installMultiMax the `env` of the transformers.js that loads the models, and load both from the same installation of @huggingface/transformers.',
  );
  return runtime;
}

function loadFromTransformersFolder(): OnnxRuntimeModule {
  const requireFromHere = createRequire(import.meta.url);
  const transformersEntry = requireFromHere.resolve('@huggingface/transformers');
  return createRequire(transformersEntry)('onnxruntime-node') as OnnxRuntimeModule;
}
