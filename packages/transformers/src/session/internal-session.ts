import type { SessionOptions } from './create-arguments.js';

/**
 * Tells transformers.js' own operator sessions from model sessions.
 *
 * transformers.js 4.3 builds its operators (top_k, matmul, slice, stft, rfft, interpolation) as
 * tiny ONNX graphs in TensorOpRegistry and creates them with `TensorOpRegistry.session_options`,
 * which is `{}` unless the application changes it, so their options carry no executionProviders.
 * Model sessions always get executionProviders from getSession (models/session.js).
 * These operator graphs contain no Softmax either, so if an application does set
 * executionProviders for them, the patch still finds nothing to change.
 */
export function isInternalOpSession(options: SessionOptions | undefined): boolean {
  return options?.executionProviders === undefined;
}
