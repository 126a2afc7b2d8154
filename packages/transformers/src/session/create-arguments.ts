// The InferenceSession.create overloads of onnxruntime-common 1.30/1.31 that transformers.js uses.

/** Session options as onnxruntime takes them; only the fields the plugin reads or sets are typed. */
export interface SessionOptions {
  executionProviders?: unknown[];
  extra?: Record<string, unknown>;
  [option: string]: unknown;
}

export type ModelInput = { kind: 'path'; path: string } | { kind: 'bytes'; bytes: Uint8Array };

export interface CreateCall {
  input: ModelInput;
  options: SessionOptions | undefined;
}

/**
 * Reads `create(path, options?)`, `create(bytes, options?)` and `create(arrayBuffer, options?)`.
 * Returns undefined for the `create(buffer, byteOffset, byteLength?, options?)` form, which
 * transformers.js never uses; such calls pass through unchanged.
 */
export function parseCreateArguments(args: readonly unknown[]): CreateCall | undefined {
  const [model, options] = args;
  if (args.length > 2 || !isOptionsArgument(options)) return undefined;

  if (typeof model === 'string') return { input: { kind: 'path', path: model }, options };
  if (model instanceof Uint8Array) return { input: { kind: 'bytes', bytes: model }, options };
  if (model instanceof ArrayBuffer) return { input: { kind: 'bytes', bytes: new Uint8Array(model) }, options };
  return undefined;
}

function isOptionsArgument(value: unknown): value is SessionOptions | undefined {
  return value === undefined || (typeof value === 'object' && value !== null);
}
