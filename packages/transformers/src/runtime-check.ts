import type { TransformersEnv } from './options.js';
import type { InferenceSessionClass } from './session/session-hook.js';

/** The parts of an onnxruntime module (onnxruntime-node or onnxruntime-web) the plugin uses. */
export interface OnnxRuntimeModule {
  InferenceSession: InferenceSessionClass;
  env: { wasm?: object };
}

/** transformers.js 4.3 uses the onnxruntime module stored under this global symbol instead of its own, when one is (backends/onnx.js). */
export const GLOBAL_RUNTIME_SYMBOL = Symbol.for('onnxruntime');

/** Returns the onnxruntime module registered under Symbol.for('onnxruntime'), if any. */
export function globalRuntime(): OnnxRuntimeModule | undefined {
  return (globalThis as Record<symbol, unknown>)[GLOBAL_RUNTIME_SYMBOL] as OnnxRuntimeModule | undefined;
}

/**
 * Checks that `runtime` is the onnxruntime module that the transformers.js of `env` creates its
 * sessions with. transformers.js exposes `{ ...ort.env }` as env.backends.onnx, which shares the
 * `wasm` settings object with the module's own env, so equal objects mean one module instance.
 */
export function assertSameRuntime(env: TransformersEnv, runtime: OnnxRuntimeModule, hint: string): void {
  if (typeof runtime.InferenceSession?.create !== 'function') {
    throw new Error(`MultiMax cannot hook onnxruntime: the module has no InferenceSession.create. ${hint}`);
  }

  const transformersWasmSettings = (env.backends?.onnx as { wasm?: object } | undefined)?.wasm;
  if (transformersWasmSettings === undefined || transformersWasmSettings !== runtime.env?.wasm) {
    throw new Error(`MultiMax cannot hook the sessions of this transformers.js: it runs a different copy of onnxruntime than the one MultiMax patches. ${hint}`);
  }
}
