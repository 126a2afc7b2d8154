import { ModelError } from '@multimax/onnx';

type OnnxRuntime = typeof import('onnxruntime-node');

/**
 * Loads onnxruntime-node on demand: only `multimax verify` needs it, so the CLI installs and
 * patches without the runtime, which is an optional peer dependency.
 */
export async function loadOnnxRuntime(): Promise<OnnxRuntime> {
  try {
    return await import('onnxruntime-node');
  } catch (error) {
    throw new ModelError('unsupported', `multimax verify needs onnxruntime-node, which failed to load (${(error as Error).message}); install it with: npm install onnxruntime-node`, { cause: error });
  }
}
